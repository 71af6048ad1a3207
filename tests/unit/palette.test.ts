import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOSS_IDS } from '../../src/core/catalog';
import { BACKGROUNDS, LABEL_RGB, LOSS_COLORS, THEMES, themeCss } from '../../src/styles/palette';

const channels = (hex: string) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string) => {
  const [r, g, b] = channels(hex).map(toLinear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** Deuteranopia at full severity (Machado, Oliveira & Fernandes 2009), in linear RGB. */
const DEUTERANOPIA = [
  [0.367322, 0.860646, -0.227968],
  [0.280085, 0.672501, 0.047413],
  [-0.01182, 0.04294, 0.968881],
];

/** CIELAB of a linear-RGB colour (D65). */
function lab([r, g, b]: number[]): [number, number, number] {
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const seenWithDeuteranopia = (hex: string) => {
  const rgb = channels(hex).map(toLinear);
  return DEUTERANOPIA.map((row) =>
    Math.min(
      1,
      Math.max(
        0,
        row.reduce((s, m, i) => s + m * rgb[i]!, 0),
      ),
    ),
  );
};
const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

describe('loss palette', () => {
  it.each(LOSS_IDS)('%s has at least 3:1 contrast on the light and the dark background', (id) => {
    expect(contrast(LOSS_COLORS[id], BACKGROUNDS.light)).toBeGreaterThanOrEqual(3);
    expect(contrast(LOSS_COLORS[id], BACKGROUNDS.dark)).toBeGreaterThanOrEqual(3);
  });

  it('keeps every pair of losses apart for a reader with deuteranopia (ΔE ≥ 20)', () => {
    // ΔE 20 in CIELAB is well beyond "clearly different" (≈ 10) for lines of 2 px.
    for (const a of LOSS_IDS) {
      for (const b of LOSS_IDS) {
        if (a >= b) continue;
        const d = distance(lab(seenWithDeuteranopia(LOSS_COLORS[a])), lab(seenWithDeuteranopia(LOSS_COLORS[b])));
        expect(d, `${a} vs ${b}`).toBeGreaterThanOrEqual(20);
      }
    }
  });
});

describe('one home for every colour', () => {
  const root = join(import.meta.dirname, '..', '..');
  const css = themeCss();

  it('writes every theme colour into the site CSS, per theme', () => {
    const block = (selector: string) => css.slice(css.indexOf(selector), css.indexOf('}', css.indexOf(selector)));
    for (const [role, value] of Object.entries(THEMES.light))
      expect(block(':root {')).toContain(`--${role}: ${value};`);
    for (const [role, value] of Object.entries(THEMES.dark)) {
      expect(block(":root:not([data-theme='light'])")).toContain(`--${role}: ${value};`);
      expect(block(":root[data-theme='dark']")).toContain(`--${role}: ${value};`);
    }
    for (const [role, value] of Object.entries(THEMES.print))
      expect(block('html:root:not([data-print-theme])')).toContain(`--${role}: ${value};`);
    expect(css).toContain(`--label-fg: rgb(${LABEL_RGB.foreground.join(' ')});`);
  });

  it('keeps colour literals out of every other file of src/ and scripts/', () => {
    const literal = /#[0-9a-fA-F]{3,8}\b|\b(?:rgb|hsl)a?\(\s*\d/;
    const offenders: string[] = [];
    for (const dir of ['src', 'scripts']) {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
        const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
        if (!entry.isFile() || !/\.(ts|astro|css|mjs)$/.test(path) || path === 'src/styles/palette.ts') continue;
        readFileSync(join(root, path), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (literal.test(line)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders, 'colours belong in src/styles/palette.ts').toEqual([]);
  });
});
