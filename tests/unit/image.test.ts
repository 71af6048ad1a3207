import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  centreSquare,
  checkDimensions,
  checkFileSize,
  MAX_FILE_BYTES,
  readImageHeader,
  resampleLabels,
  resizeArea,
  standardise,
  toBytes,
  toGrayscale,
} from '../../src/lab-page/image';

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
