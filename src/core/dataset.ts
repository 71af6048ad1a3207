/**
 * A dataset is what a trainer learns from: images, weak labels and (for synthetic scenes)
 * the ground truth. `buildDataset` makes one from settings; the Lab page builds its own
 * from a reader's image and strokes.
 */
import { type LabelStats, labelStats, simulateLabels } from './labels';
import { Rng } from './random';
import { makeScene, type Scene } from './scene';
import type { Settings } from './settings';

export interface Dataset {
  size: number;
  count: number;
  images: Float32Array;
  /**
   * Noise-free images, when known: each training step then sees them with fresh noise of
   * standard deviation `noise`, so the models cannot memorise one noise pattern. Metrics
   * and maps always use `images`.
   */
  clean: Float32Array | null;
  noise: number;
  labels: Uint8Array;
  /** Null for a reader's own image. */
  truth: Uint8Array | null;
  /** The scene behind a synthetic dataset (ellipses and true prior), null otherwise. */
  scene: Scene | null;
  stats: LabelStats;
  /**
   * Images never trained on, drawn from the same generator and settings, to measure how
   * the models generalise; null or absent for a reader's own image or custom data.
   */
  heldOut?: HeldOutSet | null;
}

/** Held-out scenes: fixed noisy images, their labels (which define U_fg) and truth. */
export interface HeldOutSet {
  count: number;
  images: Float32Array;
  labels: Uint8Array;
  truth: Uint8Array;
  stats: LabelStats;
}

export interface BuildOptions {
  /** Also build the held-out set (default true); the training data do not depend on it. */
  heldOut?: boolean;
}

/**
 * Scene and simulated labels for these settings, each from its own named stream of the
 * seed, plus a held-out set of as many images from streams of its own.
 */
export function buildDataset(settings: Settings, options: BuildOptions = {}): Dataset {
  const rng = new Rng(settings.seed);
  const scene = makeScene(settings, rng.fork('scene'));
  const labels = simulateLabels(scene.truth, scene.size, settings, rng.fork('labels'));
  // Forks depend only on the seed and the name, so the held-out draws cannot shift the training data.
  let heldOut: HeldOutSet | null = null;
  if (options.heldOut ?? true) {
    const other = makeScene(settings, rng.fork('heldout-scene'));
    const otherLabels = simulateLabels(other.truth, other.size, settings, rng.fork('heldout-labels'));
    heldOut = {
      count: other.count,
      images: other.images,
      labels: otherLabels,
      truth: other.truth,
      stats: labelStats(otherLabels, other.truth),
    };
  }
  return {
    size: scene.size,
    count: scene.count,
    images: scene.images,
    clean: scene.clean,
    noise: scene.noise,
    labels,
    truth: scene.truth,
    scene,
    stats: labelStats(labels, scene.truth),
    heldOut,
  };
}
