/**
 * Geometry of one image that the label simulators share and that does not depend on any
 * random draw: connected regions, each pixel's distance to the nearest other class, and a
 * small per-image cache of both (plus the skeleton paths the skeleton mode stores there).
 */

/** Connected regions (4-neighbourhood) of pixels whose class equals `cls`. */
export function regions(truth: Uint8Array, offset: number, size: number, cls: number): number[][] {
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

/**
 * A pixel is near a boundary when its centre lies within 2 px of one: its chessboard
 * distance to the nearest pixel of the other class is at most this (0 = touching it).
 */
export const NEAR_BOUNDARY_DISTANCE = 1;

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

/** What the simulators need of one image that does not depend on the random draws. */
export interface ImageGeometry {
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
export function geometryOf(truth: Uint8Array, offset: number, size: number): ImageGeometry {
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
