/**
 * A reader's own image as the model sees it: checked, converted to grayscale, cropped to
 * its central square and resized, all on plain arrays (no DOM; the page only decodes).
 * Refusals are sentences in the words of `t` (the page's language; English by default).
 */
import { englishWords, type LabWords } from './words';

/** Largest file the Lab reads. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Largest width or height the Lab decodes. */
export const MAX_SIDE = 8000;
/** Side of the grayscale copy kept in memory, from which every model size is resampled. */
export const SOURCE_SIDE = 256;

export type ImageKind = 'png' | 'jpeg' | 'webp';

export interface ImageHeader {
  kind: ImageKind;
  width: number;
  height: number;
}

export type HeaderResult = ({ ok: true } & ImageHeader) | { ok: false; reason: string };

const MIB = 1024 * 1024;

/** A message when a file is too large to read, else null. */
export function checkFileSize(bytes: number, t: LabWords = englishWords): string | null {
  if (bytes > MAX_FILE_BYTES) {
    return t('lab.image.tooLarge', { mb: (bytes / MIB).toFixed(1), max: MAX_FILE_BYTES / MIB });
  }
  if (bytes === 0) return t('lab.image.empty');
  return null;
}

/** A message when an image is too large to decode, else null. */
export function checkDimensions(width: number, height: number, t: LabWords = englishWords): string | null {
  if (width > MAX_SIDE || height > MAX_SIDE) {
    return t('lab.image.tooWide', { width, height, max: MAX_SIDE });
  }
  if (width < 1 || height < 1) return t('lab.image.noPixels');
  return null;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
const u32be = (b: Uint8Array, i: number) => (b[i] as number) * 2 ** 24 + ((b[i + 1] as number) << 16) + u16be(b, i + 2);
const u16le = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] as number) << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * Kind and size of a PNG, JPEG or WebP from its first bytes, without decoding it: refuses
 * other files early, and lets the page refuse huge images before spending memory on them.
 */
