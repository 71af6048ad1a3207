/**
 * The loss table. Each loss pairs its value with its closed-form gradient with respect to
 * the logits; tests check every gradient against tfjs autodiff and finite differences.
 *
 * Binary setting: one logit z per pixel, p = σ(z). Per-pixel cross-entropy on logits is
 * ℓ(z, y) = softplus(z) − y·z, which never takes log(σ(z)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_INFO, type LossId, type LossInfo, type LossParams } from './catalog';
import {
  normalizedCutGradLogits,
  normalizedCutValue,
  type PairwiseKernel,
  pottsGradLogits,
  pottsValue,
} from './pairwise';

export type { LossParams };

/** Label counts of the pixels a loss is evaluated on (read on the CPU, never from a tensor). */
export interface LabelCounts {
  pixels: number;
  labeled: number;
  foregroundLabeled: number;
  /** False when the scene has no ground truth (a reader's own image). */
  hasTruth: boolean;
}

/** Per-pixel targets, all the same shape as the logits, float32 0/1. */
export interface LossTarget {
  /** m: 1 where the pixel carries any label. */
  mask: tf.Tensor;
  /** 1 where the pixel is labeled foreground (so y·m). */
  foreground: tf.Tensor;
  /** g: the ground truth (zeros when there is none). */
  truth: tf.Tensor;
  counts: LabelCounts;
  /**
   * The bilateral affinity of the batch's images (`bilateralKernel`), built by the trainer
   * when a pairwise loss is compared; the other losses never read it.
   */
  pairwise?: PairwiseKernel;
}

export type LossErrorCode = 'nothing-labeled' | 'no-foreground-labels' | 'no-ground-truth';

/** Why a loss cannot be evaluated on these labels; returned, never thrown, never NaN. */
export interface LossError {
  code: LossErrorCode;
  loss: LossId;
  message: string;
}

export interface LossDef extends LossInfo {
  /** The loss as a scalar tensor. */
  value(logits: tf.Tensor, target: LossTarget, params: LossParams): tf.Scalar;
  /** ∂L/∂z for every pixel, same shape as the logits. */
  gradLogits(logits: tf.Tensor, target: LossTarget, params: LossParams): tf.Tensor;
}

/** A denominator that is never zero (the caller has checked the counts already). */
const atLeastOne = (n: number) => Math.max(n, 1);

/** ℓ(z, 1) summed with weights w: Σ w·softplus(−z). */
const positiveTerms = (z: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(w, tf.softplus(tf.neg(z))));
/** ℓ(z, 0) summed with weights w: Σ w·softplus(z). */
const negativeTerms = (z: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(w, tf.softplus(z)));

/** Σ_i w_i ℓ(z_i, y_i) with ℓ(z, y) = softplus(z) − y z. */
function weightedCrossEntropy(z: tf.Tensor, y: tf.Tensor, w: tf.Tensor | null): tf.Scalar {
  const perPixel = tf.sub(tf.softplus(z), tf.mul(y, z));
  return tf.sum(w ? tf.mul(w, perPixel) : perPixel);
}

const full: LossDef = {
  ...LOSS_INFO.full,
  value: (z, t) => tf.div(weightedCrossEntropy(z, t.foreground, null), t.counts.pixels),
  gradLogits: (z, t) => tf.div(tf.sub(tf.sigmoid(z), t.foreground), t.counts.pixels),
};

const partial: LossDef = {
  ...LOSS_INFO.partial,
  value: (z, t) => tf.div(weightedCrossEntropy(z, t.foreground, t.mask), atLeastOne(t.counts.labeled)),
  gradLogits: (z, t) => tf.div(tf.mul(t.mask, tf.sub(tf.sigmoid(z), t.foreground)), atLeastOne(t.counts.labeled)),
};

const oracle: LossDef = {
  ...LOSS_INFO.oracle,
  value: (z, t) => tf.div(weightedCrossEntropy(z, t.truth, null), t.counts.pixels),
  gradLogits: (z, t) => tf.div(tf.sub(tf.sigmoid(z), t.truth), t.counts.pixels),
};

/** Σm + λ(N − Σm): one normaliser that moves from partial (λ=0) to full (λ=1). */
const blendNormaliser = (t: LossTarget, lambda: number) =>
  atLeastOne(t.counts.labeled + lambda * (t.counts.pixels - t.counts.labeled));

const blend: LossDef = {
  ...LOSS_INFO.blend,
  value: (z, t, { lambda }) => {
    const weights = tf.add(t.mask, tf.mul(lambda, tf.sub(1, t.mask)));
    return tf.div(weightedCrossEntropy(z, t.foreground, weights), blendNormaliser(t, lambda));
  },
  gradLogits: (z, t, { lambda }) => {
    const p = tf.sigmoid(z);
    const labeled = tf.mul(t.mask, tf.sub(p, t.foreground));
    const unlabeled = tf.mul(lambda, tf.mul(tf.sub(1, t.mask), p));
    return tf.div(tf.add(labeled, unlabeled), blendNormaliser(t, lambda));
  },
};

const partialForeground: LossDef = {
  ...LOSS_INFO['partial-fg'],
  value: (z, t) => tf.div(positiveTerms(z, t.foreground), atLeastOne(t.counts.foregroundLabeled)),
  gradLogits: (z, t) => tf.div(tf.mul(t.foreground, tf.sub(tf.sigmoid(z), 1)), atLeastOne(t.counts.foregroundLabeled)),
};

