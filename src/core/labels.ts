/**
 * Weak-label simulators, at a target density, on foreground objects and optionally
 * background: scribbles (random strokes kept inside each region), clicks (small discs),
 * random pixels (each labeled independently: selected completely at random, SCAR) and
 * skeleton scribbles (pieces of each region's medial axis, the way published work simulates
 * scribbles from dense masks).
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
/** Shortest piece a skeleton is cut into, in pixels. */
const PIECE_MIN = 3;
/** Pieces are at most PIECE_MIN + this share of the image size long. */
const PIECE_SPREAD = 0.15;

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
export function distanceToBoundary(truth: Uint8Array, offset: number, size: number): Int32Array {
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
 * The region eroded by one pixel: its pixels off the border ring. A region so thin that
 * every pixel lies on the ring cannot be eroded, and is returned whole, so that it can
 * still be labeled; that is the only case in which skeleton scribbles touch a border.
 */
function interiorOf(region: number[], dist: Int32Array): number[] {
  const inner = region.filter((p) => (dist[p] as number) >= 1);
  return inner.length > 0 ? inner : region;
}

/** Value of `mask` at (x, y), 0 outside the image. */
function maskAt(mask: Uint8Array, size: number, x: number, y: number): number {
  return x >= 0 && y >= 0 && x < size && y < size ? (mask[y * size + x] as number) : 0;
}

/**
 * Zhang–Suen thinning of the pixels `members` (set in `mask`): peel boundary pixels in two
 * alternating passes until only a one-pixel-wide, 8-connected centre line is left.
 * Returns the surviving pixels in index order; may be empty (a 2×2 block thins to nothing).
 */
export function thin(mask: Uint8Array, members: number[], size: number): number[] {
  // A one-pixel frame of zeros around the image spares every bounds check.
  const w = size + 2;
  const img = new Uint8Array(w * w);
  const padded = (p: number) => (Math.floor(p / size) + 1) * w + (p % size) + 1;
  for (const p of members) if (mask[p]) img[padded(p)] = 1;
  // Neighbours clockwise from north: P2 … P9 in Zhang and Suen's numbering.
  const ring = [-w, -w + 1, 1, w + 1, w, w - 1, -1, -w - 1];
  const n = new Uint8Array(8);
  const queued = new Int32Array(w * w).fill(-1);
  // Only pixels next to a removed (or absent) pixel can change, so each pass looks at those.
  let candidates = members.map(padded).filter((q) => img[q] && ring.some((d) => !img[q + d]));
  // Two passes in a row that remove nothing leave both criteria satisfied: the line is done.
  for (let round = 0, idle = 0; candidates.length > 0 && idle < 2; round++) {
    const pass = round & 1;
    const remove: number[] = [];
    for (const q of candidates) {
      let b = 0;
      for (let k = 0; k < 8; k++) b += n[k] = img[q + (ring[k] as number)] as number;
      if (b < 2 || b > 6) continue;
      let a = 0;
      for (let k = 0; k < 8; k++) if (n[k] === 0 && n[(k + 1) & 7] === 1) a++;
      if (a !== 1) continue;
      const north = n[0] as number;
      const east = n[2] as number;
      const south = n[4] as number;
      const west = n[6] as number;
      const keep = pass === 0 ? north * east * south !== 0 || east * south * west !== 0 : north * east * west !== 0 || north * south * west !== 0;
      if (!keep) remove.push(q);
    }
    for (const q of remove) img[q] = 0;
    if (remove.length === 0) {
      idle++;
      continue;
    }
    idle = 0;
    const next: number[] = [];
    const push = (q: number) => {
      if (img[q] && queued[q] !== round) {
        queued[q] = round;
        next.push(q);
      }
    };
    for (const q of candidates) push(q);
    for (const q of remove) for (const d of ring) push(q + d);
    candidates = next;
  }
  return members.filter((p) => img[padded(p)] === 1);
}

/** The 8-neighbours of `p` inside the image, edge neighbours first so that walks avoid corner cuts. */
function neighbours8(p: number, size: number): number[] {
  const x = p % size;
  const y = (p - x) / size;
  const out: number[] = [];
  for (const [dx, dy] of [[0, -1], [1, 0], [0, 1], [-1, 0], [1, -1], [1, 1], [-1, 1], [-1, -1]] as const) {
    const nx = x + dx;
    const ny = y + dy;
    if (nx >= 0 && ny >= 0 && nx < size && ny < size) out.push(ny * size + nx);
  }
  return out;
}

/**
 * A skeleton as paths a pen could draw: walks that start at line ends (then at any pixel
 * left, for closed loops) and step to an unvisited skeleton neighbour until none is left.
 */
function tracePaths(points: number[], size: number): number[][] {
  const on = new Set(points);
  const seen = new Set<number>();
  const degree = (p: number) => neighbours8(p, size).filter((q) => on.has(q)).length;
  const starts = [...points.filter((p) => degree(p) <= 1), ...points];
  const paths: number[][] = [];
  for (const start of starts) {
    if (seen.has(start)) continue;
    const path = [start];
    seen.add(start);
    for (let p = start; ; ) {
      const next = neighbours8(p, size).find((q) => on.has(q) && !seen.has(q));
      if (next === undefined) break;
      path.push(next);
      seen.add(next);
      p = next;
    }
    paths.push(path);
  }
  return paths;
}

/**
 * Skeleton scribbles in one region, in the manner of the scribble simulator of WSL4MIS
 * (Luo et al.; erode, skeletonise, cut, jitter) that scribble-supervised work such as
 * nnU-Net's ignore-label experiments builds on: the region eroded by one pixel
 * (`allowed`, from `interiorOf`) is thinned to its centre line (`paths`, from
 * `skeletonPaths`), the line is cut into pieces of random length, each piece is shifted by
 * up to one pixel where it stays inside, and pieces are kept in random order.
 *
 * `target` (density × region size) is the number of pixels labeled. Below the skeleton's
 * size, a random subset of pieces is kept and the last one is cut short; above it, the
 * strokes are thickened ring by ring inside the eroded region, in random order within a
 * ring. Coverage therefore equals the target in each region, up to rounding, until the
 * target exceeds the eroded region: then the whole interior is labeled and coverage stops
 * at the interior's share (about 0.72 of the foreground at the default scene, seeds 1–3).
 */
function skeletonScribble(
  rng: Rng,
  allowed: number[],
  paths: number[][],
  size: number,
  target: number,
  mark: (p: number) => boolean,
): void {
  const inside = new Uint8Array(size * size);
  for (const p of allowed) inside[p] = 1;
  const maxPiece = PIECE_MIN + Math.max(1, Math.round(PIECE_SPREAD * size));
  const pieces: number[][] = [];
  for (const path of paths) {
    for (let i = 0; i < path.length; ) {
      const length = PIECE_MIN + rng.int(maxPiece - PIECE_MIN + 1);
      pieces.push(path.slice(i, i + length));
      i += length;
    }
  }

  const chosen = new Uint8Array(size * size);
  let marked = 0;
  const take = (p: number) => {
    if (marked < target && !chosen[p] && mark(p)) {
      chosen[p] = 1;
      marked++;
    }
  };
  for (const piece of rng.shuffle(pieces)) {
    if (marked >= target) break;
    // The jitter a hand adds: move the whole piece by one pixel, unless that leaves the interior.
    const dx = rng.int(3) - 1;
    const dy = rng.int(3) - 1;
    const moved = piece.map((p) => {
      const x = (p % size) + dx;
      const y = Math.floor(p / size) + dy;
      return maskAt(inside, size, x, y) ? y * size + x : -1;
    });
    for (const p of moved.includes(-1) ? piece : moved) take(p);
  }
  // Thicken: grow the strokes by one 8-neighbour ring at a time, inside the eroded region.
  while (marked < target) {
    const ring = allowed.filter((p) => !chosen[p] && neighbours8(p, size).some((q) => chosen[q]));
    if (ring.length === 0) break;
    for (const p of rng.shuffle(ring)) take(p);
  }
}

/** The skeleton of an eroded region (`interiorOf`) as pen paths. */
function skeletonPaths(allowed: number[], size: number): number[][] {
  const inside = new Uint8Array(size * size);
  for (const p of allowed) inside[p] = 1;
  const points = thin(inside, allowed, size);
  // Thinning can erase a tiny blob entirely; one of its pixels is then the whole skeleton.
  return tracePaths(points.length > 0 ? points : [allowed[0] as number], size);
}

/** What the simulators need of one image that does not depend on the random draws. */
interface ImageGeometry {
  /** A copy of the image's truth, to confirm a cache hit. */
  truth: Uint8Array;
  dist: Int32Array;
  /** Regions of background (index 0) and foreground (index 1), filled in when first asked. */
  regions: [number[][] | null, number[][] | null];
  /** Skeleton paths of each foreground (1) or background (0) region, keyed `class:index`. */
  skeletons: Map<string, number[][]>;
}

/** Images whose geometry is kept; a propensity estimate redraws the labels of one scene hundreds of times. */
const GEOMETRY_CACHE_SIZE = 64;
const geometryCache = new Map<string, ImageGeometry>();

/**
 * Distance map, regions and skeletons of the image at `offset`, computed once per image
 * content and then reused (least recently used entries go first). Callers must not
 * modify what it returns.
 */
function geometryOf(truth: Uint8Array, offset: number, size: number): ImageGeometry {
  const image = truth.subarray(offset, offset + size * size);
  let h = 0x811c9dc5;
  for (let i = 0; i < image.length; i++) {
    h ^= image[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  const key = `${size}:${h >>> 0}`;
  const hit = geometryCache.get(key);
  // The hash only finds the entry; the content check makes a collision harmless.
  if (hit && hit.truth.length === image.length && hit.truth.every((v, i) => v === image[i])) {
    geometryCache.delete(key);
    geometryCache.set(key, hit);
    return hit;
  }
  const entry: ImageGeometry = {
    truth: image.slice(),
    dist: distanceToBoundary(truth, offset, size),
    regions: [null, null],
    skeletons: new Map(),
  };
  geometryCache.delete(key);
  geometryCache.set(key, entry);
  if (geometryCache.size > GEOMETRY_CACHE_SIZE) geometryCache.delete(geometryCache.keys().next().value as string);
  return entry;
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
      const found = (geometry.regions[cls as 0 | 1] ??= regions(truth, offset, size, cls));
      found.forEach((region, index) => {
        const target = Math.max(1, Math.round(spec.density * region.length));
        if (spec.labelType === 'skeleton') {
          const allowed = interiorOf(region, dist);
          const key = `${cls}:${index}`;
          let paths = geometry.skeletons.get(key);
          if (!paths) {
            paths = skeletonPaths(allowed, size);
            geometry.skeletons.set(key, paths);
          }
          skeletonScribble(rng, allowed, paths, size, target, mark);
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
