/**
 * Weak-label simulators, at a target density, on foreground objects and optionally
 * background: scribbles (random strokes kept inside each region), clicks (small discs),
 * random pixels (each labeled independently: selected completely at random, SCAR) and
 * skeleton scribbles (pieces of each region's medial axis, the way published work simulates
 * scribbles from dense masks).
 */
import type { Rng } from './random';
import { distanceToBoundary, geometryOf, regions } from './regions';
import type { LabelType } from './settings';
import { drawSkeletonLabels } from './skeleton';

// Moved out to keep this file short; re-exported so that existing imports keep working.
export { distanceToBoundary } from './regions';
export { thin } from './skeleton';

/** Per-pixel weak label values. */
export const UNLABELED = 0;
export const BACKGROUND = 1;
export const FOREGROUND = 2;

export interface LabelSpec {
  labelType: LabelType;
  /** Target share of each region's pixels that gets a label. */
  density: number;
  /** Label the background too. */
  background: boolean;
}

export interface LabelStats {
  pixels: number;
  labeled: number;
  foregroundLabeled: number;
  backgroundLabeled: number;
  /** Σm / N. */
  density: number;
  /** Share of true foreground pixels that carry a foreground label; null without truth. */
  coverage: number | null;
}

/** Stroke heading noise per step, in radians: enough to wander, not enough to scribble in place. */
const TURN_NOISE = 0.35;
/** Longest stroke before the pen lifts, as a multiple of the image size. */
const STROKE_LENGTH = 0.75;
/** Disc radius of one click, in pixels. */
const CLICK_RADIUS = 1.2;

/** Pixels of `region` at least `margin` away from other classes, relaxing the margin when too few. */
function allowedPixels(region: number[], dist: Int32Array, target: number): number[] {
  for (const margin of [1]) {
    const inner = region.filter((p) => (dist[p] as number) >= margin);
    if (inner.length >= Math.min(region.length, target * 1.5)) return inner;
  }
  return region;
}

/** Random strokes inside `allowed` until `target` pixels are marked. */
function scribble(rng: Rng, allowed: number[], size: number, target: number, mark: (p: number) => boolean): void {
  const inside = new Set(allowed);
  const free = new Set(allowed);
  const maxLength = Math.max(4, Math.round(STROKE_LENGTH * size));
  let marked = 0;
  let attempts = 0;
  while (marked < target && free.size > 0 && attempts < allowed.length * 4) {
    attempts++;
    const pool = [...free];
    const start = pool[rng.int(pool.length)] as number;
    let x = (start % size) + 0.5;
    let y = Math.floor(start / size) + 0.5;
    let heading = rng.uniform(0, 2 * Math.PI);
    for (let step = 0; step < maxLength && marked < target; step++) {
      const p = Math.floor(y) * size + Math.floor(x);
      if (free.delete(p) && mark(p)) marked++;
      let moved = false;
      for (let tries = 0; tries < 6 && !moved; tries++) {
        const h = heading + TURN_NOISE * rng.normal() + (tries > 0 ? rng.uniform(-Math.PI, Math.PI) : 0);
        const nx = x + Math.cos(h);
        const ny = y + Math.sin(h);
        if (nx >= 0 && ny >= 0 && nx < size && ny < size && inside.has(Math.floor(ny) * size + Math.floor(nx))) {
          x = nx;
          y = ny;
          heading = h;
          moved = true;
        }
      }
      if (!moved) break;
    }
  }
}

/** Small discs centred on random allowed pixels until `target` pixels are marked. */
function click(rng: Rng, allowed: number[], size: number, target: number, mark: (p: number) => boolean): void {
  const inside = new Set(allowed);
  const free = new Set(allowed);
  const r = Math.ceil(CLICK_RADIUS);
  let marked = 0;
  while (marked < target && free.size > 0) {
    const pool = [...free];
    const centre = pool[rng.int(pool.length)] as number;
    const cx = centre % size;
    const cy = Math.floor(centre / size);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (dx * dx + dy * dy > CLICK_RADIUS * CLICK_RADIUS) continue;
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const p = y * size + x;
        if (inside.has(p) && free.delete(p) && mark(p)) marked++;
      }
    }
  }
}

