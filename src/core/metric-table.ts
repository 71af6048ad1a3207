/**
 * The metric table: how each field of `Metrics` is named, ranged and shown. No tensors here
 * (the computation lives in `metrics.ts`), so widgets, build-time figures and scripts can
 * import it without tfjs. Charts, the CSV, the values tables, the figure data and the
 * measured numbers all derive their lists from this table, in its order.
 */
import type { Metrics } from './metrics';

export type MetricId = keyof Metrics;

/**
 * Where a metric's CSV column goes: 'first' before the run columns label_density and
 * coverage (the CSV's first layout), 'appended' after them, so old readers keep their columns;
 * 'pairwise' after the held-out twins, and only in a run that compares a pairwise loss, so
 * the CSV of every other run keeps its bytes.
 */
export type CsvPlace = 'first' | 'appended' | 'pairwise';

export interface MetricInfo {
  /** The `Metrics` field it reads. */
  id: MetricId;
  /** Chart title. */
  title: string;
  /** Column header in the values tables. */
  short: string;
  /** Its range of values: the charts' fixed y domain. */
  range: readonly [number, number];
  /** Measured against the ground truth, so null (and hidden) for a reader's own image. */
  needsTruth: boolean;
  /** Its chart draws a reference line at the label coverage c. */
  coverageLine: boolean;
  /** Its CSV column, or why the CSV has none. */
  csv: { column: string; place: CsvPlace } | { omitted: string };
  /**
   * Its twin measured on held-out images, or null. Every twin gets a CSV column
   * (`heldout_<column>`); `chart` adds it to the Lab's charts, `figures` to the figure data.
   */
  heldOut: { chart: boolean; figures: boolean } | null;
  /** Its values stay small (error rates of a few percent), so charts fit the y range to them instead of using `range`. */
  fitChart?: true;
  /** Why the Lab does not chart it (nor tabulate it); absent for a charted metric. */
  notCharted?: string;
  /** A column of the chapter trainers' values table, which stays narrow enough for a phone. */
  trainerTable: boolean;
  /** Stored per loss by `npm run figures` (src/data/figures), so the prose can quote it. */
  figures: boolean;
  /** Stored per loss by scripts/lab-presets.ts (src/data/lab/presets.json) for the preset claims. */
  presets: boolean;
}

// The chapter widgets' CSV is fixed byte for byte, and a Lab preset's CSV must equal it.
const LAB_ONLY = 'The chapter widgets’ CSV is fixed byte for byte and a Lab preset’s CSV must equal it.';

/** Every metric, in the order the charts, tables and files list them. */
export const METRIC_TABLE = [
  {
    id: 'recallUnlabeledFg',
    title: 'Recall on unlabeled foreground',
    short: 'recall on U_fg',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'recall_unlabeled_fg', place: 'first' },
    heldOut: { chart: true, figures: true },
    trainerTable: true,
    figures: true,
    presets: true,
  },
  {
    id: 'meanPUnlabeledFg',
    title: 'Mean p on unlabeled foreground',
    short: 'mean p on U_fg',
    range: [0, 1],
    needsTruth: true,
    coverageLine: true,
    csv: { column: 'mean_p_unlabeled_fg', place: 'first' },
    heldOut: { chart: false, figures: true },
    trainerTable: true,
    figures: true,
    presets: true,
  },
  {
    id: 'bgFpr',
    title: 'Background false-positive rate',
    short: 'bg FPR',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'bg_fpr', place: 'first' },
    heldOut: { chart: false, figures: false },
    trainerTable: true,
    figures: true,
    presets: true,
  },
  {
    id: 'iou',
    title: 'IoU with the ground truth',
    short: 'IoU',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'iou', place: 'first' },
    heldOut: { chart: true, figures: true },
    trainerTable: true,
    figures: true,
    presets: true,
  },
  {
    id: 'labelAgreement',
    title: 'Agreement with the labels',
    short: 'label agreement',
    range: [0, 1],
    needsTruth: false,
    coverageLine: false,
    csv: { omitted: LAB_ONLY },
    heldOut: null,
    trainerTable: false,
    figures: false,
    presets: true,
  },
  {
    id: 'predictedFgShare',
    title: 'Share of pixels predicted foreground',
    short: 'predicted fg share',
    range: [0, 1],
    needsTruth: false,
    coverageLine: false,
    csv: { omitted: LAB_ONLY },
    heldOut: null,
    trainerTable: false,
    figures: true,
    presets: false,
  },
  {
    id: 'recallUnlabeledFgInterior',
    title: 'Recall on unlabeled foreground, interior',
    short: 'recall, U_fg interior',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'recall_unlabeled_fg_interior', place: 'appended' },
    heldOut: { chart: false, figures: false },
    trainerTable: false,
    figures: true,
    presets: false,
  },
  {
    id: 'recallUnlabeledFgBorder',
    title: 'Recall on unlabeled foreground, border ring',
    short: 'recall, U_fg border',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'recall_unlabeled_fg_border', place: 'appended' },
    heldOut: { chart: false, figures: false },
    trainerTable: false,
    figures: true,
    presets: false,
  },
  {
    id: 'meanPUnlabeledFgInterior',
    title: 'Mean p on unlabeled foreground, interior',
    short: 'mean p, U_fg interior',
    range: [0, 1],
    needsTruth: true,
    coverageLine: true,
    csv: { column: 'mean_p_unlabeled_fg_interior', place: 'appended' },
    heldOut: { chart: false, figures: false },
    trainerTable: false,
    figures: true,
    presets: false,
  },
  {
    id: 'meanPUnlabeledFgBorder',
    title: 'Mean p on unlabeled foreground, border ring',
    short: 'mean p, U_fg border',
    range: [0, 1],
    needsTruth: true,
    coverageLine: true,
    csv: { column: 'mean_p_unlabeled_fg_border', place: 'appended' },
    heldOut: { chart: false, figures: false },
    trainerTable: false,
    figures: true,
    presets: false,
  },
  {
    id: 'borderErrorRate',
    title: 'Error rate within 2 px of a boundary',
    short: 'border error',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'border_error_rate', place: 'pairwise' },
    heldOut: null,
    fitChart: true,
    trainerTable: false,
    figures: false,
    presets: false,
  },
  {
    id: 'interiorErrorRate',
    title: 'Error rate farther than 2 px from a boundary',
    short: 'interior error',
    range: [0, 1],
    needsTruth: true,
    coverageLine: false,
    csv: { column: 'interior_error_rate', place: 'pairwise' },
    heldOut: null,
    fitChart: true,
    trainerTable: false,
    figures: false,
    presets: false,
  },
] as const satisfies readonly MetricInfo[];

