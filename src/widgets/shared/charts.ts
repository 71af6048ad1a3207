/** Observable Plot curves of a run: one line per loss over steps, in the site's colours. */
import * as Plot from '@observablehq/plot';
import type { LossId } from '../../core/catalog';
import { blendEquilibrium } from '../../core/propensity';
import type { ModelSnapshot, Snapshot } from '../../core/train';
import type { UiText } from '../../i18n/ui';
import { DASH, ERROR_MAP_RGB, LOSS_COLORS, lossDash, MAP_SCALES, rgbCss } from '../../styles/palette';
import { fixed } from './format';
import { type ChartMetric, METRIC_META, metricValue } from './metrics-meta';

/** Most points drawn per line; longer runs are thinned evenly (the last point always kept). */
const MAX_POINTS = 400;

interface Point {
  step: number;
  value: number;
}

/** What one chart plots: a title, one value per model and step, and its y range. */
export interface ChartSeries {
  title: string;
  value: (model: ModelSnapshot) => number | null;
  /** Fixed y range; null fits the range to the values (from 0). */
  domain: [number, number] | null;
  /** Draw a reference line at the label coverage c. */
  coverageLine: boolean;
  /** Also draw where the mask-strength blend settles under SCAR labels, when 'blend' is compared. */
  blendLine?: boolean;
}

/** A horizontal reference line of a chart, with its label and its words in the text alternative. */
export interface ReferenceLine {
  value: number;
  /** Drawn at the line's right end, e.g. "c = 0.15". */
  label: string;
  /** Colour of the line and its label; the axes' colour when omitted. */
  stroke?: string;
  dash: string;
  /** How the text alternative states it, e.g. "coverage c = 0.15". */
  description: string;
}

/** The series of one of the shared metrics (ratios in [0, 1]), titled in the page's language. */
export function metricSeries(metric: ChartMetric, text: UiText): ChartSeries {
  const meta = METRIC_META[metric];
  return {
    title: text.t(`metric.${metric}.title`),
    value: (m) => metricValue(m.metrics, metric),
    domain: meta.fitChart ? null : [0, 1],
    coverageLine: meta.coverageLine,
    // The blend's equilibrium is a statement about all unlabeled foreground at once.
    blendLine: metric === 'meanPUnlabeledFg',
  };
}

/** The reference lines a series asks for, given the run's coverage c, losses and mask strength λ. */
export function referenceLines(
  spec: ChartSeries,
  coverage: number | null,
  losses: readonly LossId[],
  lambda: number | null,
  text: UiText,
): ReferenceLine[] {
  const lines: ReferenceLine[] = [];
  if (coverage === null) return lines;
  if (spec.coverageLine) {
    lines.push({
      value: coverage,
      label: text.t('chart.coverageLabel', { c: fixed(coverage) }),
      dash: DASH.guide,
      description: text.t('chart.coverageDescription', { c: fixed(coverage) }),
    });
  }
  const settle =
    spec.blendLine && lambda !== null && losses.includes('blend') ? blendEquilibrium(coverage, lambda) : null;
  if (settle !== null) {
    lines.push({
      value: settle,
      label: text.t('chart.equilibriumLabel', { value: fixed(settle) }),
      stroke: LOSS_COLORS.blend,
      dash: DASH.equilibrium,
      description: text.t('chart.equilibriumDescription', { value: fixed(settle), lambda: fixed(lambda) }),
    });
  }
  return lines;
}

function series(records: readonly Snapshot[], spec: ChartSeries, loss: LossId): Point[] {
  const stride = Math.max(1, Math.ceil(records.length / MAX_POINTS));
  const out: Point[] = [];
  records.forEach((r, i) => {
    if (i % stride !== 0 && i !== records.length - 1) return;
    const m = r.models.find((x) => x.id === loss);
    const v = m ? spec.value(m) : null;
    if (v !== null && Number.isFinite(v)) out.push({ step: r.step, value: v });
  });
  return out;
}

export interface ChartInput {
  /** A shared metric, or any series (the Lab charts the loss value and label agreement too). */
  metric: ChartMetric | ChartSeries;
  losses: readonly LossId[];
  records: readonly Snapshot[];
  /** The previous run, drawn faded while the new one grows. */
  ghost: readonly Snapshot[] | null;
  coverage: number | null;
  /** The run's mask strength λ, for the blend's reference line; null or omitted when unknown. */
  lambda?: number | null;
  /** Reference lines beyond those the series asks for. */
  extraLines?: readonly ReferenceLine[];
  width: number;
  /** The words of the figure's language. */
  text: UiText;
}

/** Top of a fitted y range: the largest value drawn, with a little headroom (at least 0.1). */
function fittedTop(
  records: readonly Snapshot[],
  ghost: readonly Snapshot[] | null,
  spec: ChartSeries,
  losses: readonly LossId[],
): number {
  let top = 0;
  for (const run of [records, ghost ?? []]) {
    for (const r of run) {
      for (const m of r.models) {
        const v = losses.includes(m.id) ? spec.value(m) : null;
        if (v !== null && Number.isFinite(v) && v > top) top = v;
      }
    }
  }
  return Math.max(0.1, top * 1.08);
}

/**
 * At most `max` of `records`, evenly spaced, first and last kept: a line needs no more points
 * than its chart has pixels across, and fewer points keep each frame's task short.
 */
export function forDrawing(records: readonly Snapshot[], max: number): readonly Snapshot[] {
  if (records.length <= max || max < 2) return records;
  const last = records.length - 1;
  return Array.from({ length: max }, (_, k) => records[Math.round((k * last) / (max - 1))] as Snapshot);
}

