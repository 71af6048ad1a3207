/**
 * Chapter 6's measured numbers, read from the committed output of
 * `npm run figures -- border` (src/data/figures/border-gap.json), so that the prose, the
 * table and the charts cannot disagree.
 */
import borderGap from '../data/figures/border-gap.json';
import { spread } from './measured';

export { borderGap };

/** What every run stores of a model at its last step. */
export interface BorderRow {
  loss: string;
  iou: number | null;
  borderErrorRate: number | null;
  interiorErrorRate: number | null;
  errorsNearShare: number | null;
  heldOutIou: number | null;
}

type BorderMetric = 'iou' | 'borderErrorRate' | 'interiorErrorRate' | 'errorsNearShare' | 'heldOutIou';

const value = (row: BorderRow | undefined, metric: BorderMetric): number => {
  const v = row?.[metric];
  if (v === null || v === undefined) throw new Error(`border-gap.json lacks ${metric}`);
  return v;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The rows of one regulariser's weight sweep at `weight`, one per seed (weight 0 is partial CE). */
export function sweepRows(loss: 'crf' | 'ncut', weight: number): BorderRow[] {
  const rows =
    weight === 0 || loss === 'crf'
      ? borderGap.crf.filter((r) => r.weight === weight)
      : borderGap.ncut.filter((r) => r.weight === weight);
  if (rows.length !== borderGap.seeds.length) throw new Error(`border-gap.json has no full set of ${loss} w=${weight}`);
  return rows as BorderRow[];
}

/** The per-seed values of one metric at one weight, in seed order. */
export const perSeed = (loss: 'crf' | 'ncut', weight: number, metric: BorderMetric): number[] =>
  sweepRows(loss, weight).map((r) => value(r, metric));

/** "0.12–0.14" over the seeds, or a single value when they agree at this precision. */
export const atWeight = (loss: 'crf' | 'ncut', weight: number, metric: BorderMetric, digits = 2): string =>
  spread(perSeed(loss, weight, metric), digits);

/** As a percentage: "92–100%". */
export const percentAtWeight = (loss: 'crf' | 'ncut', weight: number, metric: BorderMetric): string =>
  `${spread(
    perSeed(loss, weight, metric).map((v) => v * 100),
    0,
  )}%`;

/** One regulariser's weight sweep as table rows: the weight, then each seed's value of every metric. */
export function weightTable(loss: 'crf' | 'ncut') {
  const weights = loss === 'crf' ? borderGap.crfWeights : [0, ...borderGap.ncutWeights];
  return weights.map((weight) => ({
    weight,
    iou: perSeed(loss, weight, 'iou'),
    border: perSeed(loss, weight, 'borderErrorRate'),
    interior: perSeed(loss, weight, 'interiorErrorRate'),
  }));
}

/** The weight of one regulariser with the lowest mean border error over the seeds (0 if none beats partial CE). */
export function bestWeight(loss: 'crf' | 'ncut'): number {
  const rows = weightTable(loss);
  return rows.reduce((best, r) => (mean(r.border) < mean(best.border) ? r : best)).weight;
}

/** Seeds on which the regulariser at `weight` has a lower border error than partial CE. */
export function seedsImproved(loss: 'crf' | 'ncut', weight: number): number {
  const base = perSeed('crf', 0, 'borderErrorRate');
  return perSeed(loss, weight, 'borderErrorRate').filter((v, i) => v < (base[i] as number)).length;
}

/** The noise sweep: per noise level, partial CE's and the CRF model's border error per seed. */
export function noiseTable() {
  return borderGap.noises.map((noise) => {
    const runs = borderGap.noise.filter((r) => r.noise === noise);
    const of = (loss: string) =>
      runs.map((r) =>
        value(
          (r.models as BorderRow[]).find((m) => m.loss === loss),
          'borderErrorRate',
        ),
      );
    const ious = (loss: string) =>
      runs.map((r) =>
        value(
          (r.models as BorderRow[]).find((m) => m.loss === loss),
          'iou',
        ),
      );
    const partial = of('partial');
    const crf = of('crf');
    return {
      noise,
      partial,
      crf,
      partialIou: ious('partial'),
      crfIou: ious('crf'),
      /** Seeds on which the CRF term lowered the border error. */
      improved: crf.filter((v, i) => v < (partial[i] as number)).length,
      gain: mean(partial) - mean(crf),
    };
  });
}

/** A border-error gain smaller than this (one point of the rate) counts as no help. */
export const USEFUL_GAIN = 0.01;

/**
 * The noise levels at which the CRF term lowers the mean border error by at least
 * USEFUL_GAIN, and the lowest level from which on it never does (null when it helps at the
 * highest level measured).
 */
export function noiseVerdict(): { helps: number[]; stopsAt: number | null } {
  const rows = noiseTable();
  const helps = rows.filter((r) => r.gain >= USEFUL_GAIN).map((r) => r.noise);
  const stopsAt = rows.find((_, i) => rows.slice(i).every((later) => later.gain < USEFUL_GAIN))?.noise;
  return { helps, stopsAt: stopsAt ?? null };
}

/** Seeds whose IoU at `weight` is under 0.5: the term has erased (or flooded) the objects there. */
export function seedsCollapsed(weight: number): number {
  return perSeed('crf', weight, 'iou').filter((v) => v < 0.5).length;
}

/** How much of the best weight's mean border-error gain over partial CE `weight` keeps, in percent. */
export function gainShare(weight: number, best: number): number {
  const base = mean(perSeed('crf', 0, 'borderErrorRate'));
  const gain = (w: number) => base - mean(perSeed('crf', w, 'borderErrorRate'));
  return Math.round((100 * gain(weight)) / gain(best));
}

/** Mean over the seeds, with `digits` decimals. */
export const meanOf = (xs: number[], digits = 3): string => mean(xs).toFixed(digits);
