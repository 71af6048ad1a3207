/**
 * Canvas drawing of images and per-pixel maps. Every map is drawn at `SCALE` canvas
 * pixels per image pixel, so outlines can sit on pixel edges; CSS scales the canvas.
 */
import { BACKGROUND, FOREGROUND } from '../../core/labels';
import { LABEL_RGB, OUTLINE_RGB, type Rgb, rgbCss } from '../../styles/palette';

// The colours themselves live in the palette; the maps' callers take them from here too.
export { GREY, type Rgb } from '../../styles/palette';

export const SCALE = 8;

/** The bytes of a `#rrggbb` colour. */
export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Bytes of a CSS colour in `rgb(r, g, b)` or `#rrggbb` form (what d3's interpolators return). */
function parseColour(css: string): Rgb | null {
  const rgb = /^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  if (/^#[0-9a-f]{6}$/i.test(css)) return hexToRgb(css);
  return null;
}

/** A 256-entry colour table from a function of t ∈ [0, 1] returning a CSS colour. */
export function lookupTable(colour: (t: number) => string): Rgb[] {
  let ctx: OffscreenCanvasRenderingContext2D | null = null;
  return Array.from({ length: 256 }, (_, i) => {
    const css = colour(i / 255);
    const parsed = parseColour(css);
    if (parsed) return parsed;
    // Any other CSS colour: let a canvas resolve it.
    ctx ??= new OffscreenCanvas(1, 1).getContext('2d', {
      willReadFrequently: true,
    }) as OffscreenCanvasRenderingContext2D;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = css;
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

/** One small canvas per image size, reused: maps are painted at 1 px per pixel, then scaled. */
const scratch = new Map<number, OffscreenCanvas | HTMLCanvasElement>();

function smallCanvas(size: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(size, size);
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  return c;
}

/**
 * Draw one `size × size` map with optional overlays onto `canvas`: pixels at native size,
 * scaled up without smoothing, and outlines as lines on the pixel edges.
 */
export function drawMap(canvas: HTMLCanvasElement, size: number, layer: MapLayer, overlay: Overlay = {}): void {
  const side = size * SCALE;
  if (canvas.width !== side) canvas.width = side;
  if (canvas.height !== side) canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  let small = scratch.get(size);
  if (!small) {
    small = smallCanvas(size);
    scratch.set(size, small);
  }
  const sctx = small.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
  const img = sctx.createImageData(size, size);
  const px = img.data;
  const { labels, outline } = overlay;
  for (let i = 0; i < size * size; i++) {
    const t = Math.min(1, Math.max(0, layer.normalise(layer.values[i] as number)));
    let [r, g, b] = layer.table[Math.round(t * 255)] as Rgb;
    const label = labels ? labels[i] : 0;
    if (label === FOREGROUND || label === BACKGROUND) {
      const c = label === FOREGROUND ? LABEL_RGB.foreground : LABEL_RGB.background;
      r = Math.round(r * 0.25 + c[0] * 0.75);
      g = Math.round(g * 0.25 + c[1] * 0.75);
      b = Math.round(b * 0.25 + c[2] * 0.75);
    }
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, side, side);
  if (!outline) return;
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && outline[y * size + x] === 1;
  const edge = overlay.outlineRgb ?? OUTLINE_RGB;
  // Thick enough to survive the canvas being shown at a third of its size; centred on the
  // pixel edges, so an outline reads the same at any display size.
  const width = Math.max(2, Math.round(SCALE / 3));
  ctx.beginPath();
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!inside(x, y)) continue;
      const left = x * SCALE;
      const right = (x + 1) * SCALE;
      const top = y * SCALE;
      const bottom = (y + 1) * SCALE;
      if (!inside(x, y - 1)) {
        ctx.moveTo(left, top);
        ctx.lineTo(right, top);
      }
      if (!inside(x, y + 1)) {
        ctx.moveTo(left, bottom);
        ctx.lineTo(right, bottom);
      }
      if (!inside(x - 1, y)) {
        ctx.moveTo(left, top);
        ctx.lineTo(left, bottom);
      }
      if (!inside(x + 1, y)) {
        ctx.moveTo(right, top);
        ctx.lineTo(right, bottom);
      }
    }
  }
  ctx.lineCap = 'square';
  ctx.lineWidth = width;
  ctx.strokeStyle = rgbCss(edge);
  ctx.stroke();
}

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
