/**
 * The measured numbers the prose quotes, read from the committed output of
 * `npm run figures` (src/data/figures/*.json). Chapters import these instead of typing
 * numbers, so the text and the figures cannot disagree.
 */
import defaultRuns from '../data/figures/default-runs.json';
import foregroundOnly from '../data/figures/foreground-only.json';
import coverageSweep from '../data/figures/coverage-sweep.json';
import scene from '../data/figures/scene.json';

export type Metric = 'recallUnlabeledFg' | 'meanPUnlabeledFg' | 'bgFpr' | 'iou' | 'predictedFgShare';

export interface MetricRow {
  loss: string;
  recallUnlabeledFg: number | null;
  meanPUnlabeledFg: number | null;
  bgFpr: number | null;
  iou: number | null;
  predictedFgShare: number | null;
}

export { coverageSweep, defaultRuns, foregroundOnly, scene };

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
  return spread(defaultRuns.runs.map((r) => pick(r.final as MetricRow[], loss, metric)), digits);
}

/** One metric of one loss in the foreground-only runs (true prior), over the seeds. */
export function foregroundOnlyRuns(loss: string, metric: Metric, digits = 2): string {
  return spread(foregroundOnly.runs.map((r) => pick(r.final as MetricRow[], loss, metric)), digits);
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

/** One metric of one loss in the coverage sweep at one target density: mean over seeds. */
export function sweepMean(loss: string, metric: Metric, density: number, digits = 2): string {
  const at = coverageSweep.points.filter((p) => p.density === density);
  if (at.length === 0) throw new Error(`no sweep point at density ${density}`);
  const values = at.map((p) => pick(p.models as MetricRow[], loss, metric));
  return (values.reduce((s, v) => s + v, 0) / values.length).toFixed(digits);
}

/** nnPU in the prior sweep at one assumed prior: one metric, over the seeds. */
export function nnpuAtPrior(prior: number, metric: Metric, digits = 2): string {
  const at = foregroundOnly.priorSweep.filter((p) => p.prior === prior);
  if (at.length === 0) throw new Error(`no prior sweep point at π = ${prior}`);
  return spread(at.map((p) => pick(p.final as MetricRow[], 'nnpu', metric)), digits);
}

/** N/Σm at the defaults: the factor by which partial CE's normaliser scales the step. */
export const normaliserFactor = (1 / Number(defaultRuns.runs[0]?.labelDensity ?? 1)).toFixed(1);

/** Range, over the sweep's densities, of the seed-averaged metric of one loss. */
export function sweepRange(loss: string, metric: Metric, digits = 2): string {
  return spread(coverageSweep.densities.map((d) => Number(sweepMean(loss, metric, d, 6))), digits);
}

/** One metric of one loss at the end of the default run of one seed (what a widget's default run reaches). */
export function defaultRunOf(seed: number, loss: string, metric: Metric, digits = 2): string {
  const run = defaultRuns.runs.find((r) => r.seed === seed);
  if (!run) throw new Error(`no default run for seed ${seed}`);
  return pick(run.final as MetricRow[], loss, metric).toFixed(digits);
}
