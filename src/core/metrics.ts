/**
 * Segmentation metrics against the ground truth (threshold 0.5), as defined in DESIGN.md.
 * The sums are taken on the device for every model at once and read back in one go;
 * `metricsFromSums` turns them into ratios, null where a ratio has no pixels to count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { borderRing, FOREGROUND, UNLABELED } from './labels';
import { distanceToBoundary, NEAR_BOUNDARY_DISTANCE } from './regions';

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
  /** Recall on the unlabeled foreground off the border ring (where strokes can reach). */
  recallUnlabeledFgInterior: number | null;
  /** Recall on the unlabeled foreground of the border ring (where strokes never go). */
  recallUnlabeledFgBorder: number | null;
  /** Mean p over the interior part of U_fg. */
  meanPUnlabeledFgInterior: number | null;
  /** Mean p over the border-ring part of U_fg. */
  meanPUnlabeledFgBorder: number | null;
  /** Share of pixels within 2 px of a boundary (either class, labeled or not) that are misclassified. */
  borderErrorRate: number | null;
  /** Share of the pixels farther than 2 px from every boundary that are misclassified. */
  interiorErrorRate: number | null;
}

/** Pixel counts that do not change during training. */
export interface MetricCounts {
  pixels: number;
  unlabeledFg: number;
  /** U_fg pixels off the border ring, and on it: the two add up to `unlabeledFg`. */
  unlabeledFgInterior: number;
  unlabeledFgBorder: number;
  background: number;
  foreground: number;
  labeled: number;
  /** Pixels within 2 px of a boundary, and the rest: the two add up to `pixels` when there is truth. */
  nearBoundary: number;
  farFromBoundary: number;
  hasTruth: boolean;
}

/** Fixed 0/1 tensors the sums are weighted with, shaped like the predictions. */
export interface MetricMasks {
  unlabeledFg: tf.Tensor;
  unlabeledFgInterior: tf.Tensor;
  unlabeledFgBorder: tf.Tensor;
  background: tf.Tensor;
  truth: tf.Tensor;
  mask: tf.Tensor;
  foregroundLabel: tf.Tensor;
  nearBoundary: tf.Tensor;
  farFromBoundary: tf.Tensor;
}

/** Number of values `metricSums` produces per model. */
export const METRIC_SUM_COUNT = 12;

/**
 * [Σ pred·U_fg, Σ p·U_fg, Σ pred·bg, Σ pred·fg, Σ pred, Σ m·agree, Σ pred·U_int, Σ p·U_int,
 * Σ pred·U_border, Σ p·U_border, Σ wrong·near, Σ wrong·far] for one model's probabilities.
 * Later sums come last so that the earlier ones are taken exactly as before.
 */
