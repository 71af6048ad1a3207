/**
 * The Lab's presets name their chapters by slug (the page takes title and address from the
 * content collection), so each slug must be a real chapter and each section a real heading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/lab-page/presets';

const CHAPTERS = join(import.meta.dirname, '..', '..', 'content', 'chapters');

/** Slug of a chapter file, by the collection's rule (src/content.config.ts): `NN-slug.mdx` → `slug`. */
const slugOf = (file: string) => file.replace(/\.mdx$/, '').replace(/^\d+-/, '');

/** Heading ids of a chapter as Astro writes them for plain-text headings: lower case, words joined by '-'. */
function headingIds(text: string): string[] {
  return [...text.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
    (m[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .trim()
      .replace(/\s/g, '-'),
  );
}

const files = readdirSync(CHAPTERS).filter((f) => f.endsWith('.mdx'));
const chapters = new Map(files.map((f) => [slugOf(f), readFileSync(join(CHAPTERS, f), 'utf8')]));

describe('presets name real chapters', () => {
  it('finds the chapters', () => {
    expect(chapters.size).toBeGreaterThan(0);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s names a chapter that exists, by slug', (_id, preset) => {
    expect([...chapters.keys()], `preset "${preset.id}" names chapter "${preset.chapter}"`).toContain(preset.chapter);
  });

  it.each(PRESETS.filter((p) => p.section).map((p) => [p.id, p] as const))(
    '%s links to a heading of its chapter',
    (_id, preset) => {
      expect(headingIds(chapters.get(preset.chapter) ?? '')).toContain(preset.section);
    },
  );

  it('the heading rule gives the ids the site uses', () => {
    expect(headingIds('## The normaliser is a learning rate\n### C classes and the softmax')).toEqual([
      'the-normaliser-is-a-learning-rate',
      'c-classes-and-the-softmax',
    ]);
  });
});
