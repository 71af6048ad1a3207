/** What the Lab can chart and tabulate: the shared metrics, label agreement and the loss value. */
import type { LabChartId } from '../../lab/presets';
import type { ChartSeries } from '../shared/charts';
import { METRIC_META } from '../shared/metrics-meta';

export interface ChartOption {
  id: LabChartId;
  title: string;
  /** Column header in the values table. */
  short: string;
  /** Needs the ground truth (hidden for a reader's own image). */
  needsTruth: boolean;
  series: ChartSeries;
}

const metric = (id: keyof typeof METRIC_META): ChartOption => ({
  id,
  title: METRIC_META[id].title,
  short: METRIC_META[id].short,
  needsTruth: true,
  series: { title: METRIC_META[id].title, value: (m) => m.metrics[id], domain: [0, 1], coverageLine: METRIC_META[id].coverageLine },
});

export const CHART_OPTIONS: readonly ChartOption[] = [
  metric('recallUnlabeledFg'),
  metric('meanPUnlabeledFg'),
  metric('bgFpr'),
  metric('iou'),
  metric('recallUnlabeledFgInterior'),
  metric('recallUnlabeledFgBorder'),
  metric('meanPUnlabeledFgInterior'),
  metric('meanPUnlabeledFgBorder'),
  // The same scenes' generator, images never trained on: null (no line) for a reader's own data.
  {
    id: 'heldOutRecallUnlabeledFg',
    title: 'Recall on unlabeled foreground, held-out images',
    short: 'held-out recall on U_fg',
    needsTruth: true,
    series: {
      title: 'Recall on unlabeled foreground, held-out images',
      value: (m) => m.heldOut?.recallUnlabeledFg ?? null,
      domain: [0, 1],
      coverageLine: false,
    },
  },
  {
    id: 'heldOutIou',
    title: 'IoU with the ground truth, held-out images',
    short: 'held-out IoU',
    needsTruth: true,
    series: { title: 'IoU with the ground truth, held-out images', value: (m) => m.heldOut?.iou ?? null, domain: [0, 1], coverageLine: false },
  },
  {
    id: 'labelAgreement',
    title: 'Agreement with the labels',
    short: 'label agreement',
    needsTruth: false,
    series: { title: 'Agreement with the labels', value: (m) => m.metrics.labelAgreement, domain: [0, 1], coverageLine: false },
  },
  {
    id: 'predictedFgShare',
    title: 'Share of pixels predicted foreground',
    short: 'predicted fg share',
    needsTruth: false,
    series: { title: 'Share of pixels predicted foreground', value: (m) => m.metrics.predictedFgShare, domain: [0, 1], coverageLine: false },
  },
  {
    id: 'loss',
    title: 'Loss on the last batch',
    short: 'loss value',
    needsTruth: false,
    series: { title: 'Loss on the last batch', value: (m) => m.loss, domain: null, coverageLine: false },
  },
];

export function chartOption(id: string): ChartOption | undefined {
  return CHART_OPTIONS.find((o) => o.id === id);
}