export function metricSums(probabilities: tf.Tensor, masks: MetricMasks): tf.Tensor1D {
  return tf.tidy(() => {
    const pred = tf.cast(tf.greater(probabilities, 0.5), 'float32');
    const agree = tf.cast(tf.equal(pred, masks.foregroundLabel), 'float32');
    const wrong = tf.abs(tf.sub(pred, masks.truth));
    return tf.stack([
      tf.sum(tf.mul(pred, masks.unlabeledFg)),
      tf.sum(tf.mul(probabilities, masks.unlabeledFg)),
      tf.sum(tf.mul(pred, masks.background)),
      tf.sum(tf.mul(pred, masks.truth)),
      tf.sum(pred),
      tf.sum(tf.mul(agree, masks.mask)),
      tf.sum(tf.mul(pred, masks.unlabeledFgInterior)),
      tf.sum(tf.mul(probabilities, masks.unlabeledFgInterior)),
      tf.sum(tf.mul(pred, masks.unlabeledFgBorder)),
      tf.sum(tf.mul(probabilities, masks.unlabeledFgBorder)),
      tf.sum(tf.mul(wrong, masks.nearBoundary)),
      tf.sum(tf.mul(wrong, masks.farFromBoundary)),
    ]) as tf.Tensor1D;
  });
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

/** Ratios from the sums of `metricSums`; metrics that need the truth are null without it. */
export function metricsFromSums(sums: ArrayLike<number>, counts: MetricCounts): Metrics {
  const [
    predUfg = 0,
    pUfg = 0,
    predBg = 0,
    predFg = 0,
    predAll = 0,
    agree = 0,
    predInt = 0,
    pInt = 0,
    predBorder = 0,
    pBorder = 0,
    wrongNear = 0,
    wrongFar = 0,
  ] = Array.from(sums);
  const truthOnly = <T>(v: T): T | null => (counts.hasTruth ? v : null);
  const union = predAll + counts.foreground - predFg;
  return {
    recallUnlabeledFg: truthOnly(ratio(predUfg, counts.unlabeledFg)),
    meanPUnlabeledFg: truthOnly(ratio(pUfg, counts.unlabeledFg)),
    bgFpr: truthOnly(ratio(predBg, counts.background)),
    iou: truthOnly(union > 0 ? predFg / union : null),
    labelAgreement: ratio(agree, counts.labeled),
    predictedFgShare: counts.pixels > 0 ? predAll / counts.pixels : 0,
    recallUnlabeledFgInterior: truthOnly(ratio(predInt, counts.unlabeledFgInterior)),
    recallUnlabeledFgBorder: truthOnly(ratio(predBorder, counts.unlabeledFgBorder)),
    meanPUnlabeledFgInterior: truthOnly(ratio(pInt, counts.unlabeledFgInterior)),
    meanPUnlabeledFgBorder: truthOnly(ratio(pBorder, counts.unlabeledFgBorder)),
    borderErrorRate: truthOnly(ratio(wrongNear, counts.nearBoundary)),
    interiorErrorRate: truthOnly(ratio(wrongFar, counts.farFromBoundary)),
  };
}

/** Fill the near/far-from-boundary masks and counts, image by image. */
function splitByBoundary(truth: Uint8Array, size: number, masks: MetricMaskArrays, counts: MetricCounts): void {
  const area = size * size;
  for (let offset = 0; offset < truth.length; offset += area) {
    const dist = distanceToBoundary(truth, offset, size);
    for (let p = 0; p < area; p++) {
      const near = (dist[p] as number) <= NEAR_BOUNDARY_DISTANCE;
      (near ? masks.nearBoundary : masks.farFromBoundary)[offset + p] = 1;
      if (near) counts.nearBoundary++;
      else counts.farFromBoundary++;
    }
  }
}

/** The 0/1 masks of `MetricMasks` as arrays (laid out like `labels`), before upload. */
export type MetricMaskArrays = { [K in keyof MetricMasks]: Float32Array };

/**
 * Counts and 0/1 mask arrays for measuring predictions against these labels and truth
 * (`size` is the image side; the border ring is taken per image). Without truth, every
 * truth-based mask is zero and the truth-based metrics come out null.
 */
export function metricInputs(
  labels: Uint8Array,
  truth: Uint8Array | null,
  size: number,
): { counts: MetricCounts; masks: MetricMaskArrays } {
  const n = labels.length;
  // A truth map that does not match the labels would misplace every mask: treat it as absent.
  const g = truth && truth.length === n && size > 0 && n % (size * size) === 0 ? truth : null;
  const ring = g ? borderRing(g, size) : null;
  const masks: MetricMaskArrays = {
    unlabeledFg: new Float32Array(n),
    unlabeledFgInterior: new Float32Array(n),
    unlabeledFgBorder: new Float32Array(n),
    background: new Float32Array(n),
    truth: new Float32Array(n),
    mask: new Float32Array(n),
    foregroundLabel: new Float32Array(n),
    nearBoundary: new Float32Array(n),
    farFromBoundary: new Float32Array(n),
  };
  const counts: MetricCounts = {
    pixels: n,
    unlabeledFg: 0,
    unlabeledFgInterior: 0,
    unlabeledFgBorder: 0,
    background: 0,
    foreground: 0,
    labeled: 0,
    nearBoundary: 0,
    farFromBoundary: 0,
    hasTruth: g !== null,
  };
  if (g) splitByBoundary(g, size, masks, counts);
  for (let i = 0; i < n; i++) {
    const unlabeled = labels[i] === UNLABELED;
    masks.mask[i] = unlabeled ? 0 : 1;
    masks.foregroundLabel[i] = labels[i] === FOREGROUND ? 1 : 0;
    if (!unlabeled) counts.labeled++;
    if (!g) continue;
    if (g[i] === 1) {
      masks.truth[i] = 1;
      counts.foreground++;
      if (unlabeled) {
        masks.unlabeledFg[i] = 1;
        counts.unlabeledFg++;
        if (ring && ring[i] === 1) {
          masks.unlabeledFgBorder[i] = 1;
          counts.unlabeledFgBorder++;
        } else {
          masks.unlabeledFgInterior[i] = 1;
          counts.unlabeledFgInterior++;
        }
      }
    } else {
      masks.background[i] = 1;
      counts.background++;
    }
  }
  return { counts, masks };
}
