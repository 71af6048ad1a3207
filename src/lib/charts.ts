/**
 * The site's static charts, built from the committed figure data. Each returns an SVG
 * string (see plot-svg.ts) and a text alternative that states the plotted values, in the
 * language of the figure words `t` (src/i18n/figures.ts) it is given.
 */
import * as Plot from '@observablehq/plot';
import type { LossId } from '../core/catalog';
import { LOSS_INFO } from '../core/catalog';
import { type FigureMetricId, metricInfo } from '../core/metric-table';
import { blendEquilibrium } from '../core/propensity';
import type { FigureStrings } from '../i18n/figures';
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

const X_DOMAIN: [number, number] = [0, 0.82];

/** Seed-mean series over the sweep's densities of one labeling mode: x is the measured coverage. */
function sweepSeries(mode: SweepMode, value: (facts: ReturnType<typeof sweepFacts>) => number) {
  return coverageSweep.densities.map((density) => {
    const facts = sweepFacts(mode, density);
    return { density, x: facts.coverage, y: value(facts) };
  });
}

const listSeries = (t: FigureStrings, points: { density: number; x: number; y: number }[]) =>
  points.map((p) => t.chart.atCoverage(f2(p.y), f2(p.x))).join(t.chart.comma);

/** A loss's name in legends and text alternatives. */
const lossName = (t: FigureStrings, id: LossId) => t.lossLabels[id] ?? LOSS_INFO[id].label;

/** Size, margins and axes of a chart over the coverage sweep, with its y label. */
const coverageFrame = (t: FigureStrings, yLabel: string) => ({
  width: WIDTH,
  height: HEIGHT,
  ...MARGINS,
  x: { domain: X_DOMAIN, label: t.chart.coverageAxis, labelAnchor: 'right' as const, labelArrow: 'none' as const },
  y: { domain: [0, 1], label: yLabel, labelArrow: 'none' as const, grid: true },
});

/**
 * Chapter 3: full CE's mean p on unlabeled foreground against the coverage, interior and
 * border ring apart, beside the measured labeling propensity e(x) of the same pixels.
 */
export function propensitySweep(mode: SweepMode, t: FigureStrings): string {
  const interior = sweepSeries(mode, (f) => f.metric('full', 'meanPUnlabeledFgInterior'));
  const border = sweepSeries(mode, (f) => f.metric('full', 'meanPUnlabeledFgBorder'));
  const eInterior = sweepSeries(mode, (f) => f.propensityInterior);
  const eBorder = sweepSeries(mode, (f) => f.propensityBorder);
  return plotToSvg({
    description: t.chart.propensityDescription({
      mode: t.chart.modeNames[mode],
      steps: coverageSweep.steps,
      seeds: coverageSweep.seeds.join(', '),
      interior: listSeries(t, interior),
      border: listSeries(t, border),
      eInterior: listSeries(t, eInterior),
      eBorder: listSeries(t, eBorder),
    }),
    ...coverageFrame(t, t.chart.propensityY),
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
export function recallSweep(mode: SweepMode, t: FigureStrings): string {
  const series: { name: string; color: string; dash?: string; points: { density: number; x: number; y: number }[] }[] =
    [
      {
        name: lossName(t, 'full'),
        color: LOSS_COLORS.full,
        points: sweepSeries(mode, (f) => f.metric('full', 'recallUnlabeledFg')),
      },
      {
        name: t.chart.repairedName,
        color: LOSS_COLORS.full,
        dash: DASH.loss,
        points: sweepSeries(mode, (f) => f.repairedRecall),
      },
      {
        name: lossName(t, 'partial'),
        color: LOSS_COLORS.partial,
        points: sweepSeries(mode, (f) => f.metric('partial', 'recallUnlabeledFg')),
      },
      {
        name: lossName(t, 'oracle'),
        color: LOSS_COLORS.oracle,
        dash: DASH.loss,
        points: sweepSeries(mode, (f) => f.metric('oracle', 'recallUnlabeledFg')),
      },
    ];
  return plotToSvg({
    description: t.chart.recallDescription({
      mode: t.chart.modeNames[mode],
      steps: coverageSweep.steps,
      seeds: coverageSweep.seeds.join(', '),
      series: series.map((s) => t.chart.namedSeries(s.name, listSeries(t, s.points))),
    }),
    ...coverageFrame(t, t.chart.recallY),
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
export function lambdaEquilibrium(t: FigureStrings): string {
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
    description: t.chart.lambdaDescription({
      steps: lambdaSweep.steps,
      seeds: lambdaSweep.seeds.join(', '),
      points: means.map((m) => t.chart.lambdaPoint(m.lambda, f2(m.measured), f2(m.predicted))),
    }),
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 1], label: t.chart.lambdaAxis, labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: t.chart.lambdaY, labelArrow: 'none', grid: true },
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
export function curveOverSteps(metric: FigureMetricId, t: FigureStrings, seed = 1): string {
  const run = defaultRuns.runs.find((r) => r.seed === seed);
  if (!run) throw new Error(`no default run for seed ${seed}`);
  const c = run.coverage as number;
  const rows = run.curve.flatMap((s) =>
    (s.models as MetricRow[]).map((m) => ({ loss: m.loss as LossId, x: s.step, y: m[metric] as number })),
  );
  const last = run.final as MetricRow[];
  const name = t.chart.metricInSentence(metric);
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
    description: t.chart.curveDescription({
      metric: name,
      steps: defaultRuns.steps,
      seed,
      c: f2(c),
      last: CURVE_LOSSES.map((l) =>
        t.chart.lossValue(lossName(t, l), f2(last.find((m) => m.loss === l)?.[metric] as number)),
      ).join(t.chart.comma),
    }),
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, defaultRuns.steps], label: t.chart.stepAxis, labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: `↑ ${name}`, labelArrow: 'none', grid: true },
    marks: [...marks, Plot.ruleY([0])],
  });
}

const FG_LOSSES = ['partial-fg', 'nnpu', 'partial'] as const;

/** Chapter 4: background FPR and IoU per loss, one dot per seed. */
export function foregroundOnlyOutcomes(t: FigureStrings): string {
  const FG_NAMES = t.chart.fgNames;
  const FPR = t.chart.bgFprName;
  const IOU = t.chart.iouName;
  const rows = foregroundOnly.runs.flatMap((r) =>
    (r.final as MetricRow[]).flatMap((m) => [
      { loss: m.loss as LossId, metric: FPR, value: m.bgFpr as number, seed: r.seed },
      { loss: m.loss as LossId, metric: IOU, value: m.iou as number, seed: r.seed },
    ]),
  );
  const summary = FG_LOSSES.map((loss) => {
    const fpr = rows.filter((r) => r.loss === loss && r.metric === FPR).map((r) => f2(r.value));
    const iou = rows.filter((r) => r.loss === loss && r.metric === IOU).map((r) => f2(r.value));
    return t.chart.fgSummary(FG_NAMES[loss], fpr.join(t.chart.comma), iou.join(t.chart.comma));
  });
  return plotToSvg({
    description: t.chart.fgDescription({
      steps: foregroundOnly.steps,
      seeds: foregroundOnly.seeds.join(', '),
      summary,
    }),
    width: WIDTH,
    height: 240,
    marginLeft: 160,
    marginRight: 100,
    marginTop: 24,
    marginBottom: 40,
    fy: { label: null },
    x: { domain: [0, 1], label: t.chart.valueAxis, labelAnchor: 'right', labelArrow: 'none', grid: true },
    y: { domain: FG_LOSSES.map((l) => FG_NAMES[l]), label: null },
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      ...FG_LOSSES.flatMap((loss) => [
        Plot.dot(
          rows.filter((r) => r.loss === loss && r.metric === FPR),
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
          rows.filter((r) => r.loss === loss && r.metric === IOU),
          { x: 'value', y: () => FG_NAMES[loss], fy: 'metric', stroke: LOSS_COLORS[loss], r: 4, strokeWidth: 2 },
        ),
      ]),
    ],
  });
}

