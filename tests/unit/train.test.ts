import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/core/dataset';
import { BACKGROUND, labelStats, UNLABELED } from '../../src/core/labels';
import { defaultSettings, type Settings, withSettings } from '../../src/core/settings';
import { LockstepTrainer } from '../../src/core/train';
import { useBackend } from './backend';

const small = (patch: Partial<Settings> = {}) =>
  withSettings(defaultSettings(), { size: 16, images: 4, batch: 2, radius: 4, width: 4, ...patch }).settings;

function run(settings: Settings, steps: number, maps = false) {
  const trainer = new LockstepTrainer(buildDataset(settings), settings);
  const snapshot = trainer.advance(steps, { maps });
  trainer.dispose();
  return snapshot;
}

beforeAll(() => useBackend('wasm'));

describe('LockstepTrainer', () => {
  it('gives identical snapshots, maps included, for identical settings', () => {
    const a = run(small(), 15, true);
    const b = run(small(), 15, true);
    expect(a).toEqual(b);
    expect(a.step).toBe(15);
    expect(a.models.map((m) => m.id)).toEqual(['full', 'partial', 'oracle']);
  });

  it('gives different data and a different run for a different seed', () => {
    const a = run(small(), 15);
    const b = run(small({ seed: 2 }), 15);
    expect(b.models[0]?.loss).not.toBe(a.models[0]?.loss);
  });

  it('starts every model from the same weights: identical predictions at step 0', () => {
    const settings = small({ losses: ['full', 'partial', 'oracle', 'nnpu'] });
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    const { maps, models } = trainer.snapshot({ maps: true });
    trainer.dispose();
    const [first, ...rest] = maps?.probabilities ?? [];
    for (const p of rest) expect(p).toEqual(first);
    for (const m of models) expect(m.loss).toBeNull();
  });

  it('only the loss differs: models diverge after one step', () => {
    const { maps } = run(small(), 1, true);
    const [full, partial] = maps?.probabilities ?? [];
    expect(full).not.toEqual(partial);
  });

  it('returns to its exact starting state on reset', () => {
    const settings = small();
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    const first = trainer.advance(5, { maps: true });
    trainer.advance(20);
    trainer.reset();
    expect(trainer.step).toBe(0);
    const again = trainer.advance(5, { maps: true });
    trainer.dispose();
    expect(again).toEqual(first);
  });

  it('returns a gradient map that is zero on unlabeled pixels for partial CE', () => {
    const settings = small({ losses: ['partial', 'full'] });
    const data = buildDataset(settings);
    const trainer = new LockstepTrainer(data, settings);
    const { maps } = trainer.advance(3, { maps: true });
    trainer.dispose();
    const [partial, full] = maps?.gradients ?? [];
    data.labels.forEach((l, i) => {
      if (l === UNLABELED) {
        expect(partial?.[i]).toBe(0);
        expect(full?.[i]).toBeGreaterThan(0);
      }
    });
  });

  it('keeps tf.memory().numTensors flat: the same after step 10 and step 500', () => {
    const settings = defaultSettings();
    const before = tf.memory().numTensors;
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    const first = trainer.advance(10, { maps: true });
    // The held-out measurement runs on every snapshot and record below.
    expect(first.models[0]?.heldOut).not.toBeNull();
    const atTen = tf.memory().numTensors;
    for (let i = 0; i < 49; i++) {
      if (i % 2 === 0) trainer.advance(10, { maps: i % 7 === 0 });
      else expect(trainer.record(10).at(-1)?.models[0]?.heldOut?.iou).not.toBeNull();
    }
    expect(trainer.step).toBe(500);
    expect(tf.memory().numTensors).toBe(atTen);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a typed error for losses that cannot train, and trains the rest', () => {
    const base = buildDataset(small());
    const backgroundOnly: Dataset = {
      ...base,
      labels: base.labels.map((l) => (l === UNLABELED ? l : BACKGROUND)),
    };
    backgroundOnly.stats = labelStats(backgroundOnly.labels, backgroundOnly.truth);
    const settings = small({ losses: ['partial', 'nnpu'] });
    const trainer = new LockstepTrainer(backgroundOnly, settings);
    const snapshot = trainer.advance(3);
    trainer.dispose();
    expect(snapshot.models[0]?.error).toBeNull();
    expect(snapshot.models[0]?.loss).not.toBeNull();
    expect(snapshot.models[1]?.error?.code).toBe('no-foreground-labels');
    expect(snapshot.models[1]?.loss).toBeNull();
    for (const m of snapshot.models) {
      for (const v of Object.values(m.metrics)) if (v !== null) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('trains without ground truth: truth metrics are null, the oracle reports why it cannot run', () => {
    const base = buildDataset(small());
    const noTruth: Dataset = { ...base, truth: null, scene: null, clean: null, stats: labelStats(base.labels, null) };
    const trainer = new LockstepTrainer(noTruth, small());
    const snapshot = trainer.advance(2);
    trainer.dispose();
    expect(snapshot.coverage).toBeNull();
    expect(snapshot.models[2]?.error?.code).toBe('no-ground-truth');
    expect(snapshot.models[0]?.metrics.recallUnlabeledFg).toBeNull();
    expect(snapshot.models[0]?.metrics.labelAgreement).toBeGreaterThan(0);
  });
});

describe('LockstepTrainer.record', () => {
  it('measures after every step, matching a snapshot taken at each step', () => {
    const settings = small();
    const a = new LockstepTrainer(buildDataset(settings), settings);
    const records = a.record(4);
    a.dispose();
    const b = new LockstepTrainer(buildDataset(settings), settings);
    const snapshots = [1, 2, 3, 4].map(() => b.advance(1));
    b.dispose();
    expect(records.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(records).toEqual(snapshots);
  });

  it('leaves no tensor behind', () => {
    const settings = small();
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    trainer.record(3);
    const before = tf.memory().numTensors;
    trainer.record(20);
    trainer.maps({ gradients: true });
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('LockstepTrainer.gradientsUnder', () => {
  it('gives closed-form gradients of one model under every loss, within 1e-5 of autodiff, leaking nothing', () => {
    const all = ['full', 'partial', 'oracle', 'blend', 'partial-fg', 'nnpu'] as const;
    const settings = small({ losses: ['partial'] });
    const data = buildDataset(settings);
    const trainer = new LockstepTrainer(data, settings);
    trainer.train(5);
    const before = tf.memory().numTensors;
    const pass = trainer.gradientsUnder(all);
    expect(tf.memory().numTensors).toBe(before);
    const maps = trainer.maps({ gradients: true });
    trainer.dispose();
    expect(pass.probabilities).toEqual(maps.probabilities[0]);
    expect(pass.gradients[1]).toEqual(maps.gradients[0]);
    expect(pass.gradients).toHaveLength(6);
    for (const d of pass.maxAbsDiff) {
      expect(d).not.toBeNull();
      expect(d).toBeLessThan(1e-5);
    }
    // On an unlabeled foreground pixel: full CE pushes down with p/N, partial CE not at all.
    const i = data.labels.findIndex((l, k) => l === UNLABELED && data.truth?.[k] === 1);
    expect(pass.gradients[0]?.[i]).toBeCloseTo((pass.probabilities[i] as number) / data.labels.length, 8);
    expect(pass.gradients[1]?.[i]).toBe(0);
  });
});

describe('held-out measurement', () => {
  it('measures every model on the held-out images in the same snapshot, differently from training', () => {
    const settings = small();
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    const [atOne] = trainer.record(1);
    const snapshot = trainer.advance(20);
    trainer.dispose();
    for (const s of [atOne, snapshot]) {
      for (const m of s?.models ?? []) {
        expect(m.heldOut).not.toBeNull();
        for (const v of Object.values(m.heldOut as object)) if (v !== null) expect(Number.isFinite(v)).toBe(true);
        expect(m.heldOut?.iou).not.toBeNull();
      }
    }
    // Full CE predicts almost nothing as foreground on either set; partial CE does, on different pixels.
    const full = snapshot.models[0];
    const partial = snapshot.models[1];
    expect(full?.heldOut?.meanPUnlabeledFg).not.toBe(full?.metrics.meanPUnlabeledFg);
    expect(partial?.heldOut?.meanPUnlabeledFg).not.toBe(partial?.metrics.meanPUnlabeledFg);
    expect(partial?.heldOut?.predictedFgShare).not.toBe(partial?.metrics.predictedFgShare);
  });

  it("reads each model's held-out sums from its own place: a held-out set equal to the training set measures the same", () => {
    const settings = small({ losses: ['full', 'partial', 'oracle', 'blend'] });
    const data = buildDataset(settings);
    const mirror: Dataset = {
      ...data,
      heldOut: {
        count: data.count,
        images: data.images,
        labels: data.labels,
        truth: data.truth as Uint8Array,
        stats: data.stats,
      },
    };
    const trainer = new LockstepTrainer(mirror, settings);
    const records = trainer.record(3);
    trainer.dispose();
    for (const r of records) for (const m of r.models) expect(m.heldOut).toEqual(m.metrics);
  });

  it('leaves the training metrics bit-identical', () => {
    const settings = small();
    const withHeld = new LockstepTrainer(buildDataset(settings), settings);
    const without = new LockstepTrainer(buildDataset(settings, { heldOut: false }), settings);
    const a = withHeld.record(5);
    const b = without.record(5);
    withHeld.dispose();
    without.dispose();
    expect(a.map((r) => r.models.map((m) => [m.loss, m.metrics]))).toEqual(
      b.map((r) => r.models.map((m) => [m.loss, m.metrics])),
    );
    expect(b[0]?.models[0]?.heldOut).toBeNull();
  });

  it('is null for custom data, and for a held-out set that does not fit the images', () => {
    const base = buildDataset(small());
    // How the worker builds a reader's own data: no held-out field at all.
    const { heldOut: _drop, ...custom } = base;
    const before = tf.memory().numTensors;
    const trainer = new LockstepTrainer(custom, small());
    const snapshot = trainer.advance(2);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const m of snapshot.models) expect(m.heldOut).toBeNull();

    const held = base.heldOut as NonNullable<Dataset['heldOut']>;
    const mismatched: Dataset = { ...base, heldOut: { ...held, images: held.images.subarray(0, 10) } };
    const other = new LockstepTrainer(mismatched, small());
    const measured = other.advance(1);
    other.dispose();
    expect(measured.models[0]?.heldOut).toBeNull();
  });
});