export function readImageHeader(bytes: Uint8Array, t: LabWords = englishWords): HeaderResult {
  const b = bytes;
  const notImage = t('lab.image.notImage');
  const cutShort = t('lab.image.cutShort');
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a) {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return { ok: false, reason: cutShort };
    return { ok: true, kind: 'png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let i = 2;
    while (i + 4 <= b.length) {
      if (b[i] !== 0xff) return { ok: false, reason: cutShort };
      const marker = b[i + 1] as number;
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const length = u16be(b, i + 2);
      // Start-of-frame markers (baseline, progressive, …) carry the size; C4, C8 and CC do not.
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) {
        if (i + 9 > b.length) return { ok: false, reason: cutShort };
        return { ok: true, kind: 'jpeg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
      }
      if (marker === 0xd9 || length < 2) return { ok: false, reason: cutShort };
      i += 2 + length;
    }
    return { ok: false, reason: cutShort };
  }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    if (b.length < 30) return { ok: false, reason: cutShort };
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X') return { ok: true, kind: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    if (chunk === 'VP8L') {
      const bits = (b[21] as number) | ((b[22] as number) << 8) | ((b[23] as number) << 16) | ((b[24] as number) << 24);
      return { ok: true, kind: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ')
      return { ok: true, kind: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    return { ok: false, reason: cutShort };
  }
  return { ok: false, reason: notImage };
}

/**
 * Luma in [0, 1] of RGBA pixels (Rec. 601 weights on the stored sRGB values), composited
 * over white so that transparent areas read as paper, not as black.
 */
export function toGrayscale(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const n = width * height;
  if (rgba.length < n * 4) throw new Error(`expected ${n * 4} RGBA values, got ${rgba.length}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const a = (rgba[o + 3] as number) / 255;
    const y = (0.299 * (rgba[o] as number) + 0.587 * (rgba[o + 1] as number) + 0.114 * (rgba[o + 2] as number)) / 255;
    out[i] = y * a + (1 - a);
  }
  return out;
}

export interface Crop {
  x: number;
  y: number;
  side: number;
}

/** The largest centred square of a `width × height` image. */
export function centreSquare(width: number, height: number): Crop {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side };
}

/** For each output cell along one axis, the input indices it covers and their weights. */
function areaWeights(inLength: number, outLength: number): { index: number; weight: number }[][] {
  const scale = inLength / outLength;
  return Array.from({ length: outLength }, (_, o) => {
    const start = o * scale;
    const end = start + scale;
    const cells: { index: number; weight: number }[] = [];
    for (let i = Math.floor(start); i < Math.min(inLength, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 1e-9) cells.push({ index: i, weight: overlap / scale });
    }
    return cells;
  });
}

/**
 * Resample the `crop` of a `width`-wide single-channel image to `out × out` by area
 * averaging: each output pixel is the mean of the input area it covers (exact for any
 * scale, so downsizing does not alias and a constant image stays constant).
 */
export function resizeArea(values: ArrayLike<number>, width: number, crop: Crop, out: number): Float32Array {
  const cols = areaWeights(crop.side, out);
  const rows = cols;
  const tmp = new Float32Array(crop.side * out);
  for (let y = 0; y < crop.side; y++) {
    const row = (crop.y + y) * width + crop.x;
    for (let ox = 0; ox < out; ox++) {
      let s = 0;
      for (const { index, weight } of cols[ox] as { index: number; weight: number }[])
        s += (values[row + index] as number) * weight;
      tmp[y * out + ox] = s;
    }
  }
  const result = new Float32Array(out * out);
  for (let oy = 0; oy < out; oy++) {
    for (let ox = 0; ox < out; ox++) {
      let s = 0;
      for (const { index, weight } of rows[oy] as { index: number; weight: number }[])
        s += (tmp[index * out + ox] as number) * weight;
      result[oy * out + ox] = s;
    }
  }
  return result;
}

/**
 * Images smaller than the model's input are used, not refused: they are enlarged (each of
 * their pixels covers several of the model's), and the reader is told so. The note for a
 * source of `side × side` pixels fed to a `size × size` model, or null when it is not enlarged.
 */
export function upscaleNote(side: number, size: number, t: LabWords = englishWords): string | null {
  return side < size ? t('lab.image.upscaled', { side, size }) : null;
}

/** True when every value is the same (a blank image: the model sees no shapes in it). */
export function isFlat(bytes: ArrayLike<number>): boolean {
  for (let i = 1; i < bytes.length; i++) if (bytes[i] !== bytes[0]) return false;
  return true;
}

/** Grayscale in [0, 1] as bytes 0–255 (the form the Lab stores and exports). */
export function toBytes(gray: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(gray, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/**
 * Model input from stored bytes: zero mean and unit standard deviation, like the
 * synthetic scenes, whose classes sit at ±0.5 under noise of about 0.6. A flat image
 * becomes all zeros.
 */
export function standardise(bytes: ArrayLike<number>): Float32Array {
  const n = bytes.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += bytes[i] as number;
  mean /= Math.max(1, n);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((bytes[i] as number) - mean) ** 2;
  const sd = Math.sqrt(variance / Math.max(1, n));
  return Float32Array.from(bytes as ArrayLike<number>, (v) => (sd > 1e-9 ? (v - mean) / sd : 0));
}

/** Nearest-neighbour resampling of a square label map (`from × from` → `to × to`). */
export function resampleLabels(labels: Uint8Array, from: number, to: number): Uint8Array {
  if (from === to) return Uint8Array.from(labels);
  const out = new Uint8Array(to * to);
  for (let y = 0; y < to; y++) {
    const sy = Math.min(from - 1, Math.floor(((y + 0.5) * from) / to));
    for (let x = 0; x < to; x++) {
      const sx = Math.min(from - 1, Math.floor(((x + 0.5) * from) / to));
      out[y * to + x] = labels[sy * from + sx] as number;
    }
  }
  return out;
}
