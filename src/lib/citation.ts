/**
 * How the site asks to be cited: the one record behind the index page's "How to cite" block,
 * the chapters' `citation_*` meta tags (Google Scholar's Highwire names) and, by hand, the
 * repository's CITATION.cff (tests/unit/citation.test.ts keeps the two in step).
 */
import type { Locale } from '../i18n/locales';

export const CITATION = {
  title: 'Partial cross-entropy, explained',
  titleZhCn: '部分交叉熵详解',
  /** Authors as BibTeX and Scholar print them; one corporate author until the maintainers name themselves. */
  authors: ['The partial-ce authors'],
  version: '0.1.0',
  /** ISO date of the release cited. */
  released: '2026-11-30',
  license: 'CC-BY-4.0',
} as const;

/** The release date as Scholar's `citation_publication_date` wants it: `YYYY/MM/DD`. */
export const scholarDate = (): string => CITATION.released.replaceAll('-', '/');

/** A BibTeX entry for the edition in `locale`, published at `url`. */
export function bibtex(locale: Locale, url: string): string {
  const year = CITATION.released.slice(0, 4);
  const zh = locale === 'zh-cn';
  const fields: [string, string][] = [
    ['title', zh ? `{${CITATION.titleZhCn}}` : `{${CITATION.title}}`],
    ['author', CITATION.authors.map((a) => `{${a}}`).join(' and ')],
    ['year', year],
    ['version', CITATION.version],
    ['url', url],
    ['note', zh ? 'Interactive explainer, Chinese edition; CC BY 4.0' : 'Interactive explainer; CC BY 4.0'],
  ];
  if (zh) fields.push(['language', 'chinese']);
  const width = Math.max(...fields.map(([k]) => k.length));
  const body = fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n');
  return `@misc{partialce${year}${zh ? 'zh' : ''},\n${body}\n}`;
}
