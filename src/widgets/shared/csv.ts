/** The CSV every trainer widget downloads: one row per step and loss. */
import type { Metrics } from '../../lab/metrics';
import type { Snapshot } from '../../lab/train';

/** Every metric measured against the truth, as [column name, field], in column order. */
const TRUTH_METRICS = [
  ['recall_unlabeled_fg', 'recallUnlabeledFg'],
  ['mean_p_unlabeled_fg', 'meanPUnlabeledFg'],
  ['bg_fpr', 'bgFpr'],
  ['iou', 'iou'],
  ['recall_unlabeled_fg_interior', 'recallUnlabeledFgInterior'],
  ['recall_unlabeled_fg_border', 'recallUnlabeledFgBorder'],
  ['mean_p_unlabeled_fg_interior', 'meanPUnlabeledFgInterior'],
  ['mean_p_unlabeled_fg_border', 'meanPUnlabeledFgBorder'],
] as const satisfies readonly (readonly [string, keyof Metrics])[];

/** Columns added after the original eight, so that readers of the old layout still find theirs. */
const SPLIT_METRICS = TRUTH_METRICS.slice(4);

export const CSV_COLUMNS = [
  'step',
  'loss',
  'recall_unlabeled_fg',
  'mean_p_unlabeled_fg',
  'bg_fpr',
  'iou',
  'label_density',
  'coverage',
  ...SPLIT_METRICS.map(([name]) => name),
  ...TRUTH_METRICS.map(([name]) => `heldout_${name}`),
] as const;

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));

/** CSV text for a run's records, the settings string in a header comment. */
export function runToCsv(settings: string, records: readonly Snapshot[]): string {
  const lines = [`# partial-ce run; settings: ${settings}`, CSV_COLUMNS.join(',')];
  for (const r of records) {
    for (const m of r.models) {
      // Snapshots from before held-out scenes (or custom data) leave those cells empty.
      const held = m.heldOut ?? null;
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
          ...SPLIT_METRICS.map(([, key]) => cell(m.metrics[key])),
          ...TRUTH_METRICS.map(([, key]) => cell(held ? held[key] : null)),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
