/**
 * One optimizer update for the parameters of every lockstep model at once, kept in one flat
 * buffer: a handful of kernels whatever the number of models and layers, where tfjs's
 * optimizers issue their update once per variable of every model.
 *
 * The arithmetic is tfjs's own, op for op (`AdamOptimizer.applyGradients`,
 * `SGDOptimizer.applyGradients` in tfjs-core 4.22): the same constants, the same epsilon
 * (the backend's), the same bias correction from β^t accumulated in float32. Element-wise
 * ops give the same float32 result on a flat buffer as on each variable apart, so a fused
 * update is bit-identical to the per-model optimizers it replaces.
 *
 * A model that skips a step (its loss is undefined on this batch) keeps its parameters and
 * its optimizer state, as an unfused model whose optimizer is not called does: `active`
 * marks the elements that step, and Adam's β^t is kept per element for that reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerId } from './settings';

export interface FusedOptimizer {
  /**
   * θ ← update(θ, g) on the elements where `active` is 1 (every element when null).
   * Call it inside a tidy: intermediates are left to the caller's scope.
   */
  apply(theta: tf.Variable, grad: tf.Tensor, active: tf.Tensor | null): void;
  dispose(): void;
}

/** tfjs's SGD: θ ← (−lr)·g + θ. A skipped element has g = 0 and keeps θ exactly (θ + −0 = θ). */
class FusedSgd implements FusedOptimizer {
  private readonly c: tf.Scalar;

  constructor(lr: number) {
    this.c = tf.keep(tf.scalar(-lr));
  }

  apply(theta: tf.Variable, grad: tf.Tensor): void {
    theta.assign(tf.add(tf.mul(this.c, grad), theta));
  }

  dispose(): void {
    this.c.dispose();
  }
}

/** tfjs's Adam, defaults β1 0.9, β2 0.999, ε the backend's (1e-7 in float32). */
class FusedAdam implements FusedOptimizer {
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  private readonly epsilon = tf.backend().epsilon();
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  /** β1^t and β2^t of each element's model (tfjs keeps one scalar per optimizer). */
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;

  constructor(
    private readonly lr: number,
    size: number,
  ) {
    const fill = (value: number) => tf.variable(tf.fill([size], value), false);
    this.m = tf.tidy(() => fill(0));
    this.v = tf.tidy(() => fill(0));
    this.accBeta1 = tf.tidy(() => fill(this.beta1));
    this.accBeta2 = tf.tidy(() => fill(this.beta2));
  }

  apply(theta: tf.Variable, grad: tf.Tensor, active: tf.Tensor | null): void {
    const { beta1, beta2, m, v } = this;
    const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
    const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
    const newM = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
    const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
    const mHat = tf.div(newM, oneMinusAccBeta1);
    const vHat = tf.div(newV, oneMinusAccBeta2);
    const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.lr);
    const newTheta = tf.add(step, theta);
    const newAcc1 = tf.mul(this.accBeta1, beta1);
    const newAcc2 = tf.mul(this.accBeta2, beta2);
    // Skipped elements keep every value: a select, only when some model skips this step.
    const pick = (next: tf.Tensor, old: tf.Variable) => (active ? tf.where(active, next, old) : next);
    m.assign(pick(newM, m));
    v.assign(pick(newV, v));
    theta.assign(pick(newTheta, theta));
    this.accBeta1.assign(pick(newAcc1, this.accBeta1));
    this.accBeta2.assign(pick(newAcc2, this.accBeta2));
  }

  dispose(): void {
    for (const t of [this.m, this.v, this.accBeta1, this.accBeta2]) t.dispose();
  }
}

/** A fused optimizer of the chosen kind over `size` parameters. */
export function makeFusedOptimizer(id: OptimizerId, lr: number, size: number): FusedOptimizer {
  return id === 'sgd' ? new FusedSgd(lr) : new FusedAdam(lr, size);
}
