import { describe, expect, it } from 'vitest';
import {
  FIGURE_HELD_OUT,
  FIGURE_METRICS,
  heldOutId,
  inSentence,
  METRIC_TABLE,
  type MetricInfo,
  metricInfo,
  PRESET_METRICS,
} from '../../src/core/metric-table';
import { METRIC_SUM_COUNT, type Metrics, metricsFromSums } from '../../src/core/metrics';
import type { Snapshot } from '../../src/core/train';
import defaultRuns from '../../src/data/figures/default-runs.json';
import presetsData from '../../src/data/lab/presets.json';
import { CHART_OPTIONS, VALUE_COLUMNS } from '../../src/widgets/lab/chart-series';
import { CSV_COLUMNS, PAIRWISE_CSV_COLUMNS, runToCsv } from '../../src/widgets/shared/csv';
import { METRIC_META, TABLE_METRICS } from '../../src/widgets/shared/metrics-meta';

const TABLE: readonly MetricInfo[] = METRIC_TABLE;
/** The columns of the CSV that are not metrics of a model. */
const RUN_COLUMNS = ['step', 'loss', 'label_density', 'coverage'];
const columnOf = (m: MetricInfo) => ('column' in m.csv ? m.csv.column : null);

/** Every field `metricsFromSums` fills, read from the computation itself. */
function computedFields(): string[] {
  const counts = {
    pixels: 10,
    unlabeledFg: 4,
    unlabeledFgInterior: 2,
    unlabeledFgBorder: 2,
    background: 5,
    foreground: 5,
    labeled: 3,
    nearBoundary: 4,
    farFromBoundary: 6,
    hasTruth: true,
  };
  return Object.keys(metricsFromSums(new Array(METRIC_SUM_COUNT).fill(1), counts));
}

