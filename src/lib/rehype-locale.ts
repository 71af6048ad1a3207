/**
 * Rehype plugins that make a translated chapter (`content/<locale>/chapters/NN-slug.mdx`)
 * behave like its English original:
 *
 * - `rehypeTranslatedHeadingIds` gives each h2/h3 the id of the English heading at the same
 *   place, so `#what-to-remember` and every other anchor is the same in both languages and
 *   the language switch keeps the reader's place. A translation whose headings differ in
 *   number or level from the original stops the build.
 * - `rehypeLocalizeFootnotes` writes the footnote section's title and back links in the
 *   file's language (remark-rehype's options are one for the whole site).
 * - `rehypeKeepPunctuationWithMath` (after rehype-katex) keeps a Chinese punctuation mark
 *   on the line of the inline formula it follows: a browser may break after a formula's
 *   box even before "，" or "：", which Chinese typesetting never starts a line with.
 *
 * The heading ids run before Astro's `rehypeHeadingIds`, which keeps an id already there.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import type { Element, Root, RootContent } from 'hast';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';
import { fill, siteStrings } from '../i18n/site';

interface FileLike {
  path?: string;
  history?: string[];
}

const filePath = (file: FileLike) => file.path ?? file.history?.[0] ?? '';

/** The language of a chapter file: the folder above `chapters/` when it names a locale. */
export function fileLocale(file: FileLike): Locale {
  const parts = filePath(file).split(/[\\/]/);
  const at = parts.lastIndexOf('chapters');
  const folder = at > 0 ? parts[at - 1] : undefined;
  return isLocale(folder) ? folder : DEFAULT_LOCALE;
}

/** Depth and text of every `##`/`###` heading of a Markdown source, outside code fences. */
export function markdownHeadings(source: string): { depth: number; text: string }[] {
  const out: { depth: number; text: string }[] = [];
  let fenced = false;
  for (const line of source.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{2,3}) (.+?)\s*$/.exec(line);
    if (match) out.push({ depth: (match[1] as string).length, text: (match[2] as string).replace(/[`*]/g, '') });
  }
  return out;
}

/** The ids Astro gives these headings (its own slugger, run on a tree of just them). */
export function astroHeadingIds(headings: { depth: number; text: string }[]): string[] {
  const tree: Root = {
    type: 'root',
    children: headings.map((h) => ({
      type: 'element',
      tagName: `h${h.depth}`,
      properties: {},
      children: [{ type: 'text', value: h.text }],
    })),
  };
  const transform = rehypeHeadingIds() as unknown as (tree: Root, file: unknown) => void;
  transform(tree, { history: ['original.mdx'], data: {} });
  return tree.children.map((h) => String((h as Element).properties.id));
}

/** The English original of a translated chapter file: `content/chapters/<same name>`. */
const originalOf = (path: string) => join(dirname(path), '..', '..', 'chapters', basename(path));

function* elements(node: Root | Element): Generator<Element> {
  for (const child of node.children as RootContent[]) {
    if (child.type !== 'element') continue;
    yield child;
    yield* elements(child);
  }
}

export function rehypeTranslatedHeadingIds() {
  return (tree: Root, file: FileLike) => {
    if (fileLocale(file) === DEFAULT_LOCALE) return;
    const path = filePath(file);
    const original = markdownHeadings(readFileSync(originalOf(path), 'utf8'));
    const ids = astroHeadingIds(original);
    const translated = [...elements(tree)].filter(
      (e) => (e.tagName === 'h2' || e.tagName === 'h3') && e.properties.id !== 'footnote-label',
    );
    const shape = (depths: number[]) => depths.map((d) => `h${d}`).join(' ');
    const mine = translated.map((e) => Number(e.tagName.slice(1)));
    if (shape(mine) !== shape(original.map((h) => h.depth))) {
      throw new Error(
        `${path}: its headings (${shape(mine)}) do not match the English chapter's (${shape(original.map((h) => h.depth))})`,
      );
    }
    translated.forEach((e, i) => {
      e.properties.id = ids[i] as string;
    });
  };
}

export function rehypeLocalizeFootnotes() {
  return (tree: Root, file: FileLike) => {
    const locale = fileLocale(file);
    if (locale === DEFAULT_LOCALE) return;
    const t = siteStrings(locale);
    for (const e of elements(tree)) {
      if (e.properties.id === 'footnote-label') e.children = [{ type: 'text', value: t.notes }];
      const back = e.properties.dataFootnoteBackref;
      const label = e.properties.ariaLabel;
      if (back !== undefined && typeof label === 'string') {
        const n = /note (\d+)/.exec(label)?.[1];
        if (n) e.properties.ariaLabel = fill(t.footnoteBack, { n });
      }
    }
  };
}

/** Punctuation that must not start a line in Chinese text. */
const CLOSING = /^[，。、；：？！）》」』”’％]+/;

const isInlineMath = (node: RootContent): node is Element =>
  node.type === 'element' &&
  Array.isArray(node.properties.className) &&
  node.properties.className.includes('katex') &&
  !node.properties.className.includes('katex-display');

function keepPunctuation(parent: Root | Element): void {
  const children = parent.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as RootContent;
    const next = children[i + 1];
    if (isInlineMath(node) && next?.type === 'text') {
      const mark = CLOSING.exec(next.value)?.[0];
      if (mark) {
        next.value = next.value.slice(mark.length);
        children[i] = {
          type: 'element',
          tagName: 'span',
          properties: { className: ['math-nobr'] },
          children: [node, { type: 'text', value: mark }],
        };
      }
      continue;
    }
    if (node.type === 'element') keepPunctuation(node);
  }
}

export function rehypeKeepPunctuationWithMath() {
  return (tree: Root, file: FileLike) => {
    if (fileLocale(file) === 'zh-cn') keepPunctuation(tree);
  };
}
