/**
 * Skeleton scribbles: each region is eroded by one pixel, thinned to its centre line
 * (Zhang–Suen), traced into pen paths, cut into pieces and jittered, the way published work
 * simulates scribbles from dense masks.
 */
import type { Rng } from './random';
import type { ImageGeometry } from './regions';

/** Shortest piece a skeleton is cut into, in pixels. */
const PIECE_MIN = 3;
/** Pieces are at most PIECE_MIN + this share of the image size long. */
const PIECE_SPREAD = 0.15;

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
      const keep =
        pass === 0
          ? north * east * south !== 0 || east * south * west !== 0
          : north * east * west !== 0 || north * south * west !== 0;
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
  for (const [dx, dy] of [
    [0, -1],
    [1, 0],
    [0, 1],
    [-1, 0],
    [1, -1],
    [1, 1],
    [-1, 1],
    [-1, -1],
  ] as const) {
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

/**
 * Skeleton scribbles in one region of one image, `target` pixels marked through `mark`.
 * The region's skeleton does not depend on the draws, so it is computed once and kept in
 * `geometry` under `key` (`class:index`).
 */
export function drawSkeletonLabels(
  rng: Rng,
  geometry: ImageGeometry,
  region: number[],
  key: string,
  size: number,
  target: number,
  mark: (p: number) => boolean,
): void {
  const allowed = interiorOf(region, geometry.dist);
  let paths = geometry.skeletons.get(key);
  if (!paths) {
    paths = skeletonPaths(allowed, size);
    geometry.skeletons.set(key, paths);
  }
  skeletonScribble(rng, allowed, paths, size, target, mark);
}
