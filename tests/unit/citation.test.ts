/** CITATION.cff, package.json and the site's citation record (src/lib/citation.ts) say the same. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bibtex, CITATION, scholarDate } from '../../src/lib/citation';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const cff = read('CITATION.cff');
const field = (name: string) => cff.match(new RegExp(`^${name}:\\s*"?([^"\\n]*)"?$`, 'm'))?.[1];

describe('citation', () => {
  it('CITATION.cff matches the site and package.json', () => {
    expect(field('cff-version')).toBe('1.2.0');
    expect(field('title')).toBe(CITATION.title);
    expect(field('version')).toBe(CITATION.version);
    expect(field('version')).toBe(JSON.parse(read('package.json')).version);
    expect(field('date-released')).toBe(CITATION.released);
    for (const author of CITATION.authors) expect(cff).toContain(`- name: "${author}"`);
    expect(read('LICENSE')).toMatch(/^MIT License/);
  });

  it('BibTeX names the edition, its address and the year', () => {
    const en = bibtex('en', 'https://example.org/partial-ce/');
    expect(en).toMatch(/^@misc\{partialce2026,\n/);
    expect(en).toContain('url     = {https://example.org/partial-ce/}');
    expect(en).toContain(`title   = {{${CITATION.title}}}`);
    expect(en.trim().endsWith('}')).toBe(true);
    expect(bibtex('zh-cn', 'https://example.org/zh-cn/')).toContain(`{{${CITATION.titleZhCn}}}`);
    expect(scholarDate()).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
  });
});
