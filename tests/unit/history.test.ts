import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/snapshot';
import { CSV_COLUMNS, runToCsv, thinningComment } from '../../src/widgets/shared/csv';
import { OLDER_CAPACITY, RECENT_WINDOW, RunHistory } from '../../src/widgets/shared/history';

/** A minimal snapshot of one model at `step`; its metrics vary with the step so rows differ. */
function snap(step: number): Snapshot {
  const metrics = Object.fromEntries(
    CSV_COLUMNS.map((c) => [c, step / 1000]),
  ) as unknown as Snapshot['models'][0]['metrics'];
  return {
    step,
    labelDensity: 0.1,
    coverage: 0.5,
    models: [{ id: 'partial', label: 'partial CE', loss: 1 / (step + 1), metrics, heldOut: null, error: null }],
  };
}

/** Push steps `from`..`to - 1` in batches of varying size, as progress messages arrive. */
function pushSteps(history: RunHistory, from: number, to: number, onBatch?: () => void): void {
  let step = from;
  let k = 0;
  while (step < to) {
    const size = Math.min(to - step, 1 + (k++ % 7));
    history.push(Array.from({ length: size }, (_, i) => snap(step + i)));
    step += size;
    onBatch?.();
  }
}

/** Check what a history of steps 0..pushed-1 must hold, whatever its window and capacity. */
function checkInvariants(history: RunHistory, pushed: number, window: number, older: number): void {
  const steps = history.records().map((r) => r.step);
  expect(steps.length).toBeLessThanOrEqual(window + older);
  expect(steps.length).toBe(history.length);
  expect(steps[0]).toBe(0);
  expect(steps.at(-1)).toBe(pushed - 1);
  expect(history.last()?.step).toBe(pushed - 1);
  // Every step of the recent window, in order.
  const recentFrom = Math.max(0, pushed - window);
  const recent = steps.filter((s) => s >= recentFrom);
  expect(recent).toEqual(Array.from({ length: pushed - recentFrom }, (_, i) => recentFrom + i));
  const thinning = history.thinning();
  const before = steps.filter((s) => s < recentFrom);
  expect(before.length).toBeLessThanOrEqual(older);
  if (thinning === null) {
    // Nothing dropped: every earlier step is still there.
    expect(before).toEqual(Array.from({ length: recentFrom }, (_, i) => i));
  } else {
    expect(thinning.before).toBe(recentFrom);
    expect(thinning.every).toBeGreaterThan(1);
    // Evenly thinned: exactly the multiples of `every` before the window.
    const expected = [];
    for (let s = 0; s < recentFrom; s += thinning.every) expected.push(s);
    expect(before).toEqual(expected);
    // Not thinned more than needed: the older part is at least half full.
    expect(before.length).toBeGreaterThanOrEqual(Math.floor(older / 2));
  }
}

describe('bounded run history', () => {
  it('keeps every snapshot, unchanged, below the window', () => {
    const history = new RunHistory();
    const raw = Array.from({ length: RECENT_WINDOW }, (_, s) => snap(s));
    history.push(raw.slice(0, 10));
    history.push(raw.slice(10));
    expect(history.records()).toEqual(raw);
    history.records().forEach((r, i) => {
      expect(r).toBe(raw[i]);
    });
    expect(history.thinning()).toBeNull();
  });

  it('keeps the first step, the last step and the recent window, thinning older steps evenly', () => {
    const window = 8;
    const older = 5;
    const history = new RunHistory(window, older);
    let pushed = 0;
    for (const to of [1, 8, 9, 13, 14, 15, 40, 41, 100, 257, 1000]) {
      pushSteps(history, pushed, to);
      pushed = to;
      checkInvariants(history, pushed, window, older);
    }
    expect(history.thinning()).not.toBeNull();
  });

  it('stays under its bound over 200,000 steps', () => {
    const history = new RunHistory();
    expect(history.bound).toBe(RECENT_WINDOW + OLDER_CAPACITY);
    let most = 0;
    pushSteps(history, 0, 200_000, () => {
      most = Math.max(most, history.length);
    });
    expect(most).toBeLessThanOrEqual(history.bound);
    checkInvariants(history, 200_000, RECENT_WINDOW, OLDER_CAPACITY);
    const thinning = history.thinning();
    expect(thinning?.before).toBe(200_000 - RECENT_WINDOW);
  });

  it('is deterministic: the same run keeps the same steps', () => {
    const steps = () => {
      const history = new RunHistory(50, 30);
      pushSteps(history, 0, 5000);
      return history.records().map((r) => r.step);
    };
    expect(steps()).toEqual(steps());
  });

  it('hands out views that later pushes do not change, and clears for a new run', () => {
    const history = new RunHistory(4, 2);
    pushSteps(history, 0, 20);
    const view = history.records();
    const before = view.map((r) => r.step);
    pushSteps(history, 20, 60);
    expect(view.map((r) => r.step)).toEqual(before);
    history.clear();
    expect(history.length).toBe(0);
    expect(history.records()).toEqual([]);
    expect(history.last()).toBeUndefined();
    expect(history.thinning()).toBeNull();
    pushSteps(history, 0, 3);
    expect(history.records().map((r) => r.step)).toEqual([0, 1, 2]);
  });

  it('rejects a window or capacity that is not a whole number ≥ 1', () => {
    expect(() => new RunHistory(0)).toThrow(/recent window/);
    expect(() => new RunHistory(Number.NaN)).toThrow(/recent window/);
    expect(() => new RunHistory(10, 2.5)).toThrow(/older capacity/);
  });
});

describe('CSV of a bounded history', () => {
  it('is byte-identical to the plain CSV when nothing was thinned', () => {
    const history = new RunHistory(100, 100);
    const raw = Array.from({ length: 150 }, (_, s) => snap(s));
    history.push(raw);
    expect(history.thinning()).toBeNull();
    const csv = runToCsv('seed=1', history.records(), history.thinning());
    expect(csv).toBe(runToCsv('seed=1', raw));
    expect(csv).not.toMatch(/thinned/);
    expect(csv.split('\n')[1]).toBe(CSV_COLUMNS.join(','));
  });

  it('says from which step and how rows were thinned, once thinned', () => {
    const history = new RunHistory(10, 10);
    pushSteps(history, 0, 500);
    const thinning = history.thinning();
    expect(thinning).not.toBeNull();
    const lines = runToCsv('seed=1', history.records(), thinning).trim().split('\n');
    expect(lines[0]).toBe('# partial-ce run; settings: seed=1');
    expect(lines[1]).toBe(`# rows before step 490 are thinned: every ${thinning?.every}th step kept`);
    expect(lines[2]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3 + history.length);
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(2);
  });

  it('writes English ordinals and ignores a thinning that kept every step', () => {
    expect(thinningComment({ before: 2000, every: 2 })).toBe(
      '# rows before step 2000 are thinned: every 2nd step kept',
    );
    expect(thinningComment({ before: 9, every: 32 })).toMatch(/every 32nd step/);
    expect(thinningComment({ before: 9, every: 64 })).toMatch(/every 64th step/);
    expect(thinningComment({ before: 9, every: 512 })).toMatch(/every 512th step/);
    expect(thinningComment({ before: 9, every: 1 })).toBeNull();
    expect(thinningComment({ before: 9, every: Number.NaN })).toBeNull();
    expect(thinningComment(null)).toBeNull();
  });
});
