/**
 * Chapter 3 quotes the coverage sweep. Every density it names must be a point of the data,
 * and no point may be skipped: the chapter shows one table per labeling mode whose rows are
 * the data's densities, and names any other density only through the measured helpers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageSweep, lambdaSweep, lambdaTableRows, type SweepMode, sweepTableRows } from '../../src/lib/measured';

const CHAPTER = readFileSync(
  join(import.meta.dirname, '..', '..', 'content', 'chapters', '03-watching-foreground-disappear.mdx'),
  'utf8',
);
const MODES = coverageSweep.labelTypes as SweepMode[];

/** Numeric density arguments of the sweep helpers called in the chapter, e.g. sweepMean('full', 'iou', 0.3). */
function quotedDensities(text: string): number[] {
  const out: number[] = [];
  const call = /\b(sweepMean|sweepFacts|sweepPoints|sweepSpread)\(([^)]*)\)/g;
  for (const match of text.matchAll(call)) {
    const args = (match[2] as string).split(',').map((a) => a.trim());
    const index = match[1] === 'sweepMean' ? 2 : 1;
    const value = Number(args[index]);
    if (Number.isFinite(value)) out.push(value);
  }
  return out;
}

describe('chapter 3 and the coverage sweep', () => {
  it('names no density that the sweep lacks', () => {
    const quoted = quotedDensities(CHAPTER);
    for (const d of quoted) expect(coverageSweep.densities).toContain(d);
  });

  it('shows a table for every labeling mode of the sweep', () => {
    for (const mode of MODES) expect(CHAPTER).toMatch(new RegExp(`<SweepTable mode="${mode}"`));
  });

  it('gives every table one row per density of the data, in order, for every mode', () => {
    for (const mode of MODES) {
      const rows = sweepTableRows(mode);
      expect(rows.map((r) => r.density)).toEqual(coverageSweep.densities);
      for (const r of rows) {
        for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it('has every point of the sweep for every mode and seed', () => {
    for (const mode of MODES) {
      for (const seed of coverageSweep.seeds) {
        const densities = coverageSweep.points
          .filter((p) => p.labelType === mode && p.seed === seed)
          .map((p) => p.density);
        expect(densities).toEqual(coverageSweep.densities);
      }
    }
  });

  it('tabulates every λ of the λ sweep', () => {
    expect(CHAPTER).toMatch(/<LambdaFigure/);
    expect(lambdaTableRows().map((r) => r.lambda)).toEqual(lambdaSweep.lambdas);
  });

  it('finds the density arguments it checks (the check itself can fail)', () => {
    expect(quotedDensities("sweepMean('full', 'iou', 0.35) and sweepSpread('scar', 0.2, x)")).toEqual([0.35, 0.2]);
  });
});
