/** The tensors and label counts a lockstep trainer keeps for its dataset, and its optimizers. */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './dataset';
import { FOREGROUND, UNLABELED } from './labels';
import type { LabelCounts } from './losses';
import type { MetricMaskArrays, MetricMasks } from './metrics';
import type { OptimizerId } from './settings';

/** Dataset-wide tensors, shaped [count, H, W, 1]. */
export interface DataTensors {
  images: tf.Tensor4D;
  clean: tf.Tensor4D | null;
  mask: tf.Tensor4D;
  foreground: tf.Tensor4D;
  truth: tf.Tensor4D;
  unlabeledFg: tf.Tensor4D;
  unlabeledFgInterior: tf.Tensor4D;
  unlabeledFgBorder: tf.Tensor4D;
  background: tf.Tensor4D;
  nearBoundary: tf.Tensor4D;
  farFromBoundary: tf.Tensor4D;
}

/** The held-out images and the masks they are measured with. */
export interface HeldOutTensors {
  images: tf.Tensor4D;
  masks: MetricMasks;
}

/** The metric masks as [count, H, W, 1] tensors. */
export function uploadMasks(
  arrays: MetricMaskArrays,
  shape: [number, number, number, number],
): { [K in keyof MetricMasks]: tf.Tensor4D } {
  return {
    unlabeledFg: tf.tensor4d(arrays.unlabeledFg, shape),
    unlabeledFgInterior: tf.tensor4d(arrays.unlabeledFgInterior, shape),
    unlabeledFgBorder: tf.tensor4d(arrays.unlabeledFgBorder, shape),
    background: tf.tensor4d(arrays.background, shape),
    truth: tf.tensor4d(arrays.truth, shape),
    mask: tf.tensor4d(arrays.mask, shape),
    foregroundLabel: tf.tensor4d(arrays.foregroundLabel, shape),
    nearBoundary: tf.tensor4d(arrays.nearBoundary, shape),
    farFromBoundary: tf.tensor4d(arrays.farFromBoundary, shape),
  };
}

/** The dataset's images (and clean images, when noise is redrawn each step) and masks as tensors. */
export function uploadData(data: Dataset, arrays: MetricMaskArrays): DataTensors {
  const { size, count, images } = data;
  const shape: [number, number, number, number] = [count, size, size, 1];
  const masks = uploadMasks(arrays, shape);
  return {
    images: tf.tensor4d(images, shape),
    clean: data.clean && data.noise > 0 ? tf.tensor4d(data.clean, shape) : null,
    mask: masks.mask,
    foreground: masks.foregroundLabel,
    truth: masks.truth,
    unlabeledFg: masks.unlabeledFg,
    unlabeledFgInterior: masks.unlabeledFgInterior,
    unlabeledFgBorder: masks.unlabeledFgBorder,
    background: masks.background,
    nearBoundary: masks.nearBoundary,
    farFromBoundary: masks.farFromBoundary,
  };
}

/** A fresh optimizer of the chosen kind: each model gets its own state. */
export function makeOptimizer(id: OptimizerId, lr: number): tf.Optimizer {
  return id === 'sgd' ? tf.train.sgd(lr) : tf.train.adam(lr);
}

/** Per-image label counts, summed on the CPU for each batch. */
export function countsPerImage(data: Dataset): LabelCounts[] {
  const area = data.size * data.size;
  return Array.from({ length: data.count }, (_, n) => {
    let labeled = 0;
    let foregroundLabeled = 0;
    for (let i = n * area; i < (n + 1) * area; i++) {
      if (data.labels[i] !== UNLABELED) labeled++;
      if (data.labels[i] === FOREGROUND) foregroundLabeled++;
    }
    return { pixels: area, labeled, foregroundLabeled, hasTruth: data.truth !== null };
  });
}

/** The label counts of several images together. */
export function sumCounts(parts: LabelCounts[]): LabelCounts {
  return parts.reduce(
    (a, b) => ({
      pixels: a.pixels + b.pixels,
      labeled: a.labeled + b.labeled,
      foregroundLabeled: a.foregroundLabeled + b.foregroundLabeled,
      hasTruth: a.hasTruth && b.hasTruth,
    }),
    { pixels: 0, labeled: 0, foregroundLabeled: 0, hasTruth: true },
  );
}
