/**
 * The measured numbers the prose quotes, read from the committed output of
 * `npm run figures` (src/data/figures/*.json). Chapters import these instead of typing
 * numbers, so the text and the figures cannot disagree.
 */

import type { FigureHeldOutId, FigureMetricId } from '../core/metric-table';
import coverageSweep from '../data/figures/coverage-sweep.json';
import defaultRuns from '../data/figures/default-runs.json';
import foregroundOnly from '../data/figures/foreground-only.json';
import labelModes from '../data/figures/label-modes.json';
import lambdaSweep from '../data/figures/lambda-sweep.json';
import scene from '../data/figures/scene.json';

/** A metric the figure data store per loss: see `figures` and `heldOut.figures` in the metric table. */
export type Metric = FigureMetricId | FigureHeldOutId;

export type MetricRow = { loss: string } & { [K in Metric]?: number | null };

export { coverageSweep, defaultRuns, foregroundOnly, labelModes, lambdaSweep, scene };

/** "0.83–0.86", or one value when every seed agrees at this precision. */
export function spread(values: number[], digits = 2): string {
  if (values.length === 0) throw new Error('no values to summarise');
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** "1–3" for consecutive seeds, else "1, 4, 7". */
export function seedList(seeds: number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === (seeds[i - 1] as number) + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ');
}

function pick(rows: MetricRow[], loss: string, metric: Metric): number {
  const row = rows.find((r) => r.loss === loss);
  const value = row?.[metric];
  if (value === null || value === undefined) throw new Error(`no ${metric} for ${loss}`);
  return value;
}

/** One metric of one loss at the end of the default runs, over the seeds. */
export function atDefaults(loss: string, metric: Metric, digits = 2): string {
  return spread(
    defaultRuns.runs.map((r) => pick(r.final as MetricRow[], loss, metric)),
    digits,
  );
}

/** One metric of one loss in the foreground-only runs (true prior), over the seeds. */
export function foregroundOnlyRuns(loss: string, metric: Metric, digits = 2): string {
  return spread(
    foregroundOnly.runs.map((r) => pick(r.final as MetricRow[], loss, metric)),
    digits,
  );
}

/** Facts about the default runs the captions and prose repeat. */
export const defaults = {
  seeds: seedList(defaultRuns.runs.map((r) => r.seed)),
  steps: defaultRuns.steps,
  coverage: spread(defaultRuns.runs.map((r) => r.coverage as number)),
  labelDensity: spread(defaultRuns.runs.map((r) => r.labelDensity as number)),
};

export const foregroundOnlyFacts = {
  seeds: seedList(foregroundOnly.seeds),
  steps: foregroundOnly.steps,
  truePrior: spread(foregroundOnly.runs.map((r) => r.truePrior as number)),
};

/** The default settings in words, for captions. */
export const DEFAULTS_IN_WORDS =
  '32×32 images, 8 images, batch 4, 2 ellipses per image, noise 0.6, contrast 1, scribbles at density 0.15 with background scribbles, Adam at learning rate 0.01, model width 8';

/** The labeling modes of the coverage sweep. */
export type SweepMode = 'scar' | 'scribbles';

const meanOf = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The sweep's runs (one per seed) of one labeling mode at one target density; throws on a point the data lack. */
export function sweepPoints(labelType: SweepMode, density: number) {
  const at = coverageSweep.points.filter((p) => p.labelType === labelType && p.density === density);
  if (at.length === 0) throw new Error(`no ${labelType} sweep point at density ${density}`);
  return at;
}

/** One metric of one loss in the coverage sweep at one target density: mean over seeds. */
export function sweepMean(
  loss: string,
  metric: Metric,
  density: number,
  digits = 2,
  labelType: SweepMode = 'scribbles',
): string {
  return meanOf(sweepPoints(labelType, density).map((p) => pick(p.models as MetricRow[], loss, metric))).toFixed(
    digits,
  );
}

/** Seed means of one sweep point: coverage, full CE's analysis and the measured propensity. */
export function sweepFacts(labelType: SweepMode, density: number) {
  const at = sweepPoints(labelType, density);
  const avg = (get: (p: (typeof at)[number]) => number | null | undefined) => {
    const values = at.map(get).filter((v): v is number => typeof v === 'number');
    if (values.length !== at.length) throw new Error(`a ${labelType} sweep point at ${density} lacks a value`);
    return meanOf(values);
  };
  return {
    coverage: avg((p) => p.coverage),
    propensityInterior: avg((p) => p.propensity.interior),
    propensityBorder: avg((p) => p.propensity.border),
    auc: avg((p) => p.fullCe?.auc),
    cHat: avg((p) => p.fullCe?.cHat),
    repairedRecall: avg((p) => p.fullCe?.repairedRecallUnlabeledFg),
    repairedBgFpr: avg((p) => p.fullCe?.repairedBgFpr),
    repairedIou: avg((p) => p.fullCe?.repairedIou),
    metric: (loss: string, metric: Metric) => avg((p) => pick(p.models as MetricRow[], loss, metric)),
  };
}

/** Range over seeds of one fact of a sweep point, e.g. full CE's AUC. */
export function sweepSpread(
  labelType: SweepMode,
  density: number,
  get: (p: ReturnType<typeof sweepPoints>[number]) => number | null | undefined,
  digits = 2,
): string {
  return spread(
    sweepPoints(labelType, density).map((p) => {
      const v = get(p);
      if (typeof v !== 'number') throw new Error(`a ${labelType} sweep point at ${density} lacks a value`);
      return v;
    }),
    digits,
  );
}

/** The first target density whose seed-mean of `metric` under `loss` reaches 0.5, or null. */
export function sweepCrossing(loss: string, metric: Metric, labelType: SweepMode): number | null {
  for (const d of coverageSweep.densities) if (sweepFacts(labelType, d).metric(loss, metric) >= 0.5) return d;
  return null;
}

/** Runs of one labeling mode at the default density. */
export function modeRuns(labelType: string) {
  const runs = labelModes.runs.filter((r) => r.labelType === labelType);
  if (runs.length === 0) throw new Error(`no runs for label mode ${labelType}`);
  return runs;
}

/** One metric of one loss at the default density under one labeling mode, over the seeds. */
export function atMode(labelType: string, loss: string, metric: Metric, digits = 2): string {
  return spread(
    modeRuns(labelType).map((r) => pick(r.final as MetricRow[], loss, metric)),
    digits,
  );
}

/** The measured propensity (interior, border, all foreground) or coverage under one mode, over the seeds. */
export function modeFact(
  labelType: string,
  fact: 'interior' | 'border' | 'foreground' | 'borderShare' | 'coverage',
  digits = 2,
): string {
  return spread(
    modeRuns(labelType).map((r) => (fact === 'coverage' ? (r.coverage as number) : (r.propensity[fact] as number))),
    digits,
  );
}

/** The λ sweep at one λ: measured mean p (all U_fg or interior) and the SCAR prediction, over the seeds. */
export function lambdaAt(
  lambda: number,
  what: 'predicted' | 'meanPUnlabeledFg' | 'meanPUnlabeledFgInterior',
  digits = 2,
): string {
  const at = lambdaSweep.points.filter((p) => p.lambda === lambda);
  if (at.length === 0) throw new Error(`no λ sweep point at ${lambda}`);
  return spread(
    at.map((p) => (what === 'predicted' ? (p.predicted as number) : pick(p.models as MetricRow[], 'blend', what))),
    digits,
  );
}

/** nnPU in the prior sweep at one assumed prior: one metric, over the seeds. */
export function nnpuAtPrior(prior: number, metric: Metric, digits = 2): string {
  const at = foregroundOnly.priorSweep.filter((p) => p.prior === prior);
  if (at.length === 0) throw new Error(`no prior sweep point at π = ${prior}`);
  return spread(
    at.map((p) => pick(p.final as MetricRow[], 'nnpu', metric)),
    digits,
  );
}

/** N/Σm at the defaults: the factor by which partial CE's normaliser scales the step. */
export const normaliserFactor = (1 / Number(defaultRuns.runs[0]?.labelDensity ?? 1)).toFixed(1);

/** Range, over the sweep's densities, of the seed-averaged metric of one loss. */
export function sweepRange(loss: string, metric: Metric, digits = 2): string {
  return spread(
    coverageSweep.densities.map((d) => Number(sweepMean(loss, metric, d, 6))),
    digits,
  );
}

/** One metric of one loss at the end of the default run of one seed (what a widget's default run reaches). */
export function defaultRunOf(seed: number, loss: string, metric: Metric, digits = 2): string {
  const run = defaultRuns.runs.find((r) => r.seed === seed);
  if (!run) throw new Error(`no default run for seed ${seed}`);
  return pick(run.final as MetricRow[], loss, metric).toFixed(digits);
}

/** One row per target density of the sweep (seed means), for the table that quotes every point. */
export function sweepTableRows(labelType: SweepMode) {
  return coverageSweep.densities.map((density) => {
    const f = sweepFacts(labelType, density);
    return {
      density,
      coverage: f.coverage,
      propensityInterior: f.propensityInterior,
      propensityBorder: f.propensityBorder,
      fullInterior: f.metric('full', 'meanPUnlabeledFgInterior'),
      fullBorder: f.metric('full', 'meanPUnlabeledFgBorder'),
      fullRecall: f.metric('full', 'recallUnlabeledFg'),
      repairedRecall: f.repairedRecall,
      partialRecall: f.metric('partial', 'recallUnlabeledFg'),
      auc: f.auc,
    };
  });
}

/** Largest |seed-mean metric − coverage| of full CE over the sweep's densities of one mode. */
export function sweepMaxGap(labelType: SweepMode, metric: Metric, digits = 2): string {
  const gaps = coverageSweep.densities.map((d) => {
    const f = sweepFacts(labelType, d);
    return Math.abs(f.metric('full', metric) - f.coverage);
  });
  return Math.max(...gaps).toFixed(digits);
}

/** Range over the sweep's densities (seed means) of one of full CE's facts under one mode. */
export function sweepFactRange(
  labelType: SweepMode,
  fact: 'auc' | 'repairedRecall' | 'repairedBgFpr',
  digits = 2,
): string {
  return spread(
    coverageSweep.densities.map((d) => sweepFacts(labelType, d)[fact]),
    digits,
  );
}

/** One row per λ of the λ sweep (seed means): predicted equilibrium and measured mean p. */
export function lambdaTableRows() {
  return lambdaSweep.lambdas.map((lambda) => {
    const at = lambdaSweep.points.filter((p) => p.lambda === lambda);
    const avg = (get: (p: (typeof at)[number]) => number) => meanOf(at.map(get));
    return {
      lambda,
      coverage: avg((p) => p.coverage as number),
      predicted: avg((p) => p.predicted as number),
      interior: avg((p) => pick(p.models as MetricRow[], 'blend', 'meanPUnlabeledFgInterior')),
      all: avg((p) => pick(p.models as MetricRow[], 'blend', 'meanPUnlabeledFg')),
      recall: avg((p) => pick(p.models as MetricRow[], 'blend', 'recallUnlabeledFg')),
    };
  });
}

/**
 * Where full CE's seed-mean `metric` first reaches 0.5 in the sweep of one mode, with the
 * coverage and interior propensity there; throws when it never does, so the prose cannot
 * claim a crossing the data lack.
 */
export function sweepCrossingFacts(labelType: SweepMode, metric: Metric, digits = 2) {
  const density = sweepCrossing('full', metric, labelType);
  if (density === null) throw new Error(`full CE's ${metric} never reaches 0.5 under ${labelType}`);
  const index = coverageSweep.densities.indexOf(density);
  const before = index > 0 ? (coverageSweep.densities[index - 1] as number) : null;
  const f = sweepFacts(labelType, density);
  return {
    density,
    before,
    coverage: f.coverage.toFixed(digits),
    propensityInterior: f.propensityInterior.toFixed(digits),
    value: f.metric('full', metric).toFixed(digits),
    valueBefore: before === null ? null : sweepFacts(labelType, before).metric('full', metric).toFixed(digits),
  };
}
