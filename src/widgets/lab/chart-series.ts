/**
 * What the Lab can chart and tabulate, derived from the metric table: the metrics measured
 * against the truth, the held-out twins it charts, the metrics that need no truth, and the
 * loss value, titled in the page's language (the catalog's `metric.<id>.*` and `lab.train.*`).
 */
import { heldOutId, type MetricInfo, metricsWhere } from '../../core/metric-table';
import { type UiText, uiText } from '../../i18n/ui';
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

/** A metric of the table, in the words of `text`. */
const metric = (m: MetricInfo, text: UiText): ChartOption => {
  const title = text.t(`metric.${m.id}.title`);
  return {
    id: m.id,
    title,
    short: text.t(`metric.${m.id}.short`),
    needsTruth: m.needsTruth,
    series: {
      title,
      value: (s) => s.metrics[m.id],
      domain: m.fitChart ? null : [m.range[0], m.range[1]],
      coverageLine: m.coverageLine,
    },
  };
};

// The same scenes' generator, images never trained on: null (no line) for a reader's own data.
const heldOut = (m: MetricInfo, text: UiText): ChartOption => {
  const title = text.t('lab.train.heldOutTitle', { title: text.t(`metric.${m.id}.title`) });
  const short = text.t('lab.train.heldOutShort', { short: text.t(`metric.${m.id}.short`) });
  return {
    id: heldOutId(m.id) as LabChartId,
    title,
    short,
    needsTruth: true,
    series: { title, value: (s) => s.heldOut?.[m.id] ?? null, domain: [m.range[0], m.range[1]], coverageLine: false },
  };
};

const charted = metricsWhere((m) => m.notCharted === undefined);

/** Every chart the Lab offers, in order, titled in the words of `text`. */
export function chartOptions(text: UiText): readonly ChartOption[] {
  const lossTitle = text.t('lab.train.lossChart');
  return [
    ...charted.filter((m) => m.needsTruth).map((m) => metric(m, text)),
    ...charted.filter((m) => m.heldOut?.chart).map((m) => heldOut(m, text)),
    ...charted.filter((m) => !m.needsTruth).map((m) => metric(m, text)),
    {
      id: 'loss',
      title: lossTitle,
      short: text.t('lab.train.lossValueColumn'),
      needsTruth: false,
      series: { title: lossTitle, value: (m) => m.loss, domain: null, coverageLine: false },
    },
  ];
}

/** The values table's metric columns: every chart option but the loss value, which has a column of its own. */
export const valueColumns = (text: UiText): readonly ChartOption[] => chartOptions(text).filter((o) => o.id !== 'loss');

/** The Lab's charts in English (what the metric table's tests check). */
export const CHART_OPTIONS: readonly ChartOption[] = chartOptions(uiText('en'));
/** The values table's metric columns in English. */
export const VALUE_COLUMNS: readonly ChartOption[] = valueColumns(uiText('en'));

/** Whether chart `id` needs the ground truth (no line for a reader's own image). */
export function chartNeedsTruth(id: string): boolean {
  return CHART_OPTIONS.find((o) => o.id === id)?.needsTruth ?? false;
}

/** The chart option `id` among `options`, if the Lab offers it. */
export function chartOption(options: readonly ChartOption[], id: string): ChartOption | undefined {
  return options.find((o) => o.id === id);
}
