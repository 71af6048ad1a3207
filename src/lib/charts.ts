/**
 * The site's static charts, built from the committed figure data. Each returns an SVG
 * string (see plot-svg.ts) and a text alternative that states the plotted values.
 */
import * as Plot from '@observablehq/plot';
import type { LossId } from '../lab/catalog';
import { LOSS_INFO } from '../lab/catalog';
import { LOSS_COLORS, LOSS_DASHED } from '../styles/palette';
import { coverageSweep, defaultRuns, foregroundOnly, type Metric, type MetricRow } from './measured';
import { plotToSvg } from './plot-svg';

const WIDTH = 440;
const HEIGHT = 300;
const MARGINS = { marginLeft: 48, marginRight: 16, marginTop: 20, marginBottom: 42 };
const dash = (id: LossId) => (LOSS_DASHED[id] ? '6,4' : undefined);
const f2 = (x: number) => x.toFixed(2);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

interface Point {
  loss: LossId;
  x: number;
  y: number;
  seed: number;
}

/** Points of one metric over the coverage sweep, one per seed, density and loss. */
function sweepPoints(metric: Metric, losses: LossId[]): Point[] {
  return coverageSweep.points.flatMap((p) =>
    (p.models as MetricRow[])
      .filter((m) => losses.includes(m.loss as LossId) && m[metric] !== null)
      .map((m) => ({ loss: m.loss as LossId, x: p.coverage as number, y: m[metric] as number, seed: p.seed })),
  );
}

/** Mean over seeds at each target density, for the connecting line. */
function sweepMeans(metric: Metric, losses: LossId[]): Point[] {
  return losses.flatMap((loss) =>
    coverageSweep.densities.map((density) => {
      const at = coverageSweep.points.filter((p) => p.density === density);
      const ys = at.map((p) => (p.models as MetricRow[]).find((m) => m.loss === loss)?.[metric] as number);
      return { loss, x: mean(at.map((p) => p.coverage as number)), y: mean(ys), seed: 0 };
    }),
  );
}

function lossMarks(points: Point[], means: Point[], losses: LossId[]): Plot.Markish[] {
  return losses.flatMap((loss) => [
    Plot.line(
      means.filter((p) => p.loss === loss),
      { x: 'x', y: 'y', stroke: LOSS_COLORS[loss], strokeWidth: 2, strokeDasharray: dash(loss) },
    ),
    Plot.dot(
      points.filter((p) => p.loss === loss),
      { x: 'x', y: 'y', stroke: LOSS_COLORS[loss], r: 2.5, strokeOpacity: 0.9 },
    ),
  ]);
}

const describeMeans = (means: Point[], losses: LossId[], at: number[]) =>
  losses
    .map((loss) => {
      const values = at.map((c) => {
        const p = means.filter((m) => m.loss === loss).reduce((a, b) => (Math.abs(b.x - c) < Math.abs(a.x - c) ? b : a));
        return `${f2(p.y)} at c = ${f2(p.x)}`;
      });
      return `${LOSS_INFO[loss].label}: ${values.join(', ')}`;
    })
    .join('; ');

const SWEEP_LOSSES: LossId[] = ['full', 'partial', 'oracle'];
const DESCRIBE_AT = [0.05, 0.15, 0.3, 0.5, 0.8];

