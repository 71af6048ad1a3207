import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { uiText } from '../../src/i18n/ui';
import {
  centreSquare,
  checkDimensions,
  checkFileSize,
  isFlat,
  MAX_FILE_BYTES,
  readImageHeader,
  resampleLabels,
  resizeArea,
  standardise,
  toBytes,
  toGrayscale,
  upscaleNote,
} from '../../src/lab-page/image';
import { imageRead, LabRun } from '../../src/widgets/lab/run-state';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../e2e/fixtures/${name}`, import.meta.url)));

/** A naive area average: split every input pixel into k×k sub-pixels and average blocks. */
function naiveResize(
  values: Float32Array,
  width: number,
  crop: { x: number; y: number; side: number },
  out: number,
): Float32Array {
  const k = out; // each input pixel becomes out×out sub-pixels, each output pixel side×side of them
  const result = new Float32Array(out * out);
  for (let oy = 0; oy < out; oy++) {
    for (let ox = 0; ox < out; ox++) {
      let s = 0;
      for (let sy = oy * crop.side; sy < (oy + 1) * crop.side; sy++) {
        for (let sx = ox * crop.side; sx < (ox + 1) * crop.side; sx++) {
          s += values[(crop.y + Math.floor(sy / k)) * width + crop.x + Math.floor(sx / k)] as number;
        }
      }
      result[oy * out + ox] = s / (crop.side * crop.side);
    }
  }
  return result;
}

describe('image header', () => {
  it('reads the kind and size of the PNG fixture', () => {
    expect(readImageHeader(fixture('objects.png'))).toEqual({ ok: true, kind: 'png', width: 96, height: 64 });
  });

  it('reads JPEG and WebP sizes from their headers', () => {
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 8001.
    const jpeg = Uint8Array.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0,
      16,
      ...new Array(14).fill(0),
      0xff,
      0xc0,
      0,
      17,
      8,
      0x02,
      0x58,
      0x1f,
      0x41,
      3,
    ]);
    expect(readImageHeader(jpeg)).toEqual({ ok: true, kind: 'jpeg', width: 8001, height: 600 });
    const vp8x = new Uint8Array(30);
    vp8x.set(
      [...'RIFF'].map((c) => c.charCodeAt(0)),
      0,
    );
    vp8x.set(
      [...'WEBPVP8X'].map((c) => c.charCodeAt(0)),
      8,
    );
    vp8x.set([0x1f, 0x03, 0x00], 24); // width − 1 = 799
    vp8x.set([0x57, 0x02, 0x00], 27); // height − 1 = 599
    expect(readImageHeader(vp8x)).toEqual({ ok: true, kind: 'webp', width: 800, height: 600 });
  });

  it('refuses text, truncated headers and unknown formats with a reason', () => {
    const text = readImageHeader(fixture('not-an-image.png'));
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.reason).toMatch(/not a PNG, JPEG or WebP/);
    const cut = readImageHeader(fixture('objects.png').subarray(0, 12));
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.reason).toMatch(/cut short/);
    expect(readImageHeader(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])).ok).toBe(false);
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff])).ok).toBe(false);
  });

  it('states the limits on file size and dimensions', () => {
    expect(checkFileSize(1000)).toBeNull();
    expect(checkFileSize(MAX_FILE_BYTES + 1)).toMatch(/20 MB/);
    expect(checkFileSize(0)).toMatch(/empty/);
    expect(checkDimensions(8000, 8000)).toBeNull();
    expect(checkDimensions(8001, 10)).toMatch(/8000 px/);
  });
});

describe('grayscale and resize', () => {
  it('converts RGBA to luma, with transparency read as white', () => {
    const rgba = Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0]);
    const gray = toGrayscale(rgba, 4, 1);
    expect(gray[0]).toBeCloseTo(1, 6);
    expect(gray[1]).toBeCloseTo(0, 6);
    expect(gray[2]).toBeCloseTo(0.299, 6);
    expect(gray[3]).toBeCloseTo(1, 6);
  });

  it('crops the central square', () => {
    expect(centreSquare(96, 64)).toEqual({ x: 16, y: 0, side: 64 });
    expect(centreSquare(30, 41)).toEqual({ x: 0, y: 5, side: 30 });
  });

  it('matches a naive area average on the PNG fixture, at integer and fractional scales', () => {
    const png = PNG.sync.read(Buffer.from(fixture('objects.png')));
    const gray = toGrayscale(png.data, png.width, png.height);
    const crop = centreSquare(png.width, png.height);
    for (const out of [16, 24, 32, 48, 64, 80]) {
      const fast = resizeArea(gray, png.width, crop, out);
      const slow = naiveResize(gray, png.width, crop, out);
      for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i] as number, 5);
    }
    // The dark ellipse centred at (38, 26) of the original is dark in the 32×32 input.
    const small = resizeArea(gray, png.width, crop, 32);
    expect(small[13 * 32 + 11]).toBeLessThan(0.3);
    expect(small[2 * 32 + 30]).toBeGreaterThan(0.7);
  });

  it('keeps a constant image constant and preserves the mean', () => {
    const flat = new Float32Array(50 * 50).fill(0.4);
    for (const v of resizeArea(flat, 50, centreSquare(50, 50), 32)) expect(v).toBeCloseTo(0.4, 6);
    const ramp = Float32Array.from({ length: 37 * 37 }, (_, i) => (i % 37) / 36);
    const out = resizeArea(ramp, 37, centreSquare(37, 37), 16);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out)).toBeCloseTo(mean(ramp), 5);
  });

  it('stores bytes and standardises them to zero mean and unit spread', () => {
    const bytes = toBytes(Float32Array.from([0, 0.5, 1, 1.2, -0.1]));
    expect(Array.from(bytes)).toEqual([0, 128, 255, 255, 0]);
    const z = standardise(Uint8Array.from([10, 20, 30, 40]));
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length);
    expect(mean).toBeCloseTo(0, 6);
    expect(sd).toBeCloseTo(1, 6);
    expect(Array.from(standardise(new Uint8Array(9).fill(77)))).toEqual(new Array(9).fill(0));
  });

  it('resamples label maps by nearest neighbour', () => {
    const labels = Uint8Array.from([0, 1, 2, 0]);
    expect(Array.from(resampleLabels(labels, 2, 4))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 0, 0, 2, 2, 0, 0]);
    expect(Array.from(resampleLabels(resampleLabels(labels, 2, 4), 4, 2))).toEqual([0, 1, 2, 0]);
  });
});

/** A PNG of `width × height` gray pixels from pngjs, as bytes. */
function grayPng(width: number, height: number, shade: (x: number, y: number) => number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      png.data.fill(shade(x, y), o, o + 3);
      png.data[o + 3] = 255;
    }
  return new Uint8Array(PNG.sync.write(png));
}

describe('images smaller than the model’s input', () => {
  it('are read, not refused: a 1 × 1 PNG passes every check', () => {
    const header = readImageHeader(grayPng(1, 1, () => 90));
    expect(header).toEqual({ ok: true, kind: 'png', width: 1, height: 1 });
    expect(checkDimensions(1, 1)).toBeNull();
    expect(checkFileSize(69)).toBeNull();
  });

  it('are enlarged in blocks, each source pixel covering several of the model’s', () => {
    const one = resizeArea(Float32Array.of(0.25), 1, centreSquare(1, 1), 32);
    expect(one).toHaveLength(32 * 32);
    for (const v of one) expect(v).toBeCloseTo(0.25, 6);
    // A 2 × 2 checkerboard becomes four 16 × 16 blocks.
    const checker = resizeArea(Float32Array.of(0, 1, 1, 0), 2, centreSquare(2, 2), 32);
    expect(checker[0]).toBeCloseTo(0, 6);
    expect(checker[15]).toBeCloseTo(0, 6);
    expect(checker[16]).toBeCloseTo(1, 6);
    expect(checker[16 * 32]).toBeCloseTo(1, 6);
    expect(checker[16 * 32 + 16]).toBeCloseTo(0, 6);
    // A 3-pixel source over 32 cells: no cell mixes more than two source pixels, and the mean holds.
    const three = resizeArea(
      Float32Array.from({ length: 9 }, (_, i) => i % 3),
      3,
      centreSquare(3, 3),
      32,
    );
    expect(three.reduce((a, v) => a + v, 0) / three.length).toBeCloseTo(1, 5);
  });

  it('come with a note that they were enlarged, in the page’s words; larger ones without', () => {
    expect(upscaleNote(1, 32)).toBe(
      'Its central square is only 1 × 1 pixels, smaller than the model’s 32 × 32 input, so it was enlarged: each of its pixels covers several of the model’s.',
    );
    expect(upscaleNote(20, 64)).toContain('only 20 × 20 pixels');
    expect(upscaleNote(32, 32)).toBeNull();
    expect(upscaleNote(256, 64)).toBeNull();
    expect(upscaleNote(8, 16, uiText('zh-cn').t)).toMatch(/^它居中的正方形只有 8 × 8 像素/);
  });

  it('a blank image is named as such: the model sees no shapes in it', () => {
    expect(isFlat(new Uint8Array(1024).fill(90))).toBe(true);
    expect(isFlat(new Uint8Array(0))).toBe(true);
    expect(isFlat(Uint8Array.of(1, 1, 2))).toBe(false);
  });

  it('the Lab keeps a small image at the model’s size and says in its status that it was enlarged', () => {
    const run = new LabRun();
    const source = { name: 'dot.png', gray: Float32Array.of(0.5), side: 1 };
    run.load(imageRead(source, run.settings), null, source);
    expect(run.own?.pixels).toHaveLength(32 * 32);
    expect(Array.from(run.own?.images ?? [])).toEqual(new Array(32 * 32).fill(0));
    expect(run.imageStatus()).toBe('Using your image “dot.png” at 32 × 32 pixels, enlarged from 1 × 1.');
    const big = { name: 'big.png', gray: new Float32Array(64 * 64).fill(0.5), side: 64 };
    run.load(imageRead(big, run.settings), null, big);
    expect(run.imageStatus()).toBe('Using your image “big.png” at 32 × 32 pixels.');
  });
});

describe('malformed image files', () => {
  it('are refused by their header: SVG, text, a truncated JPEG, a PNG claiming 60000 × 60000 px', () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect(readImageHeader(svg)).toEqual({ ok: false, reason: 'The file is not a PNG, JPEG or WebP image.' });
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46);
    expect(readImageHeader(jpeg)).toEqual({
      ok: false,
      reason: 'The file looks like an image but is cut short or damaged.',
    });
    const huge = grayPng(1, 1, () => 0);
    new DataView(huge.buffer).setUint32(16, 60000);
    new DataView(huge.buffer).setUint32(20, 60000);
    const header = readImageHeader(huge);
    expect(header).toMatchObject({ ok: true, width: 60000, height: 60000 });
    expect(checkDimensions(60000, 60000)).toContain('60000 × 60000 px');
  });
});
