/**
 * The Chinese edition against the English one, in Node: every chapter translated, with
 * the same equations (labels, in order), citations, widgets and figures (in order) and
 * headings, a "what to remember" section, no number typed that the English does not
 * have; the chrome and figure dictionaries with the same keys; the glossary used.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { LOSS_INFO } from '../../src/core/catalog';
import { parseSettings, SCHEMA } from '../../src/core/settings';
import { DEFAULTS_IN_WORDS_TRANSLATED_FROM, FIGURE_STRINGS } from '../../src/i18n/figures';
import { GLOSSARY } from '../../src/i18n/glossary';
import { alternates, LOCALES, unlocalizedPath } from '../../src/i18n/locales';
import { fill, SITE_STRINGS } from '../../src/i18n/site';
import { UI_STRINGS, type UiKey, uiText } from '../../src/i18n/ui';
import { chapterSchema } from '../../src/lib/chapter-schema';
import { DEFAULTS_IN_WORDS } from '../../src/lib/measured';
import { astroHeadingIds, fileLocale, markdownHeadings } from '../../src/lib/rehype-locale';
import { remarkCitations } from '../../src/lib/remark-citations';
import { remarkEquations } from '../../src/lib/remark-equations';
import { remarkMathCheck } from '../../src/lib/remark-math-check';

const ROOT = join(import.meta.dirname, '..', '..');
const EN = join(ROOT, 'content', 'chapters');
const ZH = join(ROOT, 'content', 'zh-cn', 'chapters');
const mdx = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort();

/** Frontmatter (`key: value` lines) and body (frontmatter lines blanked, so lines stay true). */
function split(text: string): { frontmatter: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no frontmatter');
  const frontmatter: Record<string, unknown> = {};
  for (const line of (match[1] as string).split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const raw = line.slice(colon + 1).trim();
    frontmatter[line.slice(0, colon).trim()] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return { frontmatter, body: '\n'.repeat(match[0].split('\n').length - 1) + text.slice(match[0].length) };
}

const read = (dir: string, name: string) => split(readFileSync(join(dir, name), 'utf8'));
/** The body without fenced code (code may hold anything). */
const prose = (body: string) => body.replace(/^```[\s\S]*?^```/gm, '');
const labels = (body: string) => [...body.matchAll(/\\label\{([^{}]*)\}/g)].map((m) => m[1]);
const citations = (body: string) => new Set([...body.matchAll(/<Cite id="([^"]+)"/g)].map((m) => m[1]));
/** Each component that is not a citation or an equation reference: name plus its id or mode, in order. */
const components = (body: string) =>
  [...prose(body).matchAll(/<([A-Z][A-Za-z0-9]*)\b([^>]*)/g)]
    .filter((m) => m[1] !== 'Cite' && m[1] !== 'EqRef')
    .map((m) => `${m[1]}${/\b(?:id|mode)="([^"]+)"/.exec(m[2] as string)?.[1] ?? ''}`);
const imports = (body: string) =>
  [...body.matchAll(/^import [^;]*? from '(?:\.\.\/)+(src\/[^']+)';$/gm)].map((m) => m[1]).sort();
/** Decimal numbers written into the prose (not computed by an expression). */
const typedDecimals = (body: string) =>
  new Set(
    [
      ...prose(body)
        .replace(/\{[^{}\n]*\}/g, '')
        .matchAll(/(?<![\w.])\d+\.\d+(?!\.?\d|\w)/g),
    ].map((m) => m[0] as string),
  );

describe('every English chapter has a Chinese translation', () => {
  const en = mdx(EN);
  const zh = mdx(ZH);

  it('with the same file name, and no Chinese chapter without an original', () => {
    expect(zh).toEqual(en);
  });

  it.each(en)('%s: same order, valid frontmatter, Chinese title and summary', (name) => {
    const original = read(EN, name).frontmatter;
    const translated = read(ZH, name).frontmatter;
    expect(chapterSchema.safeParse(translated).success).toBe(true);
    expect(translated.order).toBe(original.order);
    expect(translated.readingTime).toBe(original.readingTime);
    expect(String(translated.title)).toMatch(/\p{Script=Han}/u);
    expect(String(translated.summary)).toMatch(/\p{Script=Han}/u);
  });

  it.each(en)('%s: the same equation labels in the same order', (name) => {
    expect(labels(read(ZH, name).body)).toEqual(labels(read(EN, name).body));
  });

  it.each(en)('%s: the same set of citations', (name) => {
    expect([...citations(read(ZH, name).body)].sort()).toEqual([...citations(read(EN, name).body)].sort());
  });

  it.each(en)('%s: the same widgets, figures and asides in the same order, from the same modules', (name) => {
    const original = read(EN, name).body;
    const translated = read(ZH, name).body;
    expect(components(translated)).toEqual(components(original));
    expect(imports(translated)).toEqual(imports(original));
  });

  it.each(en)('%s: the same headings, ending with a what-to-remember section', (name) => {
    const original = markdownHeadings(read(EN, name).body);
    const translated = markdownHeadings(read(ZH, name).body);
    expect(translated.map((h) => h.depth)).toEqual(original.map((h) => h.depth));
    expect(original.at(-1)?.text).toBe('What to remember');
    expect(translated.at(-1)?.text).toBe('本章要点');
  });

  it.each(en)('%s: types no decimal number the English does not', (name) => {
    const original = typedDecimals(read(EN, name).body);
    expect([...typedDecimals(read(ZH, name).body)].filter((n) => !original.has(n))).toEqual([]);
  });

  it.each(en)('%s: compiles through the site remark plugins (citations, equations, math)', async (name) => {
    const { frontmatter, body } = read(ZH, name);
    const file = new VFile({ path: join(ZH, name), value: body, data: { astro: { frontmatter: { ...frontmatter } } } });
    const out = await compile(file, { remarkPlugins: [remarkMath, remarkCitations, remarkEquations, remarkMathCheck] });
    const data = out.data as { astro: { frontmatter: { citations: string[] } } };
    expect(new Set(data.astro.frontmatter.citations)).toEqual(citations(body));
  });

  it('chapter 4 speaks to the readers of the Chinese blog post and cites it', () => {
    const body = read(ZH, mdx(ZH).find((f) => f.startsWith('04-')) as string).body;
    expect(citations(body).has('zhangpyCsdnPartialCe')).toBe(true);
    expect(body).toMatch(/博客/);
    expect(body).toMatch(/你/);
  });
});

describe('heading anchors are shared by both languages', () => {
  it('reads the ids Astro gives the English headings', () => {
    const headings = markdownHeadings(
      '# Title\n\n## What to remember\n\n```\n## not a heading\n```\n### The `ignore_index` convention\n',
    );
    expect(headings).toEqual([
      { depth: 2, text: 'What to remember' },
      { depth: 3, text: 'The ignore_index convention' },
    ]);
    expect(astroHeadingIds(headings)).toEqual(['what-to-remember', 'the-ignore_index-convention']);
  });

  it('knows a file’s language from its folder', () => {
    expect(fileLocale({ path: '/x/content/zh-cn/chapters/01-a.mdx' })).toBe('zh-cn');
    expect(fileLocale({ path: '/x/content/chapters/01-a.mdx' })).toBe('en');
  });
});

describe('paths', () => {
  it('maps a page to the same page in every language', () => {
    expect(unlocalizedPath('/zh-cn/chapters/two-losses/')).toBe('/chapters/two-losses/');
    expect(unlocalizedPath('/zh-cn/')).toBe('/');
    expect(unlocalizedPath('/lab/')).toBe('/lab/');
    expect(alternates('/zh-cn/lab/')).toEqual([
      ['en', '/lab/'],
      ['zh-cn', '/zh-cn/lab/'],
    ]);
  });
});

describe('dictionaries', () => {
  it('the site chrome has the same keys in every language, none empty', () => {
    const keys = Object.keys(SITE_STRINGS.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(SITE_STRINGS[locale]).sort()).toEqual(keys);
      for (const value of Object.values(SITE_STRINGS[locale])) expect(value.trim()).not.toBe('');
    }
  });

  it('templates take the same placeholders in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(SITE_STRINGS.en) as (keyof typeof SITE_STRINGS.en)[]) {
      expect(names(SITE_STRINGS['zh-cn'][key]), key).toEqual(names(SITE_STRINGS.en[key]));
    }
    expect(fill(SITE_STRINGS['zh-cn'].chapterKicker, { n: 3 })).toBe('第 3 章');
    expect(() => fill('{missing}', {})).toThrow(/missing/);
  });

  it('the figure words have the same keys in every language', () => {
    const keys = Object.keys(FIGURE_STRINGS.en).sort();
    for (const locale of LOCALES) expect(Object.keys(FIGURE_STRINGS[locale]).sort()).toEqual(keys);
    expect(FIGURE_STRINGS['zh-cn'].sweepHeads).toHaveLength(FIGURE_STRINGS.en.sweepHeads.length);
  });

  it('the Chinese default settings translate the current English ones', () => {
    expect(DEFAULTS_IN_WORDS).toBe(DEFAULTS_IN_WORDS_TRANSLATED_FROM);
  });
});

