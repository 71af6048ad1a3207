/** The CSV every trainer widget downloads: one row per step and loss. */

import { LOSS_INFO } from '../../core/catalog';
import { type CsvPlace, type MetricId, metricsWhere } from '../../core/metric-table';
import type { Metrics } from '../../core/metrics';
import type { Snapshot } from '../../core/train';
import { type UiText, uiText } from '../../i18n/ui';
import type { Thinning } from './history';

/** CSV files made outside a page (tests, scripts) have English comments, as before the catalog. */
const ENGLISH = uiText('en');

interface MetricColumn {
  name: string;
  id: MetricId;
  place: CsvPlace;
  heldOut: boolean;
}

/** The metrics with a CSV column, in table order. */
const WITH_COLUMN: MetricColumn[] = metricsWhere(() => true).flatMap((m) =>
  'column' in m.csv ? [{ name: m.csv.column, id: m.id, place: m.csv.place, heldOut: m.heldOut !== null }] : [],
);
const FIRST = WITH_COLUMN.filter((c) => c.place === 'first');
const APPENDED = WITH_COLUMN.filter((c) => c.place === 'appended');
const HELD_OUT = WITH_COLUMN.filter((c) => c.heldOut);
const PAIRWISE = WITH_COLUMN.filter((c) => c.place === 'pairwise');

/** Every column of a run without a pairwise loss: the first layout, the later metrics, the held-out twins. */
export const CSV_COLUMNS: readonly string[] = [
  'step',
  'loss',
  ...FIRST.map((c) => c.name),
  'label_density',
  'coverage',
  ...APPENDED.map((c) => c.name),
  ...HELD_OUT.map((c) => `heldout_${c.name}`),
];

/** The columns of a run that compares a pairwise loss: the border and interior error rates come last. */
export const PAIRWISE_CSV_COLUMNS: readonly string[] = [...CSV_COLUMNS, ...PAIRWISE.map((c) => c.name)];

/** True when some model of the run is trained with a pairwise loss. */
const comparesPairwise = (records: readonly Snapshot[]) =>
  records.some((r) => r.models.some((m) => LOSS_INFO[m.id].pairwise));

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));
const cells = (columns: MetricColumn[], metrics: Metrics | null) =>
  columns.map((c) => cell(metrics ? metrics[c.id] : null));

/** "2nd", "4th", "21st": the English ordinal of a whole number; the plain number in other languages. */
function ordinal(n: number, text: UiText): string {
  if (text.locale !== 'en') return String(n);
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** The header line that says which rows a bounded history thinned; null when none were. */
export function thinningComment(thinning: Thinning | null, text: UiText = ENGLISH): string | null {
  if (!thinning || !Number.isInteger(thinning.every) || thinning.every < 2 || !Number.isFinite(thinning.before))
    return null;
  return text.t('csv.thinned', { before: thinning.before, every: ordinal(thinning.every, text) });
}

/**
 * CSV text for a run's records, the settings string in a header comment, and a second comment
 * only when the history thinned older rows (so an unthinned run's CSV keeps its exact bytes).
 * A run that compares a pairwise loss has the border and interior error columns at the end.
 */
export function runToCsv(
  settings: string,
  records: readonly Snapshot[],
  thinning: Thinning | null = null,
  text: UiText = ENGLISH,
): string {
  const thinned = thinningComment(thinning, text);
  const pairwise = comparesPairwise(records);
  const columns = pairwise ? PAIRWISE_CSV_COLUMNS : CSV_COLUMNS;
  const lines = [text.t('csv.settings', { settings }), ...(thinned ? [thinned] : []), columns.join(',')];
  for (const r of records) {
    for (const m of r.models) {
      lines.push(
        [
          String(r.step),
          m.id,
          ...cells(FIRST, m.metrics),
          cell(r.labelDensity),
          cell(r.coverage),
          ...cells(APPENDED, m.metrics),
          // Snapshots from before held-out scenes (or custom data) leave those cells empty.
          ...cells(HELD_OUT, m.heldOut ?? null),
          ...(pairwise ? cells(PAIRWISE, m.metrics) : []),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