/** One chart as an SVG element, with a text alternative that states its current values. */
export function renderChart(input: ChartInput): SVGSVGElement | HTMLElement {
  const { losses, coverage, width, text } = input;
  const records = forDrawing(input.records, Math.round(width));
  const ghost = input.ghost ? forDrawing(input.ghost, Math.round(width)) : null;
  const meta = typeof input.metric === 'string' ? metricSeries(input.metric, text) : input.metric;
  const last = records.at(-1);
  const lastStep = Math.max(last?.step ?? 0, ghost?.at(-1)?.step ?? 0, 10);
  const marks: Plot.Markish[] = [Plot.ruleY([0], { strokeOpacity: 0.3 })];
  for (const loss of losses) {
    const dash = lossDash(loss);
    if (ghost) {
      marks.push(
        Plot.line(series(ghost, meta, loss), {
          x: 'step',
          y: 'value',
          stroke: LOSS_COLORS[loss],
          strokeOpacity: 0.25,
          strokeWidth: 2,
          strokeDasharray: dash,
        }),
      );
    }
    marks.push(
      Plot.line(series(records, meta, loss), {
        x: 'step',
        y: 'value',
        stroke: LOSS_COLORS[loss],
        strokeWidth: 2.25,
        strokeDasharray: dash,
      }),
    );
  }
  const lines = [...referenceLines(meta, coverage, losses, input.lambda ?? null, text), ...(input.extraLines ?? [])];
  const top = meta.domain ? meta.domain[1] : fittedTop(records, ghost, meta, losses);
  lines.forEach((line, i) => {
    // Labels sit above their line; the lower of two close lines puts its label below instead.
    const crowded = lines.some(
      (other, j) => j !== i && other.value > line.value && other.value - line.value < 0.12 * top,
    );
    const dy = crowded ? 10 : -6;
    // A coloured line crosses the curves, so its label gets a halo in the page colour.
    const halo = line.stroke ? { fill: line.stroke, stroke: 'var(--bg)', strokeWidth: 3, paintOrder: 'stroke' } : {};
    marks.push(
      line.stroke
        ? Plot.ruleY([line.value], { stroke: line.stroke, strokeDasharray: line.dash, strokeWidth: 1.5 })
        : Plot.ruleY([line.value], { stroke: 'currentColor', strokeDasharray: line.dash, strokeOpacity: 0.8 }),
      Plot.text([line.value], {
        x: lastStep,
        y: (d: number) => d,
        text: () => line.label,
        textAnchor: 'end',
        dy,
        fontSize: 11,
        ...halo,
      }),
    );
  });
  const values = losses
    .map((loss) => {
      const m = last?.models.find((x) => x.id === loss);
      return text.t('chart.valueOf', {
        loss: text.t(`loss.${loss}.label`),
        value: fixed(m ? meta.value(m) : null, meta.domain ? 2 : 3),
      });
    })
    .join(text.t('chart.listSeparator'));
  const svg = Plot.plot({
    width,
    height: 200,
    marginLeft: 38,
    marginRight: 12,
    marginBottom: 32,
    style: { background: 'transparent', fontSize: '11px' },
    x: { label: text.t('chart.step'), domain: [0, lastStep], ticks: 5 },
    y: { domain: [0, top], grid: true, label: null, ticks: 5 },
    marks,
    ariaLabel: text.t('chart.ariaLabel', { title: meta.title, n: last?.step ?? 0 }),
    ariaDescription: text.t('chart.ariaDescription', {
      n: last?.step ?? 0,
      values,
      lines: lines.map((l) => `${text.t('chart.lineSeparator')}${l.description}`).join(''),
    }),
  }) as SVGSVGElement;
  // Plot names each mark's <g>, where aria-label is not allowed; the chart's own label and description say it all.
  for (const g of svg.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
  return svg;
}

/** A colour function for p ∈ [0, 1], on the palette's probability scale. */
export function probabilityColour(): (t: number) => string {
  const scale = Plot.scale({ color: { ...MAP_SCALES.probability, domain: [0, 1] } });
  return (t) => String(scale.apply(t));
}

/** A diverging colour function on [-1, 1], on the palette's gradient scale. */
export function divergingColour(): (t: number) => string {
  const scale = Plot.scale({ color: { ...MAP_SCALES.gradient, domain: [-1, 1] } });
  return (t) => String(scale.apply(t * 2 - 1));
}

/** A legend for a colour scale, as Plot draws it. */
export function legend(kind: 'probability' | 'gradient', label: string, extent = 1): HTMLElement | SVGSVGElement {
  if (kind === 'probability') {
    return Plot.legend({ color: { ...MAP_SCALES.probability, domain: [0, 1], label }, width: 240 }) as HTMLElement;
  }
  return Plot.legend({
    color: { ...MAP_SCALES.gradient, domain: [-extent, extent], label },
    width: 240,
    ticks: 5,
  }) as HTMLElement;
}

/** The swatches of the error maps: correct, wrong near a boundary, wrong farther in. */
export function errorLegend(text: UiText): HTMLElement | SVGSVGElement {
  const names = [text.t('map.errorCorrect'), text.t('map.errorBorder'), text.t('map.errorInterior')];
  const keys = ['correct', 'border', 'interior'] as const;
  return Plot.legend({
    color: { type: 'ordinal', domain: names, range: keys.map((k) => rgbCss(ERROR_MAP_RGB[k])) },
    label: text.t('map.errorLegend'),
  }) as HTMLElement;
}