/** Chapter 4: nnPU's background FPR and IoU against the prior π it is given. */
export function nnpuPriorSweep(t: FigureStrings): string {
  const FPR = t.chart.bgFprName;
  const IOU = t.chart.iouName;
  const rows = foregroundOnly.priorSweep.flatMap((p) =>
    (p.final as MetricRow[]).flatMap((m) => [
      { prior: p.prior, metric: FPR, value: m.bgFpr as number, seed: p.seed },
      { prior: p.prior, metric: IOU, value: m.iou as number, seed: p.seed },
    ]),
  );
  const priors = [...new Set(foregroundOnly.priorSweep.map((p) => p.prior))];
  const means = [FPR, IOU].flatMap((metric) =>
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
      .map((m) => t.chart.atPrior(f2(m.value), m.prior))
      .join(t.chart.comma);
  return plotToSvg({
    description: t.chart.priorDescription({
      from: priors[0] as number,
      to: priors[priors.length - 1] as number,
      steps: foregroundOnly.steps,
      seeds: foregroundOnly.seeds.join(', '),
      truePrior: f2(truePrior),
      fpr: describe(FPR),
      iou: describe(IOU),
    }),
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: { domain: [0, 0.55], label: t.chart.priorAxis, labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 1], label: t.chart.priorY, labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleX([truePrior], { stroke: 'currentColor', strokeDasharray: DASH.guide }),
      Plot.text([[truePrior, 1]], {
        text: [t.chart.truePrior(f2(truePrior))],
        fill: 'currentColor',
        textAnchor: 'start',
        dx: 4,
        dy: 6,
        fontSize: 11,
      }),
      Plot.line(
        means.filter((m) => m.metric === IOU),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2 },
      ),
      Plot.dot(
        rows.filter((r) => r.metric === IOU),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, r: 3 },
      ),
      Plot.line(
        means.filter((m) => m.metric === FPR),
        { x: 'prior', y: 'value', stroke: LOSS_COLORS.nnpu, strokeWidth: 2, strokeDasharray: DASH.companion },
      ),
      Plot.dot(
        rows.filter((r) => r.metric === FPR),
        { x: 'prior', y: 'value', fill: LOSS_COLORS.nnpu, r: 3, symbol: 'square' },
      ),
      Plot.ruleY([0]),
    ],
  });
}
