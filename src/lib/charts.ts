/**
 * The site's static charts, built from the committed figure data. Each returns an SVG
 * string (see plot-svg.ts) and a text alternative that states the plotted values.
 */
import * as Plot from '@observablehq/plot';
import type { LossId } from '../core/catalog';
import { LOSS_INFO } from '../core/catalog';
import { type FigureMetricId, inSentence, metricInfo } from '../core/metric-table';
import { blendEquilibrium } from '../core/propensity';
import { DASH, LOSS_COLORS, lossDash } from '../styles/palette';
import {
  coverageSweep,
  defaultRuns,
  foregroundOnly,
  lambdaSweep,
  type MetricRow,
  type SweepMode,
  sweepFacts,
} from './measured';
import { plotToSvg } from './plot-svg';

const WIDTH = 440;
const HEIGHT = 300;
const MARGINS = { marginLeft: 48, marginRight: 16, marginTop: 20, marginBottom: 42 };
const f2 = (x: number) => x.toFixed(2);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

const MODE_NAMES: Record<SweepMode, string> = {
  scar: 'labels selected completely at random (SCAR)',
  scribbles: 'strokes',
};
const X_DOMAIN: [number, number] = [0, 0.82];

/** Seed-mean series over the sweep's densities of one labeling mode: x is the measured coverage. */
function sweepSeries(mode: SweepMode, value: (facts: ReturnType<typeof sweepFacts>) => number) {
  return coverageSweep.densities.map((density) => {
    const facts = sweepFacts(mode, density);
    return { density, x: facts.coverage, y: value(facts) };
  });
}

const listSeries = (points: { density: number; x: number; y: number }[]) =>
  points.map((p) => `${f2(p.y)} at c = ${f2(p.x)}`).join(', ');

/** Size, margins and axes of a chart over the coverage sweep, with its y label. */
const coverageFrame = (yLabel: string) => ({
  width: WIDTH,
  height: HEIGHT,
  ...MARGINS,
  x: { domain: X_DOMAIN, label: 'foreground coverage c →', labelAnchor: 'right' as const, labelArrow: 'none' as const },
  y: { domain: [0, 1], label: yLabel, labelArrow: 'none' as const, grid: true },
});

/**
 * Chapter 3: full CE's mean p on unlabeled foreground against the coverage, interior and
 * border ring apart, beside the measured labeling propensity e(x) of the same pixels.
 */