type Row = (typeof METRIC_TABLE)[number];

/** Metrics measured against the ground truth: the ones the chapter trainers chart. */
export type TruthMetricId = Extract<Row, { needsTruth: true }>['id'];
/** Metrics stored per loss in the figure data and the Lab presets' data. */
export type FigureMetricId = Extract<Row, { figures: true }>['id'];
export type PresetMetricId = Extract<Row, { presets: true }>['id'];

/** The id of a metric's held-out twin, e.g. `heldOutIou`. */
export type HeldOutId<K extends MetricId = MetricId> = `heldOut${Capitalize<K>}`;
/** Held-out twins the Lab charts, and those the figure data store. */
export type ChartedHeldOutId = HeldOutId<Extract<Row, { heldOut: { chart: true } }>['id']>;
export type FigureHeldOutId = HeldOutId<Extract<Row, { heldOut: { figures: true } }>['id']>;

/** The held-out twin's id of metric `id`. */
export function heldOutId<K extends MetricId>(id: K): HeldOutId<K> {
  return `heldOut${id.charAt(0).toUpperCase()}${id.slice(1)}` as HeldOutId<K>;
}

/** The table's row of metric `id`. */
export function metricInfo(id: MetricId): MetricInfo {
  const row = (METRIC_TABLE as readonly MetricInfo[]).find((m) => m.id === id);
  if (!row) throw new Error(`metric ${id} is not in the metric table`);
  return row;
}

/** The table's rows that pass `keep`, in table order. */
export function metricsWhere(keep: (m: MetricInfo) => boolean): MetricInfo[] {
  return (METRIC_TABLE as readonly MetricInfo[]).filter(keep);
}

/** Ids of the metrics stored per loss in the figure data (scripts/figures.ts). */
export const FIGURE_METRICS = metricsWhere((m) => m.figures).map((m) => m.id) as FigureMetricId[];
/** Ids of the metrics whose held-out twins the figure data store. */
export const FIGURE_HELD_OUT = metricsWhere((m) => m.heldOut?.figures === true).map((m) => m.id);
/** Ids of the metrics stored per loss in the Lab presets' data (scripts/lab-presets.ts). */
export const PRESET_METRICS = metricsWhere((m) => m.presets).map((m) => m.id) as PresetMetricId[];

/** Chart title and table header of a metric's held-out twin. */
export function heldOutNames(id: MetricId): { title: string; short: string } {
  const { title, short } = metricInfo(id);
  return { title: `${title}, held-out images`, short: `held-out ${short}` };
}

/** A sentence's way of naming a metric: its title without the capital ("mean p on unlabeled foreground"). */
export function inSentence(id: MetricId): string {
  const { title } = metricInfo(id);
  const first = title.split(' ')[0] ?? '';
  // An acronym such as "IoU" keeps its capitals.
  return /[A-Z]/.test(first.slice(1)) ? title : `${title.charAt(0).toLowerCase()}${title.slice(1)}`;
}
