/**
 * Segmentation metrics against the ground truth (threshold 0.5), as defined in DESIGN.md.
 * The sums are taken on the device for every model at once and read back in one go;
 * `metricsFromSums` turns them into ratios, null where a ratio has no pixels to count.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Metrics {
  /** |pred ∧ U_fg| / |U_fg|, U_fg = foreground pixels without a label. */
  recallUnlabeledFg: number | null;
  /** Mean p over U_fg: under full CE it settles near the coverage c. */
  meanPUnlabeledFg: number | null;
  /** |pred ∧ bg| / |bg|. */
  bgFpr: number | null;
  /** |pred ∧ fg| / |pred ∨ fg|. */
  iou: number | null;
  /** Share of labeled pixels whose prediction agrees with their label (needs no truth). */
  labelAgreement: number | null;
  /** Share of all pixels predicted foreground. */
  predictedFgShare: number;
}

/** Pixel counts that do not change during training. */
export interface MetricCounts {
  pixels: number;
  unlabeledFg: number;
  background: number;
  foreground: number;
  labeled: number;
  hasTruth: boolean;
}

/** Fixed 0/1 tensors the sums are weighted with, shaped like the predictions. */
export interface MetricMasks {
  unlabeledFg: tf.Tensor;
  background: tf.Tensor;
  truth: tf.Tensor;
  mask: tf.Tensor;
  foregroundLabel: tf.Tensor;
}

/** Number of values `metricSums` produces per model. */
export const METRIC_SUM_COUNT = 6;

/** [Σ pred·U_fg, Σ p·U_fg, Σ pred·bg, Σ pred·fg, Σ pred, Σ m·agree] for one model's probabilities. */
export function metricSums(probabilities: tf.Tensor, masks: MetricMasks): tf.Tensor1D {
  return tf.tidy(() => {
    const pred = tf.cast(tf.greater(probabilities, 0.5), 'float32');
    const agree = tf.cast(tf.equal(pred, masks.foregroundLabel), 'float32');
    return tf.stack([
      tf.sum(tf.mul(pred, masks.unlabeledFg)),
      tf.sum(tf.mul(probabilities, masks.unlabeledFg)),
      tf.sum(tf.mul(pred, masks.background)),
      tf.sum(tf.mul(pred, masks.truth)),
      tf.sum(pred),
      tf.sum(tf.mul(agree, masks.mask)),
    ]) as tf.Tensor1D;
  });
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

/** Ratios from the sums of `metricSums`; metrics that need the truth are null without it. */
export function metricsFromSums(sums: ArrayLike<number>, counts: MetricCounts): Metrics {
  const [predUfg = 0, pUfg = 0, predBg = 0, predFg = 0, predAll = 0, agree = 0] = Array.from(sums);
  const truthOnly = <T>(v: T): T | null => (counts.hasTruth ? v : null);
  const union = predAll + counts.foreground - predFg;
  return {
    recallUnlabeledFg: truthOnly(ratio(predUfg, counts.unlabeledFg)),
    meanPUnlabeledFg: truthOnly(ratio(pUfg, counts.unlabeledFg)),
    bgFpr: truthOnly(ratio(predBg, counts.background)),
    iou: truthOnly(union > 0 ? predFg / union : null),
    labelAgreement: ratio(agree, counts.labeled),
    predictedFgShare: counts.pixels > 0 ? predAll / counts.pixels : 0,
  };
}
