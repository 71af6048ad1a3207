/** What a lockstep trainer reports: per-model metrics and losses, maps, and one gradient pass. */
import type { LossId } from './catalog';
import type { LossError } from './losses';
import type { Metrics } from './metrics';

export interface ModelSnapshot {
  id: LossId;
  label: string;
  /** Loss on the last batch trained; null before the first step or when undefined. */
  loss: number | null;
  metrics: Metrics;
  /** The same metrics on the held-out images (never trained on); null without a held-out set. */
  heldOut: Metrics | null;
  /** Why this loss cannot train on these labels; the model then stays at its start. */
  error: LossError | null;
}

export interface Maps {
  /** p per pixel of every image, one array per model (dataset layout). */
  probabilities: Float32Array[];
  /** ∂L/∂z per pixel of the whole dataset's loss, one array per model (empty unless asked for). */
  gradients: Float32Array[];
}

/** One model's pass under several losses (see `gradientsUnder`). */
export interface GradientPass {
  probabilities: Float32Array;
  gradients: Float32Array[];
  maxAbsDiff: (number | null)[];
}

export interface Snapshot {
  step: number;
  models: ModelSnapshot[];
  labelDensity: number;
  coverage: number | null;
  maps?: Maps;
}