/**
 * SCAR labels: every foreground pixel, and every background pixel when `background` is on,
 * carries a label independently with probability `density`, whatever its place in the
 * object. No annotator works like this; it is exactly Elkan and Noto's assumption, under
 * which full CE settles at p = c on every foreground pixel. A region may get no label.
 */
function selectAtRandom(truth: Uint8Array, spec: LabelSpec, rng: Rng): Uint8Array {
  const labels = new Uint8Array(truth.length);
  // A density outside [0, 1] (or NaN) would not be a probability; clamp rather than fail.
  const rate = Number.isFinite(spec.density) ? Math.min(1, Math.max(0, spec.density)) : 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === 1) {
      if (rng.next() < rate) labels[i] = FOREGROUND;
    } else if (spec.background && rng.next() < rate) labels[i] = BACKGROUND;
  }
  return labels;
}

/**
 * Simulated weak labels for every image of a scene: `UNLABELED`, `BACKGROUND` or
 * `FOREGROUND` per pixel, laid out like `truth`, drawn from `rng` in the mode `spec.labelType`.
 */
export function simulateLabels(truth: Uint8Array, size: number, spec: LabelSpec, rng: Rng): Uint8Array {
  if (spec.labelType === 'scar') return selectAtRandom(truth, spec, rng);
  const area = size * size;
  const count = truth.length / area;
  const labels = new Uint8Array(truth.length);
  const draw = spec.labelType === 'clicks' ? click : scribble;
  for (let n = 0; n < count; n++) {
    const offset = n * area;
    const geometry = geometryOf(truth, offset, size);
    const dist = geometry.dist;
    const classes = spec.background ? [1, 0] : [1];
    for (const cls of classes) {
      const value = cls === 1 ? FOREGROUND : BACKGROUND;
      const mark = (p: number) => {
        if (labels[offset + p] !== UNLABELED) return false;
        labels[offset + p] = value;
        return true;
      };
      geometry.regions[cls as 0 | 1] ??= regions(truth, offset, size, cls);
      const found = geometry.regions[cls as 0 | 1] as number[][];
      found.forEach((region, index) => {
        const target = Math.max(1, Math.round(spec.density * region.length));
        if (spec.labelType === 'skeleton') {
          drawSkeletonLabels(rng, geometry, region, `${cls}:${index}`, size, target, mark);
        } else {
          // Strokes and clicks keep the margin rule they always had, so that their labels stay the same for a seed.
          draw(rng, allowedPixels(region, dist, target), size, target, mark);
        }
      });
    }
  }
  return labels;
}

/** Label density Σm/N and foreground coverage c of a label map (coverage needs `truth`). */
export function labelStats(labels: Uint8Array, truth: Uint8Array | null): LabelStats {
  let labeled = 0;
  let fgLabeled = 0;
  let bgLabeled = 0;
  let truthFg = 0;
  let fgLabeledOnFg = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l !== UNLABELED) labeled++;
    if (l === FOREGROUND) fgLabeled++;
    if (l === BACKGROUND) bgLabeled++;
    if (truth && truth[i] === 1) {
      truthFg++;
      if (l === FOREGROUND) fgLabeledOnFg++;
    }
  }
  return {
    pixels: labels.length,
    labeled,
    foregroundLabeled: fgLabeled,
    backgroundLabeled: bgLabeled,
    density: labels.length > 0 ? labeled / labels.length : 0,
    coverage: truth && truthFg > 0 ? fgLabeledOnFg / truthFg : null,
  };
}

/**
 * The border ring: 1 on every foreground pixel with a background pixel among its eight
 * neighbours (within 1 px of the object boundary), 0 elsewhere; laid out like `truth`.
 */
export function borderRing(truth: Uint8Array, size: number): Uint8Array {
  const area = size * size;
  const ring = new Uint8Array(truth.length);
  for (let offset = 0; offset < truth.length; offset += area) {
    const dist = distanceToBoundary(truth, offset, size);
    for (let p = 0; p < area; p++) if (truth[offset + p] === 1 && dist[p] === 0) ring[offset + p] = 1;
  }
  return ring;
}
