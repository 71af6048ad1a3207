/**
 * Canvas drawing of images and per-pixel maps. Every map is drawn at `SCALE` canvas
 * pixels per image pixel, so outlines can sit on pixel edges; CSS scales the canvas.
 */
import { BACKGROUND, FOREGROUND } from '../../lab/labels';

export const SCALE = 8;

/** An RGB colour as three bytes. */
export type Rgb = [number, number, number];

/** Label overlay colours: amber for foreground, sky blue for background (CVD-safe pair). */
export const LABEL_RGB: Record<'foreground' | 'background', Rgb> = {
  foreground: [255, 176, 0],
  background: [0, 158, 255],
};

export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A 256-entry colour table from a function of t ∈ [0, 1] returning a CSS colour. */
export function lookupTable(colour: (t: number) => string): Rgb[] {
  const ctx = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  return Array.from({ length: 256 }, (_, i) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = colour(i / 255);
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0] as number, d[1] as number, d[2] as number];
  });
}

export interface MapLayer {
  /** Values of one image, row-major `size × size`. */
  values: ArrayLike<number>;
  /** Maps a value to [0, 1] for the table. */
  normalise: (v: number) => number;
  table: Rgb[];
}

export interface Overlay {
  /** Weak labels of the image, drawn as translucent colour on top. */
  labels?: ArrayLike<number>;
  /** Pixels whose outline is drawn (e.g. unlabeled foreground), as 0/1 per pixel. */
  outline?: ArrayLike<number>;
  outlineRgb?: Rgb;
}

/** Draw one `size × size` map with optional overlays onto `canvas`. */
export function drawMap(canvas: HTMLCanvasElement, size: number, layer: MapLayer, overlay: Overlay = {}): void {
  const side = size * SCALE;
  if (canvas.width !== side) canvas.width = side;
  if (canvas.height !== side) canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(side, side);
  const px = img.data;
  const { labels, outline } = overlay;
  const edge = overlay.outlineRgb ?? [255, 255, 255];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const t = Math.min(1, Math.max(0, layer.normalise(layer.values[i] as number)));
      let [r, g, b] = layer.table[Math.round(t * 255)] as Rgb;
      const label = labels ? labels[i] : 0;
      if (label === FOREGROUND || label === BACKGROUND) {
        const c = label === FOREGROUND ? LABEL_RGB.foreground : LABEL_RGB.background;
        r = Math.round(r * 0.25 + c[0] * 0.75);
        g = Math.round(g * 0.25 + c[1] * 0.75);
        b = Math.round(b * 0.25 + c[2] * 0.75);
      }
      const inside = outline ? outline[i] === 1 : false;
      const neighbour = (dx: number, dy: number) => {
        const nx = x + dx;
        const ny = y + dy;
        return nx >= 0 && ny >= 0 && nx < size && ny < size && outline?.[ny * size + nx] === 1;
      };
      const top = inside && !neighbour(0, -1);
      const bottom = inside && !neighbour(0, 1);
      const left = inside && !neighbour(-1, 0);
      const right = inside && !neighbour(1, 0);
      for (let sy = 0; sy < SCALE; sy++) {
        for (let sx = 0; sx < SCALE; sx++) {
          const o = ((y * SCALE + sy) * side + x * SCALE + sx) * 4;
          const onEdge = (top && sy === 0) || (bottom && sy === SCALE - 1) || (left && sx === 0) || (right && sx === SCALE - 1);
          px[o] = onEdge ? edge[0] : r;
          px[o + 1] = onEdge ? edge[1] : g;
          px[o + 2] = onEdge ? edge[2] : b;
          px[o + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** Grey ramp from black to white. */
export const GREY: Rgb[] = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/** The image of index `n` out of a dataset array laid out image after image. */
export function imageOf<T extends { subarray(a: number, b: number): T }>(data: T, n: number, size: number): T {
  return data.subarray(n * size * size, (n + 1) * size * size);
}

/** Normaliser that stretches an image's 1st–99th percentile to black–white. */
export function stretch(values: ArrayLike<number>): (v: number) => number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const lo = sorted[Math.floor(sorted.length * 0.01)] ?? 0;
  const hi = sorted[Math.floor(sorted.length * 0.99)] ?? 1;
  const span = hi - lo || 1;
  return (v) => (v - lo) / span;
}
