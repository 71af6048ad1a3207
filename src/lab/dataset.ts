/**
 * A dataset is what a trainer learns from: images, weak labels and (for synthetic scenes)
 * the ground truth. `buildDataset` makes one from settings; the Lab page builds its own
 * from a reader's image and strokes.
 */
import { labelStats, simulateLabels, type LabelStats } from './labels';
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
}

/** Scene and simulated labels for these settings, each from its own named stream of the seed. */
export function buildDataset(settings: Settings): Dataset {
  const rng = new Rng(settings.seed);
  const scene = makeScene(settings, rng.fork('scene'));
  const labels = simulateLabels(scene.truth, scene.size, settings, rng.fork('labels'));
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
  };
}
