/**
 * The content pipeline: the chapter schema, citations, equation references and math,
 * checked on small MDX documents and on every real chapter.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { REFERENCES } from '../../content/references';
import { chapterSchema } from '../../src/lib/chapter-schema';
import { remarkCitations } from '../../src/lib/remark-citations';
import { remarkEquations } from '../../src/lib/remark-equations';
import { remarkMathCheck } from '../../src/lib/remark-math-check';

const CHAPTERS = join(import.meta.dirname, '..', '..', 'content', 'chapters');
const valid = { title: 'A chapter', order: 1, summary: 'What it says.', readingTime: 5 };

/** Frontmatter of a chapter file: `key: value` lines between the first two `---`. */
function splitChapter(text: string): { frontmatter: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no frontmatter');
  const frontmatter: Record<string, unknown> = {};
  for (const line of (match[1] as string).split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const raw = line.slice(colon + 1).trim();
    frontmatter[key] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  // Keep line numbers true: blank lines where the frontmatter was.
  const blank = '\n'.repeat(match[0].split('\n').length - 1);
  return { frontmatter, body: blank + text.slice(match[0].length) };
}

interface Compiled {
  citations: string[];
  code: string;
}

/** Compile MDX through the site's remark plugins (no Astro), as the build does. */
async function compileChapter(
  body: string,
  frontmatter: Record<string, unknown>,
  path = 'test.mdx',
): Promise<Compiled> {
  const file = new VFile({ path, value: body, data: { astro: { frontmatter: { ...frontmatter } } } });
  const out = await compile(file, { remarkPlugins: [remarkMath, remarkCitations, remarkEquations, remarkMathCheck] });
  const data = out.data as { astro: { frontmatter: { citations: string[] } } };
  return { citations: data.astro.frontmatter.citations, code: String(out.value) };
}

describe('chapter schema', () => {
  it('accepts a complete chapter', () => {
    expect(chapterSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects a chapter without a title', () => {
    const { title: _title, ...rest } = valid;
    const result = chapterSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('title');
  });

  it('rejects a chapter without an order', () => {
    const { order: _order, ...rest } = valid;
    const result = chapterSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('order');
  });

  it('rejects an empty title and a fractional order', () => {
    expect(chapterSchema.safeParse({ ...valid, title: '' }).success).toBe(false);
    expect(chapterSchema.safeParse({ ...valid, order: 1.5 }).success).toBe(false);
  });
});

describe('citations', () => {
  it('numbers citations by first appearance and lists each once', async () => {
    const body = 'A <Cite id="elkan2008pu" />, b <Cite id="kiryo2017nnpu" />, a again <Cite id="elkan2008pu" />.\n';
    const { citations, code } = await compileChapter(body, { order: 3 });
    expect(citations).toEqual(['elkan2008pu', 'kiryo2017nnpu']);
    expect(code).toMatch(/id: "elkan2008pu",\s*n: "1"/);
    expect(code).toMatch(/id: "kiryo2017nnpu",\s*n: "2"/);
  });

  it('stops on an unknown key, naming the file and line', async () => {
    const body = 'First line.\n\nSecond <Cite id="no-such-paper" />.\n';
    await expect(compileChapter(body, { order: 1 }, 'content/chapters/99-test.mdx')).rejects.toThrow(
      /99-test\.mdx:3:\d+: <Cite id="no-such-paper"> names no entry/,
    );
  });

  it('stops on a Cite without a literal id', async () => {
    await expect(compileChapter('See <Cite id={"elkan2008pu"} />.\n', { order: 1 })).rejects.toThrow(/literal id/);
  });
});

describe('equations', () => {
  it('numbers labelled rows per chapter and resolves references to them', async () => {
    const body = [
      'See <EqRef to="second" /> first.',
      '',
      '$$',
      '\\begin{align*}',
      'a &= b \\label{first} \\\\',
      'c &= d \\label{second}',
      '\\end{align*}',
      '$$',
      '',
    ].join('\n');
    const { code } = await compileChapter(body, { order: 4 });
    expect(code).toContain('\\\\tag{\\\\htmlId{eq-first}{4.1}}');
    expect(code).toContain('\\\\tag{\\\\htmlId{eq-second}{4.2}}');
    expect(code).toMatch(/to: "second",\s*n: "4.2"/);
  });

  it('stops on a reference to a missing label', async () => {
    await expect(compileChapter('See <EqRef to="nowhere" />.\n', { order: 1 })).rejects.toThrow(
      /names no \\label\{nowhere\}/,
    );
  });

  it('stops on a label used twice', async () => {
    const body = '$$\na \\label{x}\n$$\n\n$$\nb \\label{x}\n$$\n';
    await expect(compileChapter(body, { order: 1 })).rejects.toThrow(/used twice/);
  });

  it('stops on a formula KaTeX cannot render, naming the file and line', async () => {
    const body = 'Fine $a + b$.\n\n$$\n\\frac{a}{\n$$\n';
    await expect(compileChapter(body, { order: 1 }, 'broken.mdx')).rejects.toThrow(
      /broken\.mdx:3:1: KaTeX parse error/,
    );
  });
});

describe('every chapter', () => {
  const files = readdirSync(CHAPTERS)
    .filter((f) => f.endsWith('.mdx'))
    .sort();

  it('has six chapters, named NN-slug.mdx, ordered 1 to 6 by their frontmatter', () => {
    expect(files).toHaveLength(6);
    const orders = files.map((f) => {
      expect(f).toMatch(/^\d\d-[a-z0-9-]+\.mdx$/);
      return splitChapter(readFileSync(join(CHAPTERS, f), 'utf8')).frontmatter.order;
    });
    expect(orders).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each(files)(
    '%s: valid frontmatter, known citations, resolved equation references, renderable math',
    async (name) => {
      const text = readFileSync(join(CHAPTERS, name), 'utf8');
      const { frontmatter, body } = splitChapter(text);
      expect(chapterSchema.safeParse(frontmatter).success).toBe(true);
      const { citations } = await compileChapter(body, frontmatter, name);
      for (const id of citations) expect(Object.keys(REFERENCES)).toContain(id);
      expect(body).toMatch(/^## What to remember$/m);
    },
  );

  it('cites every reference at least once somewhere', async () => {
    const cited = new Set<string>();
    for (const name of files) {
      const { frontmatter, body } = splitChapter(readFileSync(join(CHAPTERS, name), 'utf8'));
      for (const id of (await compileChapter(body, frontmatter, name)).citations) cited.add(id);
    }
    expect(Object.keys(REFERENCES).filter((k) => !cited.has(k))).toEqual([]);
  });
});
