import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REPLACED_KERNELS } from '../../src/worker/wasm-kernels';
import { useBackend } from './backend';

/** Run `f` on one backend and read its results back as plain arrays. */
async function on(name: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]) {
  await useBackend(name);
  return tf.tidy(f);
}

async function both(f: () => tf.Tensor | tf.Tensor[]) {
  const read = (t: tf.Tensor | tf.Tensor[]) =>
    (Array.isArray(t) ? t : [t]).map((x) => ({ shape: x.shape, dtype: x.dtype, values: Array.from(x.dataSync()) }));
  const cpu = await on('cpu', f);
  const cpuValues = read(cpu);
  tf.dispose(cpu);
  const wasm = await on('wasm', f);
  const wasmValues = read(wasm);
  tf.dispose(wasm);
  return { cpu: cpuValues, wasm: wasmValues };
}

/** 0, 1, 2, … in a tensor of this shape and dtype (bool: alternating). */
const counting = (shape: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32') => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) =>
    dtype === 'bool' ? i % 3 === 0 : dtype === 'int32' ? i * 7 - 50 : i + 0.25,
  );
  return tf.tensor(values as number[], shape, dtype);
};

describe('heap-to-heap Slice, Unpack and SplitV on WASM', () => {
  afterAll(() => useBackend('wasm'));

  it('replaces the three copying kernels of tfjs-backend-wasm', () => {
    expect(REPLACED_KERNELS).toEqual(['Slice', 'Unpack', 'SplitV']);
    for (const name of REPLACED_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  const slices: [string, number[], number[], number[]][] = [
    ['1-D, contiguous', [10], [3], [5]],
    ['2-D, rows (contiguous)', [6, 5], [2, 0], [3, 5]],
    ['2-D, columns (strided)', [6, 5], [1, 2], [4, 2]],
    ['3-D, a model of a model-major stack', [3, 16, 8], [1, 0, 0], [1, 16, 8]],
    ['4-D, channels of [B, H, W, C]', [2, 4, 4, 24], [0, 0, 0, 8], [2, 4, 4, 8]],
    ['4-D, a window', [2, 5, 6, 3], [1, 1, 2, 1], [1, 3, 3, 2]],
    ['5-D, strided', [2, 3, 2, 3, 4], [1, 1, 0, 1, 1], [1, 2, 2, 2, 2]],
    ['empty', [4, 4], [1, 1], [0, 2]],
  ];
  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    for (const [title, shape, begin, size] of slices) {
      it(`slices as the CPU backend does: ${title}, ${dtype}`, async () => {
        const { cpu, wasm } = await both(() => tf.slice(counting(shape, dtype), begin, size));
        expect(wasm).toEqual(cpu);
        expect(wasm[0]?.values.length).toBe(size.reduce((a, b) => a * b, 1));
      });
    }
  }

  it('unstacks along every axis, as the CPU backend does', async () => {
    for (const axis of [0, 1, 2, -1]) {
      const { cpu, wasm } = await both(() => tf.unstack(counting([3, 4, 5]), axis));
      expect(wasm).toEqual(cpu);
      expect(wasm.length).toBe([3, 4, 5].at(axis));
    }
  });

  it('splits by sizes and by count, along inner and outer axes, as the CPU backend does', async () => {
    const cases: [number[], number[] | number, number][] = [
      [[7251], [2000, 51, 4000, 1200], 0],
      [[6, 10], 3, 0],
      [[6, 10], [4, 1, 5], 1],
      [[2, 3, 4, 6], 2, 3],
    ];
    for (const [shape, splits, axis] of cases) {
      const { cpu, wasm } = await both(() => tf.split(counting(shape), splits, axis));
      expect(wasm).toEqual(cpu);
    }
  });

  it('keeps every value when the outputs grow the WASM heap part-way', async () => {
    await useBackend('wasm');
    // 64 outputs of 1 MB each from one 64 MB input: the heap has to grow while the kernel runs.
    // Whole numbers below 2^24, so float32 holds each exactly.
    const x = tf.tidy(() => tf.reshape(tf.range(0, 64 * 262_144, 1, 'float32'), [64, 262_144]));
    const parts = tf.unstack(x);
    const firstAndLast = parts.map((p) => {
      const v = p.dataSync();
      return [v[0], v[v.length - 1]];
    });
    tf.dispose([x, ...parts]);
    expect(firstAndLast).toEqual(Array.from({ length: 64 }, (_, i) => [i * 262_144, (i + 1) * 262_144 - 1]));
  });
});