export function propensitySweep(mode: SweepMode): string {
  const interior = sweepSeries(mode, (f) => f.metric('full', 'meanPUnlabeledFgInterior'));
  const border = sweepSeries(mode, (f) => f.metric('full', 'meanPUnlabeledFgBorder'));
  const eInterior = sweepSeries(mode, (f) => f.propensityInterior);
  const eBorder = sweepSeries(mode, (f) => f.propensityBorder);
  return plotToSvg({
    description: `Full CE under ${MODE_NAMES[mode]}: mean predicted probability on unlabeled foreground against the coverage c, after ${coverageSweep.steps} steps, means over seeds ${coverageSweep.seeds.join(', ')}. Interior pixels: ${listSeries(interior)}. Border-ring pixels: ${listSeries(border)}. Measured labeling propensity e, interior: ${listSeries(eInterior)}; border ring: ${listSeries(eBorder)}.`,
    ...coverageFrame('↑ mean p (lines), propensity e (circles)'),
    marks: [
      Plot.line(
        [
          [0, 0],
          [X_DOMAIN[1], X_DOMAIN[1]],
        ],
        { stroke: 'currentColor', strokeDasharray: DASH.guide, strokeOpacity: 0.8 },
      ),
      Plot.text([[0.7, 0.64]], { text: ['p = c'], fill: 'currentColor', textAnchor: 'start', fontSize: 11 }),
      Plot.ruleY([0.5], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.line(interior, { x: 'x', y: 'y', stroke: LOSS_COLORS.full, strokeWidth: 2 }),
      Plot.dot(interior, { x: 'x', y: 'y', fill: LOSS_COLORS.full, r: 2.5 }),
      Plot.line(border, { x: 'x', y: 'y', stroke: LOSS_COLORS.full, strokeWidth: 2, strokeDasharray: DASH.loss }),
      Plot.dot(border, { x: 'x', y: 'y', fill: LOSS_COLORS.full, r: 2.5, symbol: 'square' }),
      Plot.dot(eInterior, { x: 'x', y: 'y', stroke: 'currentColor', r: 4.5 }),
      Plot.dot(eBorder, { x: 'x', y: 'y', stroke: 'currentColor', r: 4.5, symbol: 'square' }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Chapter 3: recall on unlabeled foreground against the coverage: full CE, full CE repaired
 * as Elkan and Noto propose (p / ĉ ≥ 0.5), partial CE and the oracle.
 */
export function recallSweep(mode: SweepMode): string {
  const series: { name: string; color: string; dash?: string; points: { density: number; x: number; y: number }[] }[] =
    [
      {
        name: 'full CE',
        color: LOSS_COLORS.full,
        points: sweepSeries(mode, (f) => f.metric('full', 'recallUnlabeledFg')),
      },
      {
        name: 'full CE divided by ĉ',
        color: LOSS_COLORS.full,
        dash: DASH.loss,
        points: sweepSeries(mode, (f) => f.repairedRecall),
      },
      {
        name: 'partial CE',
        color: LOSS_COLORS.partial,
        points: sweepSeries(mode, (f) => f.metric('partial', 'recallUnlabeledFg')),
      },
      {
        name: LOSS_INFO.oracle.label,
        color: LOSS_COLORS.oracle,
        dash: DASH.loss,
        points: sweepSeries(mode, (f) => f.metric('oracle', 'recallUnlabeledFg')),
      },
    ];
  return plotToSvg({
    description: `Recall on unlabeled foreground (threshold 0.5) against the coverage c under ${MODE_NAMES[mode]}, after ${coverageSweep.steps} steps, means over seeds ${coverageSweep.seeds.join(', ')}. ${series.map((s) => `${s.name}: ${listSeries(s.points)}`).join('. ')}.`,
    ...coverageFrame('↑ recall on unlabeled foreground'),
    marks: [
      ...series.flatMap((s) => [
        Plot.line(s.points, { x: 'x', y: 'y', stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash }),
        Plot.dot(s.points, { x: 'x', y: 'y', fill: s.color, r: 2.5 }),
      ]),
      Plot.ruleX([0]),
    ],
  });
}

/** Chapter 3: the mask-strength blend under SCAR labels, measured mean p against the predicted equilibrium. */
export function lambdaEquilibrium(): string {
  const lambdas = [...new Set(lambdaSweep.points.map((p) => p.lambda))];
  const rows = lambdaSweep.points.map((p) => ({
    lambda: p.lambda,
    measured: (p.models as MetricRow[])[0]?.meanPUnlabeledFgInterior as number,
    predicted: p.predicted as number,
  }));
  const means = lambdas.map((lambda) => {
    const at = rows.filter((r) => r.lambda === lambda);
    return { lambda, measured: mean(at.map((r) => r.measured)), predicted: mean(at.map((r) => r.predicted)) };
  });
  const c = mean(lambdaSweep.points.map((p) => p.coverage as number));
  const theory = Array.from({ length: 101 }, (_, k) => ({
    lambda: k / 100,
    p: blendEquilibrium(c, k / 100) as number,
  }));
  return plotToSvg({
    description: `Mask-strength blend under SCAR labels at the default density, ${lambdaSweep.steps} steps, seeds ${lambdaSweep.seeds.join(', ')}: mean p on interior unlabeled foreground against λ, beside the predicted equilibrium c/(c + λ(1 − c)). ${means.map((m) => `λ = ${m.lambda}: measured ${f2(m.measured)}, predicted ${f2(m.predicted)}`).join('; ')}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 1], label: 'mask strength λ →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: '↑ mean p, interior unlabeled foreground', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleY([0.5], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.line(theory, { x: 'lambda', y: 'p', stroke: 'currentColor', strokeDasharray: DASH.guide }),
      Plot.text([[0.55, blendEquilibrium(c, 0.55) as number]], {
        text: ['c / (c + λ(1 − c))'],
        fill: 'currentColor',
        textAnchor: 'start',
        dy: -10,
        fontSize: 11,
      }),
      Plot.dot(rows, { x: 'lambda', y: 'measured', stroke: LOSS_COLORS.blend, r: 3 }),
      Plot.line(means, { x: 'lambda', y: 'measured', stroke: LOSS_COLORS.blend, strokeWidth: 2 }),
      Plot.ruleX([0]),
    ],
  });
}

const CURVE_LOSSES: LossId[] = ['full', 'partial', 'oracle'];

/** Chapter 3: one metric over training steps for the default run of `seed`. */
export function curveOverSteps(metric: FigureMetricId, seed = 1): string {
  const run = defaultRuns.runs.find((r) => r.seed === seed);
  if (!run) throw new Error(`no default run for seed ${seed}`);
  const c = run.coverage as number;
  const rows = run.curve.flatMap((s) =>
    (s.models as MetricRow[]).map((m) => ({ loss: m.loss as LossId, x: s.step, y: m[metric] as number })),
  );
  const last = run.final as MetricRow[];
  const name = inSentence(metric);
  const marks: Plot.Markish[] = CURVE_LOSSES.map((loss) =>
    Plot.line(
      rows.filter((r) => r.loss === loss),
      { x: 'x', y: 'y', stroke: LOSS_COLORS[loss], strokeWidth: 2, strokeDasharray: lossDash(loss) },
    ),
  );
  if (metricInfo(metric).coverageLine) {
    marks.unshift(
      Plot.ruleY([c], { stroke: 'currentColor', strokeDasharray: DASH.guide }),
      Plot.text([[defaultRuns.steps, c]], {
        text: [`c = ${f2(c)}`],
        fill: 'currentColor',
        textAnchor: 'end',
        dy: -7,
        fontSize: 11,
      }),
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
          {
            x: 'value',
            y: () => FG_NAMES[loss],
            fy: 'metric',
            stroke: LOSS_COLORS[loss],
            fill: LOSS_COLORS[loss],
            r: 4,
            symbol: 'square',
          },
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
    means
      .filter((m) => m.metric === metric)
      .map((m) => `${f2(m.value)} at π = ${m.prior}`)
      .join(', ');
  return plotToSvg({
    description: `nnPU trained with an assumed prior π from ${priors[0]} to ${priors[priors.length - 1]}, ${foregroundOnly.steps} steps, seeds ${foregroundOnly.seeds.join(', ')}; the true prior is about ${f2(truePrior)}. Mean background FPR: ${describe('background FPR')}. Mean IoU: ${describe('IoU')}.`,
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 0.55], label: 'assumed prior π →', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: '↑ value', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleX([truePrior], { stroke: 'currentColor', strokeDasharray: DASH.guide }),
      Plot.text([[truePrior, 1]], {
        text: [`true π ≈ ${f2(truePrior)}`],
        fill: 'currentColor',
        textAnchor: 'start',
        dx: 4,
        dy: 6,
        fontSize: 11,
      }),
      Plot.line(
        means.filter((m) => m.metric === 'IoU'),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2 },
      ),
      Plot.dot(
        rows.filter((r) => r.metric === 'IoU'),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, r: 3 },
      ),
      Plot.line(
        means.filter((m) => m.metric === 'background FPR'),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2, strokeDasharray: DASH.companion },
      ),
      Plot.dot(
        rows.filter((r) => r.metric === 'background FPR'),
        { x: 'prior', y: 'value', fill: LOSS_COLORS.nnpu, r: 3, symbol: 'square' },
      ),
      Plot.ruleY([0]),
    ],
  });
}
