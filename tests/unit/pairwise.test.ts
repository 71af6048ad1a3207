import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bilateralKernel,
  DENSE_MAX_SIDE,
  describeKernel,
  type KernelKind,
  kernelKind,
  normalizedCutGradLogits,
  normalizedCutValue,
  type PairwiseKernel,
  pottsGradLogits,
  pottsValue,
} from '../../src/core/pairwise';
import { Rng } from '../../src/core/random';
import { useBackend } from './backend';

const SIDE = 6;
const IMAGES = 2;
const WIDTHS = { sigmaXy: 2, sigmaIntensity: 0.4 };
/** A window that reaches every pixel of a SIDE × SIDE image: the same pairs as the dense kernel. */
const WHOLE_WINDOW: KernelKind = { kind: 'window', radius: SIDE - 1 };

/** Two noisy images with a bright square on a dark ground, from a fixed seed. */
function images(): tf.Tensor4D {
  const rng = new Rng(3, 'pairwise images');
  const values = new Float32Array(IMAGES * SIDE * SIDE);
  for (let b = 0; b < IMAGES; b++) {
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const inside = x >= 1 + b && x < 4 + b && y >= 1 && y < 4;
        values[(b * SIDE + y) * SIDE + x] = (inside ? 1 : 0) + 0.2 * rng.normal();
      }
    }
  }
  return tf.tensor4d(values, [IMAGES, SIDE, SIDE, 1]);
}

/** The affinity matrix of image `b`, read column by column through `apply` on unit vectors. */
function matrixOf(kernel: PairwiseKernel, b: number): number[][] {
  const n = SIDE * SIDE;
  const rows = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const unit = new Float32Array(IMAGES * n);
    unit[b * n + j] = 1;
    const column = tf.tidy(() => kernel.apply(tf.tensor4d(unit, [IMAGES, SIDE, SIDE, 1])).dataSync());
    for (let i = 0; i < n; i++) (rows[i] as number[])[j] = column[b * n + i] as number;
  }
  return rows;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

/** Logits drawn from a seed, shaped like the images. */
function logits(seed: number, scale = 2): tf.Tensor4D {
  const rng = new Rng(seed, 'pairwise logits');
  return tf.tensor4d(
    Float32Array.from({ length: IMAGES * SIDE * SIDE }, () => rng.normal() * scale),
    [IMAGES, SIDE, SIDE, 1],
  );
}

const KINDS: [string, KernelKind][] = [
  ['dense', { kind: 'dense' }],
  ['window', { kind: 'window', radius: 2 }],
];

const REGULARISERS = [
  { name: 'Potts relaxation', value: pottsValue, grad: pottsGradLogits },
  { name: 'normalized cut', value: normalizedCutValue, grad: normalizedCutGradLogits },
];

beforeAll(() => useBackend('cpu'));

