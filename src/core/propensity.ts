/**
 * The labeling propensity e(x): the probability that a pixel carries a foreground label
 * under a labeling mode, estimated by Monte Carlo over many seeded label draws of the same
 * scene. Full CE learns P(s = 1 | x), which is e(x)·P(y = 1 | x); under labels selected
 * completely at random e is the constant coverage c.
 */
import { FOREGROUND, type LabelSpec, simulateLabels } from './labels';
import { Rng } from './random';

export interface Propensity {
  /** Share of draws in which each pixel carried a foreground label (dataset layout). */
  rate: Float32Array;
  /** Number of label draws behind `rate`. */
  draws: number;
}

/** e(x) per pixel from `draws` label draws, each from its own named stream of `seed`. */
export function estimatePropensity(
  truth: Uint8Array,
  size: number,
  spec: LabelSpec,
  seed: number,
  draws: number,
): Propensity {
  const n = Math.max(1, Math.floor(draws));
  const counts = new Uint32Array(truth.length);
  const root = new Rng(seed).fork('propensity');
  for (let d = 0; d < n; d++) {
    const labels = simulateLabels(truth, size, spec, root.fork(`draw-${d}`));
    for (let i = 0; i < labels.length; i++) if (labels[i] === FOREGROUND) counts[i] = (counts[i] as number) + 1;
  }
  const rate = new Float32Array(truth.length);
  for (let i = 0; i < rate.length; i++) rate[i] = (counts[i] as number) / n;
  return { rate, draws: n };
}

/**
 * Where the mask-strength blend settles for pixels it cannot tell apart, when labels are
 * selected completely at random: the zero of c(p − 1) + λ(1 − c)p, i.e. c / (c + λ(1 − c));
 * null when nothing pulls either way (c = 0 and λ = 0).
 */
export function blendEquilibrium(coverage: number, lambda: number): number | null {
  const den = coverage + lambda * (1 - coverage);
  return den > 0 ? coverage / den : null;
}