describe('widget and Lab message catalogs', () => {
  const keys = Object.keys(UI_STRINGS.en).sort() as UiKey[];
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys in every language, none empty where English has words', () => {
    expect(keys.length).toBeGreaterThan(200);
    for (const locale of LOCALES) {
      expect(Object.keys(UI_STRINGS[locale]).sort()).toEqual(keys);
      for (const key of keys) {
        if (UI_STRINGS.en[key].trim() !== '') expect(UI_STRINGS[locale][key].trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('take the same placeholders in every language', () => {
    for (const key of keys) expect(names(UI_STRINGS['zh-cn'][key]), key).toEqual(names(UI_STRINGS.en[key]));
  });

  it('English keeps the schema’s, the loss table’s and the metric table’s own words', () => {
    const en = uiText('en');
    expect(en.t('setting.density.label')).toBe(SCHEMA.density.label);
    expect(en.t('setting.width.unit')).toBe('channels');
    expect(en.t('option.labelType.scar')).toBe('random pixels (SCAR)');
    expect(en.t('loss.full.label')).toBe(LOSS_INFO.full.label);
    expect(en.t('metric.iou.title')).toBe('IoU with the ground truth');
  });

  it('Chinese uses the glossary’s terms for the losses and settings', () => {
    const zh = uiText('zh-cn');
    const term = (id: string) => GLOSSARY.find((g) => g.id === id)?.zh as string;
    expect(zh.t('loss.partial.label')).toBe(term('partial-ce'));
    expect(zh.t('loss.full.label')).toBe(term('full-ce'));
    expect(zh.t('setting.density.label')).toBe(term('label-density'));
    expect(zh.t('toolbar.stepCount', { n: 12 })).toBe('第 12 步');
  });

  it('words every settings correction in every language, the English as the parser does', () => {
    const { corrections } = parseSettings(
      'seed=abc&size=999&lr=1e-9&labelType=nope&background=maybe&losses=zzz&images=2&batch=9&bogus=1&seed=2&width=2.5&noise',
    );
    const withCode = corrections.filter((c) => c.code);
    expect(withCode.length).toBeGreaterThanOrEqual(8);
    const en = uiText('en');
    for (const c of withCode) {
      expect(en.t(`correction.${c.code}` as UiKey, c.values ?? {}), c.message).toBe(c.message);
      expect(() => uiText('zh-cn').t(`correction.${c.code}` as UiKey, c.values ?? {})).not.toThrow();
    }
  });
});

describe('glossary', () => {
  const chapters = mdx(ZH)
    .map((name) => read(ZH, name).body)
    .join('\n');

  it('has unique ids and Chinese terms, each with an explanation in Chinese', () => {
    expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
    expect(new Set(GLOSSARY.map((t) => t.zh)).size).toBe(GLOSSARY.length);
    for (const term of GLOSSARY) expect(term.explanation, term.id).toMatch(/\p{Script=Han}/u);
  });

  it('fixes the issue’s terms', () => {
    const zh = GLOSSARY.map((t) => t.zh);
    for (const term of [
      '部分交叉熵',
      '涂鸦标注',
      '点标注',
      '弱监督语义分割',
      '覆盖率',
      '前景抑制',
      '正例-无标签学习',
    ]) {
      expect(zh).toContain(term);
    }
  });

  it('every term is used in some Chinese chapter, unless marked glossary-only', () => {
    const unused = GLOSSARY.filter((t) => !t.glossaryOnly && !chapters.includes(t.zh)).map((t) => t.zh);
    expect(unused).toEqual([]);
  });

  it('the chapters use the chosen word for labeling propensity, not a variant', () => {
    expect(chapters).toContain('标注倾向性');
    expect(chapters.replaceAll('标注倾向性', '')).not.toMatch(/标注倾向(?!性)/);
  });
});
