import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { simulateLabels } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { defaultSettings } from '../../src/core/settings';
import { decodeSymbols, encodeSymbols, fromBase64Url, toBase64Url } from '../../src/lab-page/label-code';

const roundTrip = (symbols: Uint8Array) => {
  const code = encodeSymbols(symbols);
  const back = decodeSymbols(code, symbols.length);
  expect(back.ok).toBe(true);
  if (back.ok) expect(Array.from(back.symbols)).toEqual(Array.from(symbols));
  return code;
};

describe('base64url', () => {
  it('round-trips every length and byte value', () => {
    const rng = new Rng(7, 'b64');
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Array.from(fromBase64Url(text) as Uint8Array)).toEqual(Array.from(bytes));
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('a')).toBeNull();
  });
});

describe('label code', () => {
  it('round-trips random label maps of every symbol density', () => {
    const rng = new Rng(3, 'labels');
    for (const share of [0.01, 0.1, 0.5, 0.9]) {
      for (const n of [1, 2, 17, 1024, 8192]) {
        const symbols = Uint8Array.from({ length: n }, () => (rng.next() < share ? 1 + rng.int(3) : 0));
        roundTrip(symbols);
      }
    }
  });

  it('round-trips an empty map, a full map and a single labeled pixel', () => {
    const n = 8 * 32 * 32;
    const empty = new Uint8Array(n);
    const emptyCode = roundTrip(empty);
    expect(emptyCode.length).toBeLessThan(16);
    roundTrip(new Uint8Array(n).fill(2));
    roundTrip(new Uint8Array(n).fill(1));
    for (const at of [0, 1, 517, n - 1]) {
      const one = new Uint8Array(n);
      one[at] = 2;
      const code = roundTrip(one);
      expect(code.length).toBeLessThan(24);
    }
  });

  it('round-trips a map with zero pixels', () => {
    roundTrip(new Uint8Array(0));
  });

  it('round-trips simulated scribbles and stays short for hand-drawn strokes', () => {
    const data = buildDataset(defaultSettings());
    roundTrip(data.labels);
    const clicks = simulateLabels(
      data.truth as Uint8Array,
      data.size,
      { labelType: 'clicks', density: 0.05, background: true },
      new Rng(1, 'x'),
    );
    roundTrip(clicks);
    // Ten horizontal strokes, three pixels thick, on a 32×32 image.
    const strokes = new Uint8Array(32 * 32);
    for (let s = 0; s < 10; s++)
      for (let y = 3 * s; y < 3 * s + 3 && y < 32; y++) strokes.fill(s % 2 ? 2 : 1, y * 32 + 4, y * 32 + 24);
    expect(roundTrip(strokes).length).toBeLessThan(200);
  });

  it('detects truncation, damage, another size and a foreign format', () => {
    const symbols = Uint8Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? 2 : i % 11 === 0 ? 1 : 0));
    const code = encodeSymbols(symbols);
    for (let cut = 1; cut < code.length; cut += 3) {
      const result = decodeSymbols(code.slice(0, cut), 500);
      expect(result.ok).toBe(false);
    }
    const flipped = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    expect(decodeSymbols(flipped, 500).ok).toBe(false);
    const other = decodeSymbols(code, 400);
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.reason).toContain('500');
    expect(decodeSymbols('', 500).ok).toBe(false);
    expect(decodeSymbols(`2${code.slice(1)}`, 500).ok).toBe(false);
    expect(decodeSymbols(`${code}AA`, 500).ok).toBe(false);
    expect(decodeSymbols('1$$$', 500).ok).toBe(false);
  });

  it('refuses symbols outside 0–3 when encoding', () => {
    expect(() => encodeSymbols([0, 4])).toThrow();
  });
});
