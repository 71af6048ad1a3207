import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS, type LossId } from '../../src/core/catalog';
import { buildDataset, type Dataset } from '../../src/core/dataset';
import { BACKGROUND, FOREGROUND, labelStats, UNLABELED } from '../../src/core/labels';
import type { Metrics } from '../../src/core/metrics';
import { defaultSettings, type Settings, withSettings } from '../../src/core/settings';
import type { Maps, Snapshot } from '../../src/core/snapshot';
import { LockstepTrainer } from '../../src/core/train';
import { useBackend } from './backend';

/** Every loss at once: eight models through one fused buffer, first layer 8 × 4 channels. */
const small = (patch: Partial<Settings> = {}) =>
  withSettings(defaultSettings(), {
    size: 16,
    images: 4,
    batch: 2,
    radius: 4,
    width: 4,
    losses: [...LOSS_IDS],
    ...patch,
  }).settings;

/** Float32 tolerance on values of order 1 after a few steps (measured: 0, the paths are bit-identical). */
const TOLERANCE = 1e-6;
const STEPS = 8;

interface Run {
  records: Snapshot[];
  maps: Maps;
}

function run(data: Dataset, settings: Settings, fused: boolean, steps = STEPS): Run {
  const trainer = new LockstepTrainer(data, settings, { fused });
  try {
    expect(trainer.fused).toBe(fused);
    return { records: trainer.record(steps), maps: trainer.maps({ gradients: true }) };
  } finally {
    trainer.dispose();
  }
}

