/**
 * The split of unlabeled foreground into the border ring and the interior, on hand-made
 * probabilities, labels and truth small enough to count by hand.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOREGROUND, UNLABELED } from '../../src/core/labels';
import {
  METRIC_SUM_COUNT,
  type MetricMasks,
  type Metrics,
  metricInputs,
  metricSums,
  metricsFromSums,
} from '../../src/core/metrics';
import { Rng } from '../../src/core/random';
import { useBackend } from './backend';

const SIZE = 7;
const at = (x: number, y: number) => y * SIZE + x;

/** One 7×7 image with a 5×5 foreground block at 1..5: a ring of 16 pixels around 9 interior ones. */
function block(): Uint8Array {
  const truth = new Uint8Array(SIZE * SIZE);
  for (let y = 1; y <= 5; y++) for (let x = 1; x <= 5; x++) truth[at(x, y)] = 1;
  return truth;
}
const isInterior = (i: number) => {
  const x = i % SIZE;
  const y = Math.floor(i / SIZE);
  return x >= 2 && x <= 4 && y >= 2 && y <= 4;
};

/** Metrics of `probabilities` measured on the device, as the trainer does. */
function measure(probabilities: Float32Array, labels: Uint8Array, truth: Uint8Array | null): Metrics {
  const { counts, masks } = metricInputs(labels, truth, SIZE);
  const shape = [labels.length / (SIZE * SIZE), SIZE, SIZE, 1];
  const sums = tf.tidy(() => {
    const uploaded = Object.fromEntries(
      Object.entries(masks).map(([k, v]) => [k, tf.tensor(v, shape)]),
    ) as unknown as MetricMasks;
    return metricSums(tf.tensor(probabilities, shape), uploaded);
  });
  const values = sums.dataSync();
  sums.dispose();
  expect(values).toHaveLength(METRIC_SUM_COUNT);
  return metricsFromSums(values, counts);
}

function randomProbabilities(seed: number, n: number): Float32Array {
  const rng = new Rng(seed, 'metrics-test');
  return Float32Array.from({ length: n }, () => rng.uniform(0, 1));
}

beforeAll(() => useBackend('cpu'));

