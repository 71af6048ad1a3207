/** How each metric is named and charted in the widgets (no chart library here). */
import type { Metrics } from '../../lab/metrics';

export type ChartMetric =
  | 'recallUnlabeledFg'
  | 'meanPUnlabeledFg'
  | 'bgFpr'
  | 'iou'
  | 'recallUnlabeledFgInterior'
  | 'recallUnlabeledFgBorder'
  | 'meanPUnlabeledFgInterior'
  | 'meanPUnlabeledFgBorder';

export interface MetricMeta {
  title: string;
  /** Column header in the values table. */
  short: string;
  /** Draw a reference line at the label coverage c. */
  coverageLine: boolean;
}

export const METRIC_META: Record<ChartMetric, MetricMeta> = {
  recallUnlabeledFg: { title: 'Recall on unlabeled foreground', short: 'recall on U_fg', coverageLine: false },
  meanPUnlabeledFg: { title: 'Mean p on unlabeled foreground', short: 'mean p on U_fg', coverageLine: true },
  bgFpr: { title: 'Background false-positive rate', short: 'bg FPR', coverageLine: false },
  iou: { title: 'IoU with the ground truth', short: 'IoU', coverageLine: false },
  recallUnlabeledFgInterior: {
    title: 'Recall on unlabeled foreground, interior',
    short: 'recall, U_fg interior',
    coverageLine: false,
  },
  recallUnlabeledFgBorder: {
    title: 'Recall on unlabeled foreground, border ring',
    short: 'recall, U_fg border',
    coverageLine: false,
  },
  meanPUnlabeledFgInterior: {
    title: 'Mean p on unlabeled foreground, interior',
    short: 'mean p, U_fg interior',
    coverageLine: true,
  },
  meanPUnlabeledFgBorder: {
    title: 'Mean p on unlabeled foreground, border ring',
    short: 'mean p, U_fg border',
    coverageLine: true,
  },
};

/** Every metric the values table shows, in order. */
export const TABLE_METRICS: ChartMetric[] = ['recallUnlabeledFg', 'meanPUnlabeledFg', 'bgFpr', 'iou'];

export const metricValue = (m: Metrics, key: ChartMetric): number | null => m[key];