/** Chapter 3: mean p on unlabeled foreground against coverage c, with the line p = c. */
export function meanPVersusCoverage(): string {
  const points = sweepPoints('meanPUnlabeledFg', SWEEP_LOSSES);
  const means = sweepMeans('meanPUnlabeledFg', SWEEP_LOSSES);
  return plotToSvg({
    description: `Mean predicted probability on unlabeled foreground pixels against foreground coverage c, after ${coverageSweep.steps} steps, seeds ${coverageSweep.seeds.join(', ')}. Full CE follows the diagonal p = c; partial CE and the oracle stay near 1. Means over seeds: ${describeMeans(means, SWEEP_LOSSES, DESCRIBE_AT)}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 0.82], label: 'foreground coverage c →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: '↑ mean p on unlabeled foreground', labelArrow: 'none', grid: true },
    marks: [
      Plot.line([[0, 0], [0.82, 0.82]], { stroke: 'currentColor', strokeDasharray: '2,3', strokeOpacity: 0.8 }),
      Plot.text([[0.66, 0.6]], { text: ['p = c'], fill: 'currentColor', textAnchor: 'start', fontSize: 11 }),
      Plot.ruleY([0.5], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.text([[0.01, 0.52]], { text: ['threshold 0.5'], fill: 'currentColor', textAnchor: 'start', fontSize: 11, dy: -4 }),
      ...lossMarks(points, means, SWEEP_LOSSES),
      Plot.ruleX([0]),
    ],
  });
}

/** Chapter 3: recall on unlabeled foreground against coverage c. */
export function recallVersusCoverage(): string {
  const points = sweepPoints('recallUnlabeledFg', SWEEP_LOSSES);
  const means = sweepMeans('recallUnlabeledFg', SWEEP_LOSSES);
  return plotToSvg({
    description: `Recall on unlabeled foreground pixels (share predicted foreground at threshold 0.5) against coverage c, after ${coverageSweep.steps} steps, seeds ${coverageSweep.seeds.join(', ')}. Full CE recalls nothing until c approaches 0.5; partial CE stays near the oracle at every coverage. Means over seeds: ${describeMeans(means, SWEEP_LOSSES, DESCRIBE_AT)}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 0.82], label: 'foreground coverage c →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: '↑ recall on unlabeled foreground', labelArrow: 'none', grid: true },
    marks: [Plot.ruleX([0.5], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2,3' }), ...lossMarks(points, means, SWEEP_LOSSES), Plot.ruleX([0])],
  });
}

const CURVE_LOSSES: LossId[] = ['full', 'partial', 'oracle'];

/** Chapter 3: one metric over training steps for the default run of `seed`. */
export function curveOverSteps(metric: 'meanPUnlabeledFg' | 'recallUnlabeledFg', seed = 1): string {
  const run = defaultRuns.runs.find((r) => r.seed === seed);
  if (!run) throw new Error(`no default run for seed ${seed}`);
  const c = run.coverage as number;
  const rows = run.curve.flatMap((s) =>
    (s.models as MetricRow[]).map((m) => ({ loss: m.loss as LossId, x: s.step, y: m[metric] as number })),
  );
  const last = run.final as MetricRow[];
  const name = metric === 'meanPUnlabeledFg' ? 'mean p on unlabeled foreground' : 'recall on unlabeled foreground';
  const marks: Plot.Markish[] = CURVE_LOSSES.map((loss) =>
    Plot.line(
      rows.filter((r) => r.loss === loss),
      { x: 'x', y: 'y', stroke: LOSS_COLORS[loss], strokeWidth: 2, strokeDasharray: dash(loss) },
    ),
  );
  if (metric === 'meanPUnlabeledFg') {
    marks.unshift(
      Plot.ruleY([c], { stroke: 'currentColor', strokeDasharray: '2,3' }),
      Plot.text([[defaultRuns.steps, c]], { text: [`c = ${f2(c)}`], fill: 'currentColor', textAnchor: 'end', dy: -7, fontSize: 11 }),
    );
  }
  return plotToSvg({
    description: `${name[0]?.toUpperCase()}${name.slice(1)} over ${defaultRuns.steps} training steps, default settings, seed ${seed}, coverage c = ${f2(c)}. At the last step: ${CURVE_LOSSES.map((l) => `${LOSS_INFO[l].label} ${f2(last.find((m) => m.loss === l)?.[metric] as number)}`).join(', ')}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, defaultRuns.steps], label: 'training step →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: `↑ ${name}`, labelArrow: 'none', grid: true },
    marks: [...marks, Plot.ruleY([0])],
  });
}

const FG_LOSSES: LossId[] = ['partial-fg', 'nnpu', 'partial'];
const FG_NAMES: Record<string, string> = {
  'partial-fg': 'partial CE, fg labels only',
  nnpu: 'nnPU, true π',
  partial: 'partial CE + bg scribbles',
};

/** Chapter 4: background FPR and IoU per loss, one dot per seed. */
export function foregroundOnlyOutcomes(): string {
  const rows = foregroundOnly.runs.flatMap((r) =>
    (r.final as MetricRow[]).flatMap((m) => [
      { loss: m.loss as LossId, metric: 'background FPR', value: m.bgFpr as number, seed: r.seed },
      { loss: m.loss as LossId, metric: 'IoU', value: m.iou as number, seed: r.seed },
    ]),
  );
  const summary = FG_LOSSES.map((loss) => {
    const fpr = rows.filter((r) => r.loss === loss && r.metric === 'background FPR').map((r) => f2(r.value));
    const iou = rows.filter((r) => r.loss === loss && r.metric === 'IoU').map((r) => f2(r.value));
    return `${FG_NAMES[loss]}: background FPR ${fpr.join(', ')}; IoU ${iou.join(', ')}`;
  }).join('. ');
  return plotToSvg({
    description: `Background false-positive rate and IoU after ${foregroundOnly.steps} steps for seeds ${foregroundOnly.seeds.join(', ')}. ${summary}.`,
    width: WIDTH,
    height: 240,
    marginLeft: 160,
    marginRight: 100,
    marginTop: 24,
    marginBottom: 40,
    fy: { label: null },
    x: { domain: [0, 1], label: 'value (one dot per seed) →', labelAnchor: 'right', labelArrow: 'none', grid: true },
    y: { domain: FG_LOSSES.map((l) => FG_NAMES[l] as string), label: null },
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      ...FG_LOSSES.flatMap((loss) => [
        Plot.dot(
          rows.filter((r) => r.loss === loss && r.metric === 'background FPR'),
          { x: 'value', y: () => FG_NAMES[loss], fy: 'metric', stroke: LOSS_COLORS[loss], fill: LOSS_COLORS[loss], r: 4, symbol: 'square' },
        ),
        Plot.dot(
          rows.filter((r) => r.loss === loss && r.metric === 'IoU'),
          { x: 'value', y: () => FG_NAMES[loss], fy: 'metric', stroke: LOSS_COLORS[loss], r: 4, strokeWidth: 2 },
        ),
      ]),
    ],
  });
}

/** Chapter 4: nnPU's background FPR and IoU against the prior π it is given. */
export function nnpuPriorSweep(): string {
  const rows = foregroundOnly.priorSweep.flatMap((p) =>
    (p.final as MetricRow[]).flatMap((m) => [
      { prior: p.prior, metric: 'background FPR', value: m.bgFpr as number, seed: p.seed },
      { prior: p.prior, metric: 'IoU', value: m.iou as number, seed: p.seed },
    ]),
  );
  const priors = [...new Set(foregroundOnly.priorSweep.map((p) => p.prior))];
  const means = ['background FPR', 'IoU'].flatMap((metric) =>
    priors.map((prior) => ({
      prior,
      metric,
      value: mean(rows.filter((r) => r.prior === prior && r.metric === metric).map((r) => r.value)),
    })),
  );
  const truePrior = mean(foregroundOnly.runs.map((r) => r.truePrior as number));
  const describe = (metric: string) =>
    means.filter((m) => m.metric === metric).map((m) => `${f2(m.value)} at π = ${m.prior}`).join(', ');
  return plotToSvg({
    description: `nnPU trained with an assumed prior π from ${priors[0]} to ${priors[priors.length - 1]}, ${foregroundOnly.steps} steps, seeds ${foregroundOnly.seeds.join(', ')}; the true prior is about ${f2(truePrior)}. Mean background FPR: ${describe('background FPR')}. Mean IoU: ${describe('IoU')}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 0.55], label: 'assumed prior π →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: '↑ value', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleX([truePrior], { stroke: 'currentColor', strokeDasharray: '2,3' }),
      Plot.text([[truePrior, 1]], { text: [`true π ≈ ${f2(truePrior)}`], fill: 'currentColor', textAnchor: 'start', dx: 4, dy: 6, fontSize: 11 }),
      Plot.line(means.filter((m) => m.metric === 'IoU'), { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2 }),
      Plot.dot(rows.filter((r) => r.metric === 'IoU'), { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, r: 3 }),
      Plot.line(means.filter((m) => m.metric === 'background FPR'), { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2, strokeDasharray: '6,3' }),
      Plot.dot(rows.filter((r) => r.metric === 'background FPR'), { x: 'prior', y: 'value', fill: LOSS_COLORS.nnpu, r: 3, symbol: 'square' }),
      Plot.ruleY([0]),
    ],
  });
}
