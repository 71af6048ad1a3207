/** How the chapter trainers name and chart each metric: a view of the metric table (no chart library here). */

import { metricsWhere, type TruthMetricId } from '../../core/metric-table';
import type { Metrics } from '../../core/metrics';

/** What a chapter trainer can chart: every metric measured against the truth. */
export type ChartMetric = TruthMetricId;

export interface MetricMeta {
  title: string;
  /** Column header in the values table. */
  short: string;
  /** Draw a reference line at the label coverage c. */
  coverageLine: boolean;
  /** Fit the chart's y range to the values (small error rates) instead of 0–1. */
  fitChart: boolean;
}

export const METRIC_META = Object.fromEntries(
  metricsWhere((m) => m.needsTruth).map((m) => [
    m.id,
    { title: m.title, short: m.short, coverageLine: m.coverageLine, fitChart: m.fitChart === true },
  ]),
) as Record<ChartMetric, MetricMeta>;

/** Every metric the values table shows, in order. */
export const TABLE_METRICS = metricsWhere((m) => m.trainerTable).map((m) => m.id) as ChartMetric[];

export const metricValue = (m: Metrics, key: ChartMetric): number | null => m[key];