describe('the metric table', () => {
  it('holds every field of Metrics once, and nothing else', () => {
    const ids = TABLE.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(computedFields().sort());
  });

  it('names each metric once: titles, table headers and CSV columns are distinct', () => {
    for (const names of [
      TABLE.map((m) => m.title),
      TABLE.map((m) => m.short),
      TABLE.map(columnOf).filter((c) => c !== null),
    ]) {
      expect(new Set(names).size).toBe(names.length);
    }
    for (const m of TABLE) {
      expect(m.range[0], m.id).toBeLessThan(m.range[1]);
      expect(m.title.length, m.id).toBeGreaterThan(0);
    }
  });

  it('puts every metric in the CSV, or says why not; every held-out twin has a column too', () => {
    for (const m of TABLE) {
      const column = columnOf(m);
      if (column === null) {
        expect('omitted' in m.csv && m.csv.omitted.length > 10, `${m.id} leaves the CSV without a reason`).toBe(true);
        expect(m.heldOut, `${m.id} has a held-out twin but no CSV column`).toBeNull();
        continue;
      }
      const pairwiseOnly = 'place' in m.csv && m.csv.place === 'pairwise';
      expect(PAIRWISE_CSV_COLUMNS, m.id).toContain(column);
      if (pairwiseOnly) expect(CSV_COLUMNS, m.id).not.toContain(column);
      else expect(CSV_COLUMNS, m.id).toContain(column);
      if (m.heldOut) expect(CSV_COLUMNS, m.id).toContain(`heldout_${column}`);
      else expect(PAIRWISE_CSV_COLUMNS, m.id).not.toContain(`heldout_${column}`);
    }
    const fromTable = TABLE.flatMap((m) => {
      const column = columnOf(m);
      return column === null ? [] : m.heldOut ? [column, `heldout_${column}`] : [column];
    });
    expect([...PAIRWISE_CSV_COLUMNS].filter((c) => !RUN_COLUMNS.includes(c)).sort()).toEqual(fromTable.sort());
    // The pairwise columns only extend the layout: every other column keeps its place.
    expect(PAIRWISE_CSV_COLUMNS.slice(0, CSV_COLUMNS.length)).toEqual(CSV_COLUMNS);
  });

  it.each([
    ['full', CSV_COLUMNS],
    ['crf', PAIRWISE_CSV_COLUMNS],
  ] as const)('writes each metric into its own CSV column (a run of %s)', (loss, columns) => {
    // Distinct values per field, so that a column holding another metric's value shows.
    const values = (offset: number) =>
      Object.fromEntries(TABLE.map((m, k) => [m.id, offset + k / 100])) as unknown as Metrics;
    const record = {
      step: 7,
      labelDensity: 0.25,
      coverage: 0.5,
      models: [{ id: loss, label: loss, loss: 1, metrics: values(0), heldOut: values(1), error: null }],
    };
    const lines = runToCsv('seed=1', [record as unknown as Snapshot])
      .trim()
      .split('\n');
    expect(lines[1]).toBe(columns.join(','));
    const cells = (lines[2] as string).split(',');
    expect(cells.length).toBe(columns.length);
    const at = (name: string) => (columns.includes(name) ? cells[columns.indexOf(name)] : undefined);
    expect(at('step')).toBe('7');
    expect(at('label_density')).toBe('0.25');
    expect(at('coverage')).toBe('0.5');
    TABLE.forEach((m, k) => {
      const column = columnOf(m);
      if (column === null) return;
      if (!columns.includes(column)) {
        expect(loss, `${m.id} has no column in a run of ${loss}`).toBe('full');
        return;
      }
      expect(at(column), m.id).toBe(String(k / 100));
      if (m.heldOut) expect(at(`heldout_${column}`), m.id).toBe(String(1 + k / 100));
    });
  });

  it('offers every metric in the Lab’s charts and values table, or says why not', () => {
    const charts = CHART_OPTIONS.map((o) => o.id as string);
    const values = VALUE_COLUMNS.map((o) => o.id as string);
    for (const m of TABLE) {
      if (m.notCharted !== undefined) {
        expect(m.notCharted.length, m.id).toBeGreaterThan(10);
        expect(charts, m.id).not.toContain(m.id);
        continue;
      }
      expect(charts, m.id).toContain(m.id);
      expect(values, m.id).toContain(m.id);
      const option = CHART_OPTIONS.find((o) => o.id === m.id);
      expect(option?.title).toBe(m.title);
      expect(option?.short).toBe(m.short);
      expect(option?.needsTruth).toBe(m.needsTruth);
      expect(option?.series.coverageLine).toBe(m.coverageLine);
      // Small error rates get a y range fitted to their values; the rest their fixed range.
      expect(option?.series.domain).toEqual(m.fitChart ? null : [...m.range]);
      if (m.heldOut?.chart) {
        expect(charts, m.id).toContain(heldOutId(m.id));
        expect(values, m.id).toContain(heldOutId(m.id));
      } else {
        expect(charts, m.id).not.toContain(heldOutId(m.id));
      }
    }
    expect(charts).toContain('loss');
    expect(values).not.toContain('loss');
  });

  it('gives the chapter trainers every metric measured against the truth, and their table its chosen columns', () => {
    const truth = TABLE.filter((m) => m.needsTruth);
    expect(Object.keys(METRIC_META).sort()).toEqual(truth.map((m) => m.id).sort());
    for (const m of truth) {
      expect(METRIC_META[m.id as keyof typeof METRIC_META]).toEqual({
        title: m.title,
        short: m.short,
        coverageLine: m.coverageLine,
        fitChart: m.fitChart === true,
      });
    }
    expect(TABLE_METRICS).toEqual(TABLE.filter((m) => m.trainerTable).map((m) => m.id));
    expect(TABLE_METRICS.length).toBeGreaterThan(0);
  });

  it('matches the committed figure data and preset data, key for key', () => {
    const figureRow = defaultRuns.runs[0]?.final[0] as Record<string, unknown>;
    expect(Object.keys(figureRow)).toEqual(['loss', ...FIGURE_METRICS, ...FIGURE_HELD_OUT.map((id) => heldOutId(id))]);
    const presetEntry = Object.values(presetsData.presets)[0] as {
      run: { at: { models: Record<string, unknown>[] }[] };
    };
    expect(Object.keys(presetEntry.run.at[0]?.models[0] ?? {})).toEqual(['loss', ...PRESET_METRICS]);
  });

  it('names metrics in a sentence without breaking acronyms', () => {
    expect(inSentence('meanPUnlabeledFg')).toBe('mean p on unlabeled foreground');
    expect(inSentence('iou')).toBe(metricInfo('iou').title);
    expect(heldOutId('recallUnlabeledFg')).toBe('heldOutRecallUnlabeledFg');
    expect(() => metricInfo('nope' as never)).toThrow(/not in the metric table/);
  });
});
