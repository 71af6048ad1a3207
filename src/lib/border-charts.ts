/**
 * Chapter 6's static charts, from the committed border-gap data: the CRF term's weight
 * against border error and IoU, and the noise level against border error. Each returns an
 * SVG string whose text alternative states every plotted mean, in the language of the
 * chart words it is given (`borderChart` of src/i18n/figures.ts).
 */
import * as Plot from '@observablehq/plot';
import { FIGURE_STRINGS, type FigureStrings } from '../i18n/figures';
import { DASH, LOSS_COLORS } from '../styles/palette';
import { borderGap, noiseTable, weightTable } from './measured-border';
import { plotToSvg } from './plot-svg';

const WIDTH = 440;
const HEIGHT = 280;
const MARGINS = { marginLeft: 48, marginRight: 16, marginTop: 20, marginBottom: 42 };
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const f3 = (x: number) => x.toFixed(3);

/** Text of a chart, in one language. */
export type BorderChartText = FigureStrings['borderChart'];

export const BORDER_CHART_TEXT_EN: BorderChartText = FIGURE_STRINGS.en.borderChart;

/** Border error (or IoU) of the CRF model against the weight: a dot per seed, a line through the means. */
export function weightChart(metric: 'border' | 'iou', text: BorderChartText = BORDER_CHART_TEXT_EN): string {
  const rows = weightTable('crf');
  const dots = rows.flatMap((r) => r[metric].map((y, k) => ({ w: r.weight, y, seed: borderGap.seeds[k] })));
  const means = rows.map((r) => ({ w: r.weight, y: mean(r[metric]) }));
  const top = metric === 'iou' ? 1 : Math.max(0.05, ...dots.map((d) => d.y)) * 1.1;
  return plotToSvg({
    description: text.weightDescription({
      metric,
      means: means.map((m) => text.weightMean(m.w, f3(m.y))).join(text.semicolon),
      steps: borderGap.steps,
      seeds: borderGap.seeds.join(', '),
    }),
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: {
      type: 'point',
      domain: rows.map((r) => r.weight),
      label: text.weightAxis,
      labelAnchor: 'right',
      labelArrow: 'none',
    },
    y: { domain: [0, top], label: metric === 'iou' ? text.iouAxis : text.borderAxis, labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleY([means[0]?.y ?? 0], { stroke: LOSS_COLORS.partial, strokeDasharray: DASH.guide }),
      Plot.dot(dots, { x: 'w', y: 'y', stroke: LOSS_COLORS.crf, r: 3 }),
      Plot.line(means, { x: 'w', y: 'y', stroke: LOSS_COLORS.crf, strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
}

/** Border error of partial CE and of the CRF model against the noise: dots per seed, lines through the means. */
export function noiseChart(text: BorderChartText = BORDER_CHART_TEXT_EN): string {
  const rows = noiseTable();
  const series = (['partial', 'crf'] as const).map((loss) => ({
    loss,
    dots: rows.flatMap((r) => r[loss].map((y) => ({ noise: r.noise, y }))),
    means: rows.map((r) => ({ noise: r.noise, y: mean(r[loss]) })),
  }));
  const top = Math.max(0.05, ...series.flatMap((s) => s.dots.map((d) => d.y))) * 1.1;
  const described = rows.map((r) => text.noiseMean(r.noise, f3(mean(r.partial)), f3(mean(r.crf)))).join(text.semicolon);
  return plotToSvg({
    description: text.noiseDescription({
      means: described,
      weight: borderGap.defaults.crfWeight,
      steps: borderGap.steps,
      seeds: borderGap.seeds.join(', '),
    }),
    width: WIDTH,
    height: HEIGHT,
    ...MARGINS,
    x: {
      domain: [0, Math.max(...rows.map((r) => r.noise))],
      label: text.noiseAxis,
      labelAnchor: 'right',
      labelArrow: 'none',
    },
    y: { domain: [0, top], label: text.borderAxis, labelArrow: 'none', grid: true },
    marks: [
      ...series.flatMap((s) => [
        Plot.dot(s.dots, { x: 'noise', y: 'y', stroke: LOSS_COLORS[s.loss], r: 3 }),
        Plot.line(s.means, { x: 'noise', y: 'y', stroke: LOSS_COLORS[s.loss], strokeWidth: 2 }),
      ]),
      Plot.ruleY([0]),
    ],
  });
}
