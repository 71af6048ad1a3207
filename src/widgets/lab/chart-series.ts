/**
 * What the Lab can chart and tabulate, derived from the metric table: the metrics measured
 * against the truth, the held-out twins it charts, the metrics that need no truth, and the
 * loss value.
 */
import { heldOutId, heldOutNames, type MetricInfo, metricsWhere } from '../../core/metric-table';
import type { LabChartId } from '../../lab-page/presets';
import type { ChartSeries } from '../shared/charts';

export interface ChartOption {
  id: LabChartId;
  title: string;
  /** Column header in the values table. */
  short: string;
  /** Needs the ground truth (hidden for a reader's own image). */
  needsTruth: boolean;
  series: ChartSeries;
}

const metric = (m: MetricInfo): ChartOption => ({
  id: m.id,
  title: m.title,
  short: m.short,
  needsTruth: m.needsTruth,
  series: {
    title: m.title,
    value: (s) => s.metrics[m.id],
    domain: m.fitChart ? null : [m.range[0], m.range[1]],
    coverageLine: m.coverageLine,
  },
});

// The same scenes' generator, images never trained on: null (no line) for a reader's own data.
const heldOut = (m: MetricInfo): ChartOption => {
  const { title, short } = heldOutNames(m.id);
  return {
    id: heldOutId(m.id) as LabChartId,
    title,
    short,
    needsTruth: true,
    series: { title, value: (s) => s.heldOut?.[m.id] ?? null, domain: [m.range[0], m.range[1]], coverageLine: false },
  };
};

const charted = metricsWhere((m) => m.notCharted === undefined);

export const CHART_OPTIONS: readonly ChartOption[] = [
  ...charted.filter((m) => m.needsTruth).map(metric),
  ...charted.filter((m) => m.heldOut?.chart).map(heldOut),
  ...charted.filter((m) => !m.needsTruth).map(metric),
  {
    id: 'loss',
    title: 'Loss on the last batch',
    short: 'loss value',
    needsTruth: false,
    series: { title: 'Loss on the last batch', value: (m) => m.loss, domain: null, coverageLine: false },
  },
];

/** The values table's metric columns: every chart option but the loss value, which has a column of its own. */
export const VALUE_COLUMNS: readonly ChartOption[] = CHART_OPTIONS.filter((o) => o.id !== 'loss');

/** The chart option `id`, if the Lab offers it. */
export function chartOption(id: string): ChartOption | undefined {
  return CHART_OPTIONS.find((o) => o.id === id);
}
