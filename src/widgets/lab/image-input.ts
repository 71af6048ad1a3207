/**
 * A reader's image file, read in the browser: checked before decoding (kind, file size,
 * dimensions from the header), decoded by `createImageBitmap`, cropped to its central
 * square and kept as grayscale of at most `SOURCE_SIDE` px, from which `lab/image`
 * resamples every model size. Nothing leaves the page.
 */

import type { UiText } from '../../i18n/ui';
import {
  centreSquare,
  checkDimensions,
  checkFileSize,
  readImageHeader,
  resizeArea,
  SOURCE_SIDE,
  toBytes,
  toGrayscale,
} from '../../lab-page/image';

/** The reader's image as the Lab keeps it. */
export interface SourceImage {
  name: string;
  /** Grayscale in [0, 1], `side × side`. */
  gray: Float32Array;
  side: number;
}

export type ReadOutcome = { ok: true; image: SourceImage } | { ok: false; reason: string };

/** Read, check and decode an image file; a refusal says why in one sentence, in the words of `text`. */
export async function readImageFile(file: File, text: UiText): Promise<ReadOutcome> {
  const sizeProblem = checkFileSize(file.size, text.t);
  if (sizeProblem) return { ok: false, reason: sizeProblem };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, reason: text.t('lab.image.unreadable') };
  }
  const header = readImageHeader(bytes, text.t);
  if (!header.ok) return { ok: false, reason: header.reason };
  const dimProblem = checkDimensions(header.width, header.height, text.t);
  if (dimProblem) return { ok: false, reason: dimProblem };

  let bitmap: ImageBitmap | null = null;
  let square: ImageBitmap | null = null;
  try {
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      return { ok: false, reason: text.t('lab.image.undecodable', { kind: header.kind.toUpperCase() }) };
    }
    const crop = centreSquare(bitmap.width, bitmap.height);
    const side = Math.min(crop.side, SOURCE_SIDE);
    square = await createImageBitmap(bitmap, crop.x, crop.y, crop.side, crop.side, {
      resizeWidth: side,
      resizeHeight: side,
      resizeQuality: 'high',
    });
    const canvas = new OffscreenCanvas(side, side);
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | null;
    if (!ctx) return { ok: false, reason: text.t('lab.image.noCanvas') };
    ctx.drawImage(square, 0, 0);
    const rgba = ctx.getImageData(0, 0, side, side).data;
    const name = file.name || text.t('lab.image.defaultName');
    return { ok: true, image: { name, gray: toGrayscale(rgba, side, side), side } };
  } catch (error) {
    return {
      ok: false,
      reason: text.t('lab.image.failed', { message: error instanceof Error ? error.message : String(error) }),
    };
  } finally {
    bitmap?.close();
    square?.close();
  }
}

/** The model input bytes of a source image at `size × size`. */
export function modelPixels(source: SourceImage, size: number): Uint8Array {
  return toBytes(resizeArea(source.gray, source.side, centreSquare(source.side, source.side), size));
}