/**
 * The negative-class part of the nnPU risk, R_U⁻ − π R_P⁻, with U = every pixel (a sample
 * of the marginal) and P = the foreground-labeled pixels.
 */
function nnpuNegativeRisk(z: tf.Tensor, t: LossTarget, prior: number): tf.Scalar {
  const unlabeledAsNegative = tf.div(negativeTerms(z, tf.onesLike(z)), t.counts.pixels);
  const positiveAsNegative = tf.div(negativeTerms(z, t.foreground), atLeastOne(t.counts.foregroundLabeled));
  return tf.sub(unlabeledAsNegative, tf.mul(prior, positiveAsNegative));
}

const nnpu: LossDef = {
  ...LOSS_INFO.nnpu,
  value: (z, t, { prior }) => {
    const positive = tf.div(positiveTerms(z, t.foreground), atLeastOne(t.counts.foregroundLabeled));
    return tf.add(tf.mul(prior, positive), tf.relu(nnpuNegativeRisk(z, t, prior)));
  },
  gradLogits: (z, t, { prior }) => {
    const p = tf.sigmoid(z);
    const nP = atLeastOne(t.counts.foregroundLabeled);
    const positive = tf.mul(prior / nP, tf.mul(t.foreground, tf.sub(p, 1)));
    const negative = tf.sub(tf.div(p, t.counts.pixels), tf.mul(prior / nP, tf.mul(t.foreground, p)));
    const active = tf.cast(tf.greater(nnpuNegativeRisk(z, t, prior), 0), 'float32');
    return tf.add(positive, tf.mul(active, negative));
  },
};

/** The kernel of a pairwise loss's target; a trainer that forgot to build it is a bug, not bad input. */
function kernelOf(t: LossTarget, id: LossId): PairwiseKernel {
  if (!t.pairwise) throw new Error(`${LOSS_INFO[id].label} needs the pairwise kernel of the batch's images.`);
  return t.pairwise;
}

/** Partial CE plus `weight` times a pairwise regulariser R(p), with R's closed-form ∂R/∂z. */
function regularisedPartial(
  id: LossId,
  weightOf: (params: LossParams) => number,
  regulariser: (p: tf.Tensor, kernel: PairwiseKernel) => tf.Scalar,
  regulariserGrad: (p: tf.Tensor, kernel: PairwiseKernel) => tf.Tensor,
): LossDef {
  return {
    ...LOSS_INFO[id],
    value: (z, t, params) =>
      tf.add(partial.value(z, t, params), tf.mul(weightOf(params), regulariser(tf.sigmoid(z), kernelOf(t, id)))),
    gradLogits: (z, t, params) =>
      tf.add(
        partial.gradLogits(z, t, params),
        tf.mul(weightOf(params), regulariserGrad(tf.sigmoid(z), kernelOf(t, id))),
      ),
  };
}

const crf = regularisedPartial('crf', (p) => p.crfWeight, pottsValue, pottsGradLogits);
const ncut = regularisedPartial('ncut', (p) => p.ncutWeight, normalizedCutValue, normalizedCutGradLogits);

/** Every loss, by id: the one table the trainer, the widgets and the tests read. */
export const LOSSES: Record<LossId, LossDef> = {
  full,
  partial,
  oracle,
  blend,
  'partial-fg': partialForeground,
  nnpu,
  crf,
  ncut,
};

/** Null when `id` can be evaluated with these labels, else the reason it cannot (read from the catalog's `requires`). */
export function checkLoss(id: LossId, counts: LabelCounts): LossError | null {
  const def = LOSS_INFO[id];
  if (def.requires === 'truth') {
    return counts.hasTruth
      ? null
      : { code: 'no-ground-truth', loss: id, message: `${def.label} needs the ground truth, and this image has none.` };
  }
  if (counts.labeled === 0) {
    return {
      code: 'nothing-labeled',
      loss: id,
      message: `No pixel is labeled, so ${def.label} is undefined: label at least one pixel.`,
    };
  }
  if (def.requires === 'foreground-labels' && counts.foregroundLabeled === 0) {
    return {
      code: 'no-foreground-labels',
      loss: id,
      message: `${def.label} learns from foreground labels, and none is given.`,
    };
  }
  return null;
}

export type LossOutcome = { ok: true; value: tf.Scalar; grad: tf.Tensor } | { ok: false; error: LossError };

/** Value and closed-form gradient of one loss, or the typed reason it is undefined. */
export function evaluateLoss(id: LossId, logits: tf.Tensor, target: LossTarget, params: LossParams): LossOutcome {
  const error = checkLoss(id, target.counts);
  if (error) return { ok: false, error };
  const def = LOSSES[id];
  return { ok: true, value: def.value(logits, target, params), grad: def.gradLogits(logits, target, params) };
}

/**
 * The loss as an op whose backward pass is the closed form: training differentiates the
 * network by autodiff but takes ∂L/∂z from the table, so the gradient the chapters derive
 * is the one that trains the models.
 */
export function lossWithClosedFormGradient(
  id: LossId,
  target: LossTarget,
  params: LossParams,
): (logits: tf.Tensor) => tf.Scalar {
  const def = LOSSES[id];
  const forward = (z: tf.Tensor, save: tf.GradSaveFunc) => {
    save([z]);
    return {
      value: def.value(z, target, params),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.mul(dy, def.gradLogits(saved[0] as tf.Tensor, target, params)),
    };
  };
  return tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]) as (logits: tf.Tensor) => tf.Scalar;
}