describe('unlabeled foreground split into interior and border ring', () => {
  it('counts the ring and the interior of a block, leaving labeled pixels out', () => {
    const labels = new Uint8Array(SIZE * SIZE);
    labels[at(3, 3)] = FOREGROUND; // interior
    labels[at(2, 3)] = FOREGROUND; // interior
    labels[at(1, 1)] = FOREGROUND; // ring corner
    const { counts, masks } = metricInputs(labels, block(), SIZE);
    expect(counts.foreground).toBe(25);
    expect(counts.unlabeledFg).toBe(22);
    expect(counts.unlabeledFgBorder).toBe(15);
    expect(counts.unlabeledFgInterior).toBe(7);
    for (let i = 0; i < labels.length; i++) {
      // The two groups are disjoint and cover U_fg exactly.
      expect((masks.unlabeledFgInterior[i] as number) + (masks.unlabeledFgBorder[i] as number)).toBe(
        masks.unlabeledFg[i],
      );
      if (masks.unlabeledFgInterior[i] === 1) expect(isInterior(i)).toBe(true);
      if (masks.unlabeledFgBorder[i] === 1) expect(isInterior(i)).toBe(false);
    }
  });

  it('gives the hand-computed mean p and recall of each group', () => {
    const labels = new Uint8Array(SIZE * SIZE);
    labels[at(3, 3)] = FOREGROUND;
    const truth = block();
    const p = randomProbabilities(1, labels.length);
    const m = measure(p, labels, truth);
    let sumInt = 0;
    let sumBorder = 0;
    let hitInt = 0;
    let hitBorder = 0;
    for (let i = 0; i < p.length; i++) {
      if (truth[i] !== 1 || labels[i] !== UNLABELED) continue;
      const v = p[i] as number;
      if (isInterior(i)) {
        sumInt += v;
        if (v > 0.5) hitInt++;
      } else {
        sumBorder += v;
        if (v > 0.5) hitBorder++;
      }
    }
    expect(m.meanPUnlabeledFgInterior).toBeCloseTo(sumInt / 8, 5);
    expect(m.meanPUnlabeledFgBorder).toBeCloseTo(sumBorder / 16, 5);
    expect(m.recallUnlabeledFgInterior).toBeCloseTo(hitInt / 8, 6);
    expect(m.recallUnlabeledFgBorder).toBeCloseTo(hitBorder / 16, 6);
  });

  it.each([1, 2, 3])(
    'partitions U_fg: the count-weighted average of interior and border is the whole (seed %i)',
    (seed) => {
      // Two images, so the ring is found per image; labels scattered at random.
      const truth = new Uint8Array([...block(), ...block().map((v, i) => (v === 1 && i % SIZE !== 5 ? 1 : 0))]);
      const rng = new Rng(seed, 'metrics-test-labels');
      const labels = truth.map((g) => (g === 1 && rng.uniform(0, 1) < 0.3 ? FOREGROUND : UNLABELED));
      const p = randomProbabilities(seed, truth.length);
      const { counts } = metricInputs(labels, truth, SIZE);
      const m = measure(p, labels, truth);
      expect(counts.unlabeledFgInterior + counts.unlabeledFgBorder).toBe(counts.unlabeledFg);
      expect(counts.unlabeledFgInterior).toBeGreaterThan(0);
      expect(counts.unlabeledFgBorder).toBeGreaterThan(0);
      const weighted = (a: number | null, b: number | null) =>
        ((a as number) * counts.unlabeledFgInterior + (b as number) * counts.unlabeledFgBorder) / counts.unlabeledFg;
      expect(weighted(m.meanPUnlabeledFgInterior, m.meanPUnlabeledFgBorder)).toBeCloseTo(
        m.meanPUnlabeledFg as number,
        5,
      );
      expect(weighted(m.recallUnlabeledFgInterior, m.recallUnlabeledFgBorder)).toBeCloseTo(
        m.recallUnlabeledFg as number,
        6,
      );
    },
  );

  it('is null for a group without pixels, and everywhere without truth', () => {
    const truth = block();
    const interiorLabeled = truth.map((g, i) => (g === 1 && isInterior(i) ? FOREGROUND : UNLABELED));
    const p = randomProbabilities(4, truth.length);
    const m = measure(p, interiorLabeled, truth);
    expect(m.meanPUnlabeledFgInterior).toBeNull();
    expect(m.recallUnlabeledFgInterior).toBeNull();
    expect(m.meanPUnlabeledFgBorder).not.toBeNull();
    expect(m.recallUnlabeledFgBorder).not.toBeNull();

    // A 2×3 block is all ring: no interior at all, labeled or not.
    const small = new Uint8Array(SIZE * SIZE);
    for (let y = 2; y <= 4; y++) for (let x = 2; x <= 3; x++) small[at(x, y)] = 1;
    const ringOnly = measure(p, new Uint8Array(SIZE * SIZE), small);
    expect(ringOnly.meanPUnlabeledFgInterior).toBeNull();
    expect(ringOnly.meanPUnlabeledFgBorder).toBeCloseTo(ringOnly.meanPUnlabeledFg as number, 6);

    const blind = measure(p, interiorLabeled, null);
    for (const key of [
      'recallUnlabeledFgInterior',
      'recallUnlabeledFgBorder',
      'meanPUnlabeledFgInterior',
      'meanPUnlabeledFgBorder',
    ] as const) {
      expect(blind[key]).toBeNull();
    }
    expect(blind.labelAgreement).not.toBeNull();
  });

  it('treats a truth map of the wrong length as no truth rather than misplacing masks', () => {
    const labels = new Uint8Array(SIZE * SIZE);
    const { counts } = metricInputs(labels, new Uint8Array(10).fill(1), SIZE);
    expect(counts.hasTruth).toBe(false);
    expect(counts.unlabeledFg).toBe(0);
    const m = metricsFromSums(new Float32Array(METRIC_SUM_COUNT), counts);
    expect(m.meanPUnlabeledFgBorder).toBeNull();
    expect(Number.isNaN(m.predictedFgShare)).toBe(false);
  });
});