function maxAbsDiff(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): number {
  if (!a || !b || a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

/** Largest difference between two metric sets; nulls must match. */
function metricDiff(a: Metrics, b: Metrics): number {
  let d = 0;
  for (const key of Object.keys(a) as (keyof Metrics)[]) {
    const [x, y] = [a[key], b[key]];
    if (x === null || y === null) {
      if (x !== y) return Number.POSITIVE_INFINITY;
      continue;
    }
    d = Math.max(d, Math.abs(x - y));
  }
  return d;
}

/** Fused against unfused for the model of loss `id`: loss values, metrics, probabilities, ∂L/∂z. */
function expectClose(unfused: Run, fused: Run, id: LossId): void {
  const k = unfused.records[0]?.models.findIndex((m) => m.id === id) ?? -1;
  expect(k).toBeGreaterThanOrEqual(0);
  unfused.records.forEach((record, s) => {
    const [a, b] = [record.models[k], fused.records[s]?.models[k]];
    if (!a || !b) throw new Error(`no model ${id} at step ${s + 1}`);
    expect(b.error).toEqual(a.error);
    if (a.loss === null) expect(b.loss).toBeNull();
    else
      expect(Math.abs((b.loss ?? Number.NaN) - a.loss)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(a.loss)));
    expect(metricDiff(a.metrics, b.metrics)).toBeLessThanOrEqual(TOLERANCE);
    if (a.heldOut && b.heldOut) expect(metricDiff(a.heldOut, b.heldOut)).toBeLessThanOrEqual(TOLERANCE);
    else expect(b.heldOut).toEqual(a.heldOut);
  });
  expect(maxAbsDiff(unfused.maps.probabilities[k], fused.maps.probabilities[k])).toBeLessThanOrEqual(TOLERANCE);
  expect(maxAbsDiff(unfused.maps.gradients[k], fused.maps.gradients[k])).toBeLessThanOrEqual(TOLERANCE);
}

beforeAll(() => useBackend('wasm'));

describe.each(['adam', 'sgd'] as const)('fused lockstep training, %s', (optimizer) => {
  const settings = small({ optimizer });
  let unfused: Run;
  let fused: Run;

  beforeAll(() => {
    const data = buildDataset(settings);
    unfused = run(data, settings, false);
    fused = run(data, settings, true);
  });

  it.each([...LOSS_IDS])('%s: equals the unfused path within float32 tolerance after 8 steps', (id) => {
    expectClose(unfused, fused, id);
  });

  it('is bit-identical to the unfused path: every record and map', () => {
    expect(fused.records).toEqual(unfused.records);
    expect(fused.maps).toEqual(unfused.maps);
  });

  it('tells a different run apart (the comparison can fail)', () => {
    const other = run(buildDataset(settings), { ...settings, lr: settings.lr * 2 }, true);
    expect(other.records.at(-1)?.models[0]?.loss).not.toBe(fused.records.at(-1)?.models[0]?.loss);
    expect(maxAbsDiff(other.maps.probabilities[1], fused.maps.probabilities[1])).toBeGreaterThan(TOLERANCE);
  });

  it('is deterministic: the same seed gives bit-identical results twice', () => {
    const again = run(buildDataset(settings), settings, true);
    expect(again).toEqual(fused);
  });
});

describe('fused lockstep training, models that skip steps', () => {
  /** Foreground labels only in image 0: with batches of one image, foreground-label losses skip most steps. */
  function sparseForeground(): Dataset {
    const base = buildDataset(small({ batch: 1 }));
    const area = base.size * base.size;
    const labels = base.labels.map((l, i) => (i >= area && l === FOREGROUND ? BACKGROUND : l));
    const data: Dataset = { ...base, labels };
    data.stats = labelStats(labels, base.truth);
    return data;
  }

  it.each(['adam', 'sgd'] as const)(
    '%s: a model skipping a batch keeps its parameters and optimizer state, as unfused',
    (optimizer) => {
      const settings = small({ batch: 1, optimizer, losses: ['partial', 'partial-fg', 'nnpu', 'full'] });
      const data = sparseForeground();
      const unfused = run(data, settings, false, 12);
      const fused = run(data, settings, true, 12);
      // Some steps train the foreground-label losses, some skip them: the case this test is about.
      const losses = unfused.records.map((r) => r.models[1]?.loss ?? null);
      expect(losses.filter((l) => l === null).length).toBeGreaterThan(0);
      expect(new Set(losses.filter((l) => l !== null)).size).toBeGreaterThan(1);
      for (const id of settings.losses) expectClose(unfused, fused, id);
      expect(fused.records).toEqual(unfused.records);
    },
  );

  it('a loss that can never train keeps its initial weights', () => {
    const base = buildDataset(small());
    const data: Dataset = { ...base, labels: base.labels.map((l) => (l === UNLABELED ? l : BACKGROUND)) };
    data.stats = labelStats(data.labels, data.truth);
    const settings = small({ losses: ['partial', 'nnpu', 'partial-fg', 'oracle'] });
    const trainer = new LockstepTrainer(data, settings, { fused: true });
    const start = trainer.maps().probabilities;
    const snapshot = trainer.advance(5, { maps: true });
    trainer.dispose();
    expect(snapshot.models.map((m) => m.error?.code ?? null)).toEqual([
      null,
      'no-foreground-labels',
      'no-foreground-labels',
      null,
    ]);
    expect(snapshot.maps?.probabilities[1]).toEqual(start[1]);
    expect(snapshot.maps?.probabilities[2]).toEqual(start[2]);
    expect(snapshot.maps?.probabilities[0]).not.toEqual(start[0]);
    expect(snapshot.maps?.probabilities[3]).not.toEqual(start[3]);
    expect(run(data, settings, true)).toEqual(run(data, settings, false));
  });
});

describe('fused lockstep training, the default', () => {
  it('is the default, and gradientsUnder reads the fused models', () => {
    const settings = small({ losses: ['partial', 'full'] });
    const data = buildDataset(settings);
    const fused = new LockstepTrainer(data, settings);
    const unfused = new LockstepTrainer(data, settings, { fused: false });
    expect(fused.fused).toBe(true);
    fused.train(4);
    unfused.train(4);
    expect(fused.gradientsUnder(['full', 'partial', 'oracle'], 1)).toEqual(
      unfused.gradientsUnder(['full', 'partial', 'oracle'], 1),
    );
    fused.dispose();
    unfused.dispose();
  });

  it('trains one model alone, as unfused', () => {
    const one = small({ losses: ['partial'] });
    const data = buildDataset(one);
    expect(run(data, one, true)).toEqual(run(data, one, false));
  });

  it('keeps tf.memory().numTensors flat over 500 fused steps, and frees everything on dispose', () => {
    const settings = defaultSettings();
    const before = tf.memory().numTensors;
    const trainer = new LockstepTrainer(buildDataset(settings), settings, { fused: true });
    trainer.advance(10, { maps: true });
    const atTen = tf.memory().numTensors;
    for (let i = 0; i < 49; i++) {
      if (i % 2 === 0) trainer.advance(10, { maps: i % 7 === 0 });
      else trainer.record(10);
    }
    expect(trainer.step).toBe(500);
    expect(tf.memory().numTensors).toBe(atTen);
    trainer.reset();
    trainer.advance(3);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
