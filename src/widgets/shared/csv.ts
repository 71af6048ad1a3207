/** The CSV every trainer widget downloads: one row per step and loss. */
import type { Snapshot } from '../../lab/train';

export const CSV_COLUMNS = [
  'step',
  'loss',
  'recall_unlabeled_fg',
  'mean_p_unlabeled_fg',
  'bg_fpr',
  'iou',
  'label_density',
  'coverage',
] as const;

const cell = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : String(v));

/** CSV text for a run's records, the settings string in a header comment. */
export function runToCsv(settings: string, records: readonly Snapshot[]): string {
  const lines = [`# partial-ce run; settings: ${settings}`, CSV_COLUMNS.join(',')];
  for (const r of records) {
    for (const m of r.models) {
      lines.push(
        [
          String(r.step),
          m.id,
          cell(m.metrics.recallUnlabeledFg),
          cell(m.metrics.meanPUnlabeledFg),
          cell(m.metrics.bgFpr),
          cell(m.metrics.iou),
          cell(r.labelDensity),
          cell(r.coverage),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
