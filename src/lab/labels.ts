/**
 * Weak-label simulators: scribbles (random strokes kept inside each region) and clicks
 * (small discs), at a target density, on foreground objects and optionally background.
 */
import type { Rng } from './random';
import type { LabelType } from './settings';

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

/** Connected regions (4-neighbourhood) of pixels whose class equals `cls`. */
function regions(truth: Uint8Array, offset: number, size: number, cls: number): number[][] {
  const area = size * size;
  const seen = new Uint8Array(area);
  const out: number[][] = [];
  for (let start = 0; start < area; start++) {
    if (seen[start] || truth[offset + start] !== cls) continue;
    const members: number[] = [];
    const queue = [start];
    seen[start] = 1;
    while (queue.length > 0) {
      const p = queue.pop() as number;
      members.push(p);
      const x = p % size;
      const y = (p - x) / size;
      const next = [x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1, y > 0 ? p - size : -1, y < size - 1 ? p + size : -1];
      for (const q of next) {
        if (q >= 0 && !seen[q] && truth[offset + q] === cls) {
          seen[q] = 1;
          queue.push(q);
        }
      }
    }
    out.push(members.sort((a, b) => a - b));
  }
  return out;
}

/** Chessboard distance of each pixel of one image to the nearest pixel of another class. */
function distanceToBoundary(truth: Uint8Array, offset: number, size: number): Int32Array {
  const area = size * size;
  const dist = new Int32Array(area).fill(-1);
  let frontier: number[] = [];
  for (let p = 0; p < area; p++) {
    const x = p % size;
    const y = (p - x) / size;
    const cls = truth[offset + p];
    let edge = false;
    for (let dy = -1; dy <= 1 && !edge; dy++) {
      for (let dx = -1; dx <= 1 && !edge; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < size && ny < size && truth[offset + ny * size + nx] !== cls) edge = true;
      }
    }
    if (edge) {
      dist[p] = 0;
      frontier.push(p);
    }
  }
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const p of frontier) {
      const x = p % size;
      const y = (p - x) / size;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
          const q = ny * size + nx;
          if ((dist[q] as number) < 0) {
            dist[q] = d;
            next.push(q);
          }
        }
      }
    }
    frontier = next;
  }
  // A region that touches no other class (an image of pure background) is all interior.
  for (let p = 0; p < area; p++) if ((dist[p] as number) < 0) dist[p] = size;
  return dist;
}

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
 * Simulated weak labels for every image of a scene: `UNLABELED`, `BACKGROUND` or
 * `FOREGROUND` per pixel, laid out like `truth`.
 */
export function simulateLabels(truth: Uint8Array, size: number, spec: LabelSpec, rng: Rng): Uint8Array {
  const area = size * size;
  const count = truth.length / area;
  const labels = new Uint8Array(truth.length);
  const draw = spec.labelType === 'clicks' ? click : scribble;
  for (let n = 0; n < count; n++) {
    const offset = n * area;
    const dist = distanceToBoundary(truth, offset, size);
    const classes = spec.background ? [1, 0] : [1];
    for (const cls of classes) {
      const value = cls === 1 ? FOREGROUND : BACKGROUND;
      for (const region of regions(truth, offset, size, cls)) {
        const target = Math.max(1, Math.round(spec.density * region.length));
        const allowed = allowedPixels(region, dist, target);
        draw(rng, allowed, size, target, (p) => {
          if (labels[offset + p] !== UNLABELED) return false;
          labels[offset + p] = value;
          return true;
        });
      }
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
