/**
 * Where a model is wrong, split by distance to the nearest boundary: the maps of the
 * border-gap trainer. Pure arrays in, arrays out; the canvas drawing is `drawMap`'s.
 */
import { distanceToBoundary, NEAR_BOUNDARY_DISTANCE } from '../../core/regions';
import { ERROR_MAP_RGB, type Rgb } from '../../styles/palette';

/** Categories of an error map; `ERROR_TABLE` colours them once normalised by `/ 2`. */
export const CORRECT = 0;
export const WRONG_NEAR = 1;
export const WRONG_FAR = 2;

/** A 256-entry colour table for category / 2: correct, wrong near a boundary, wrong farther in. */
export const ERROR_TABLE: Rgb[] = Array.from({ length: 256 }, (_, i) =>
  i < 64 ? ERROR_MAP_RGB.correct : i < 192 ? ERROR_MAP_RGB.border : ERROR_MAP_RGB.interior,
);

/** 1 where a pixel of one image (`truth` of that image, `size` × `size`) lies within 2 px of a boundary. */
export function nearBoundary(truth: Uint8Array, size: number): Uint8Array {
  const dist = distanceToBoundary(truth, 0, size);
  return Uint8Array.from(dist, (d) => (d <= NEAR_BOUNDARY_DISTANCE ? 1 : 0));
}

/** Each pixel's category for one image: correct at threshold 0.5, else wrong near or far from a boundary. */
export function errorCategories(p: ArrayLike<number>, truth: ArrayLike<number>, near: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(truth.length);
  for (let i = 0; i < out.length; i++) {
    const predicted = (p[i] as number) > 0.5 ? 1 : 0;
    if (predicted !== truth[i]) out[i] = near[i] === 1 ? WRONG_NEAR : WRONG_FAR;
  }
  return out;
}
