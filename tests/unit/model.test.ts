import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convLayer, initialWeights, multiplyAddsPerPixel, Segmenter } from '../../src/core/model';
import { Rng } from '../../src/core/random';
import { useBackend } from './backend';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal()),
    shape,
  );
}

describe('convLayer backward pass (CPU, against autodiff of the plain ops)', () => {
  beforeAll(() => useBackend('cpu'));

  it.each([
    { kernel: 3, relu: true, cin: 1, cout: 4 },
    { kernel: 3, relu: true, cin: 3, cout: 5 },
    { kernel: 1, relu: false, cin: 4, cout: 1 },
  ])('matches for kernel $kernel, relu $relu, $cin→$cout channels', ({ kernel, relu, cin, cout }) => {
    tf.tidy(() => {
      const rng = new Rng(11, `${kernel}-${cin}-${cout}`);
      const x = randomTensor(rng, [2, 6, 5, cin]) as tf.Tensor4D;
      const w = randomTensor(rng, [kernel, kernel, cin, cout]) as tf.Tensor4D;
      const b = randomTensor(rng, [cout]) as tf.Tensor1D;
      const upstream = randomTensor(rng, [2, 6, 5, cout]);
      const reference = (xx: tf.Tensor4D, ww: tf.Tensor4D, bb: tf.Tensor1D) => {
        const y = tf.add(tf.conv2d(xx, ww, 1, 'same'), bb);
        return tf.sum(tf.mul(relu ? tf.relu(y) : y, upstream));
      };
      const custom = (xx: tf.Tensor4D, ww: tf.Tensor4D, bb: tf.Tensor1D) =>
        tf.sum(tf.mul(convLayer(xx, ww, bb, relu), upstream));
      const expected = tf.grads(reference as (...a: tf.Tensor[]) => tf.Tensor)([x, w, b]);
      const actual = tf.grads(custom as (...a: tf.Tensor[]) => tf.Tensor)([x, w, b]);
      expect(maxAbsDiff(custom(x, w, b).dataSync(), reference(x, w, b).dataSync())).toBeLessThan(1e-3);
      actual.forEach((g, i) => {
        expect(g.shape).toEqual((expected[i] as tf.Tensor).shape);
        expect(maxAbsDiff(g.dataSync(), (expected[i] as tf.Tensor).dataSync())).toBeLessThan(1e-4);
      });
    });
  });
});

describe('convLayer backward pass on WASM', () => {
  afterAll(() => useBackend('cpu'));

  it('equals the CPU autodiff reference (WASM has no Conv2DBackpropFilter kernel)', async () => {
    const rng = new Rng(12);
    const values = {
      x: Float32Array.from({ length: 2 * 7 * 6 * 3 }, () => rng.normal()),
      w: Float32Array.from({ length: 3 * 3 * 3 * 4 }, () => rng.normal()),
      b: Float32Array.from({ length: 4 }, () => rng.normal()),
      up: Float32Array.from({ length: 2 * 7 * 6 * 4 }, () => rng.normal()),
    };
    const gradients = (useReference: boolean) =>
      tf.tidy(() => {
        const x = tf.tensor4d(values.x, [2, 7, 6, 3]);
        const w = tf.tensor4d(values.w, [3, 3, 3, 4]);
        const b = tf.tensor1d(values.b);
        const up = tf.tensor4d(values.up, [2, 7, 6, 4]);
        const f = (xx: tf.Tensor4D, ww: tf.Tensor4D, bb: tf.Tensor1D) =>
          tf.sum(
            tf.mul(useReference ? tf.relu(tf.add(tf.conv2d(xx, ww, 1, 'same'), bb)) : convLayer(xx, ww, bb, true), up),
          );
        return tf
          .grads(f as (...a: tf.Tensor[]) => tf.Tensor)([x, w, b])
          .map((g) => Array.from(g.dataSync()));
      });
    await useBackend('cpu');
    const expected = gradients(true);
    await useBackend('wasm');
    const actual = gradients(false);
    actual.forEach((g, i) => {
      expect(maxAbsDiff(g, expected[i] as number[])).toBeLessThan(1e-4);
    });
  });
});

describe('Segmenter', () => {
  afterAll(() => useBackend('cpu'));

  it('draws the same initial weights from the same seed and different ones from another', () => {
    const a = initialWeights(8, new Rng(1, 'weights'));
    const b = initialWeights(8, new Rng(1, 'weights'));
    const c = initialWeights(8, new Rng(2, 'weights'));
    expect(a).toEqual(b);
    expect(a[0]?.filter).not.toEqual(c[0]?.filter);
    expect(a.map((l) => l.shape)).toEqual([
      [3, 3, 1, 8],
      [3, 3, 8, 8],
      [3, 3, 8, 8],
      [1, 1, 8, 1],
    ]);
    expect(multiplyAddsPerPixel(8)).toBe(9 * 8 + 9 * 64 * 2 + 8);
  });

  it.each(['cpu', 'wasm'] as const)('gives one logit per pixel and trainable gradients on %s', async (backend) => {
    await useBackend(backend);
    const model = new Segmenter(initialWeights(4, new Rng(3)));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const images = randomTensor(new Rng(4), [2, 8, 8, 1]) as tf.Tensor4D;
      expect(model.logits(images).shape).toEqual([2, 8, 8, 1]);
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.square(model.logits(images))) as tf.Scalar,
        model.variables,
      );
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads)).toHaveLength(model.variables.length);
      for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - model.variables.length);
  });
});