describe('the bilateral kernel', () => {
  it.each(KINDS)('is symmetric with a zero diagonal (%s)', (_, kind) => {
    tf.tidy(() => {
      const kernel = bilateralKernel(images(), WIDTHS, kind);
      for (let b = 0; b < IMAGES; b++) {
        const w = matrixOf(kernel, b);
        w.forEach((row, i) => {
          expect(row[i]).toBe(0);
          row.forEach((v, j) => {
            expect(Math.abs(v - (w[j]?.[i] as number))).toBeLessThan(1e-7);
          });
        });
      }
    });
  });

  it('has the Gaussian entries of its definition', () => {
    tf.tidy(() => {
      const input = images();
      const values = input.dataSync();
      const w = matrixOf(bilateralKernel(input, WIDTHS), 1);
      const [i, j] = [7, 15];
      const dxy = (3 - 1) ** 2 + (2 - 1) ** 2; // pixel 7 is (x 1, y 1), pixel 15 is (x 3, y 2)
      const di = ((values[36 + 7] as number) - (values[36 + 15] as number)) ** 2;
      const expected = Math.exp(-dxy / (2 * 2 * 2) - di / (2 * 0.4 * 0.4));
      expect(w[i]?.[j]).toBeCloseTo(expected, 6);
    });
  });

  it('computed in a window that covers the image, equals the dense kernel', () => {
    tf.tidy(() => {
      const input = images();
      const dense = bilateralKernel(input, WIDTHS, { kind: 'dense' });
      const window = bilateralKernel(input, WIDTHS, WHOLE_WINDOW);
      const v = tf.sigmoid(logits(5));
      expect(maxAbsDiff(dense.apply(v).dataSync(), window.apply(v).dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(dense.degree.dataSync(), window.degree.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('gives padding no affinity: a corner pixel has fewer neighbours than a central one', () => {
    tf.tidy(() => {
      const flat = tf.zeros([1, 12, 12, 1]) as tf.Tensor4D;
      const degree = bilateralKernel(flat, { sigmaXy: 1, sigmaIntensity: 1 }, { kind: 'window', radius: 2 }).degree;
      const d = degree.dataSync();
      expect(d[0] as number).toBeLessThan(d[6 * 12 + 6] as number);
      // On a flat image, the central pixel's degree is the sum of the spatial Gaussian over its 24 neighbours.
      let sum = 0;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) if (dx || dy) sum += Math.exp(-(dx * dx + dy * dy) / 2);
      expect(d[6 * 12 + 6] as number).toBeCloseTo(sum, 5);
    });
  });

  it('is dense up to DENSE_MAX_SIDE and a window beyond, and says which', () => {
    expect(kernelKind(DENSE_MAX_SIDE, 4)).toEqual({ kind: 'dense' });
    expect(kernelKind(DENSE_MAX_SIDE + 1, 2)).toEqual({ kind: 'window', radius: 4 });
    expect(kernelKind(64, 40).kind === 'window' && kernelKind(64, 40)).toEqual({ kind: 'window', radius: 6 });
    expect(describeKernel(32, 4)).toMatch(/dense.*1024 pixels/);
    expect(describeKernel(48, 2)).toMatch(/window of radius 4 px \(80 neighbours/);
  });
});

describe.each(REGULARISERS)('the $name', ({ value, grad }) => {
  it('is 0 on a constant hard labelling, and positive across an edge', () => {
    tf.tidy(() => {
      const kernel = bilateralKernel(images(), WIDTHS);
      const shape = [IMAGES, SIDE, SIDE, 1];
      expect(value(tf.zeros(shape), kernel).dataSync()[0]).toBeCloseTo(0, 6);
      expect(value(tf.ones(shape), kernel).dataSync()[0]).toBeCloseTo(0, 6);
      const halves = tf.tensor4d(
        Float32Array.from({ length: IMAGES * SIDE * SIDE }, (_, i) => (i % SIDE < SIDE / 2 ? 1 : 0)),
        [IMAGES, SIDE, SIDE, 1],
      );
      expect(value(halves, kernel).dataSync()[0] as number).toBeGreaterThan(0.01);
    });
  });

  it('is lower for a cut along the intensity edge than for a cut across the bright square', () => {
    tf.tidy(() => {
      const input = images();
      const kernel = bilateralKernel(input, WIDTHS);
      // The square itself, and the same-sized block shifted by two columns so that it cuts the square.
      const block = (shift: number) =>
        tf.tensor4d(
          Float32Array.from({ length: IMAGES * SIDE * SIDE }, (_, i) => {
            const b = Math.floor(i / (SIDE * SIDE));
            const x = i % SIDE;
            const y = Math.floor(i / SIDE) % SIDE;
            return x >= 1 + b + shift && x < 4 + b + shift && y >= 1 && y < 4 ? 1 : 0;
          }),
          [IMAGES, SIDE, SIDE, 1],
        );
      const onEdge = value(block(0), kernel).dataSync()[0] as number;
      const across = value(block(-1), kernel).dataSync()[0] as number;
      expect(onEdge).toBeLessThan(across);
    });
  });

  it.each(KINDS)('has a closed-form gradient equal to autodiff within 1e-5 (%s kernel)', (_, kind) => {
    tf.tidy(() => {
      const kernel = bilateralKernel(images(), WIDTHS, kind);
      for (const seed of [1, 2]) {
        const z = logits(seed);
        const closed = grad(tf.sigmoid(z), kernel).dataSync();
        const auto = tf
          .grad((x: tf.Tensor) => value(tf.sigmoid(x), kernel))(z)
          .dataSync();
        expect(Array.from(closed).every(Number.isFinite)).toBe(true);
        expect(maxAbsDiff(closed, auto)).toBeLessThan(1e-5);
      }
    });
  });

  it.each(KINDS)('has a closed-form gradient equal to central finite differences (%s kernel)', (_, kind) => {
    tf.tidy(() => {
      const kernel = bilateralKernel(images(), WIDTHS, kind);
      const z = logits(4);
      const base = Array.from(z.dataSync());
      const closed = grad(tf.sigmoid(z), kernel).dataSync();
      const at = (v: number[]) =>
        value(tf.sigmoid(tf.tensor4d(v, [IMAGES, SIDE, SIDE, 1])), kernel).dataSync()[0] as number;
      // ε = 1e-2 on float32 values of order 0.1: rounding ~1e-6, truncation O(ε²) below that.
      const eps = 1e-2;
      for (let i = 0; i < base.length; i += 5) {
        const up = base.slice();
        const down = base.slice();
        up[i] = (up[i] as number) + eps;
        down[i] = (down[i] as number) - eps;
        const numeric = (at(up) - at(down)) / (2 * eps);
        expect(Math.abs((closed[i] as number) - numeric)).toBeLessThan(2e-4);
      }
    });
  });
});
