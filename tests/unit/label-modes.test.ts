import { describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/core/dataset';
import {
  BACKGROUND,
  borderRing,
  distanceToBoundary,
  FOREGROUND,
  type LabelSpec,
  simulateLabels,
  thin,
  UNLABELED,
} from '../../src/core/labels';
import { blendEquilibrium, estimatePropensity } from '../../src/core/propensity';
import { Rng } from '../../src/core/random';
import { makeScene } from '../../src/core/scene';
import { defaultSettings, type LabelType, type Settings, withSettings } from '../../src/core/settings';

const settingsWith = (patch: Partial<Settings>) => withSettings(defaultSettings(), patch).settings;
const MODES: readonly LabelType[] = ['scribbles', 'clicks', 'scar', 'skeleton'];

/** Foreground-label rate on interior foreground pixels and on border-ring pixels. */
function ringRates(data: Dataset[]): { interior: number; ring: number; ringPixels: number; interiorPixels: number } {
  let interior = 0;
  let interiorLabeled = 0;
  let ring = 0;
  let ringLabeled = 0;
  for (const d of data) {
    const truth = d.truth as Uint8Array;
    const border = borderRing(truth, d.size);
    truth.forEach((t, i) => {
      if (t !== 1) return;
      const labeled = d.labels[i] === FOREGROUND ? 1 : 0;
      if (border[i]) {
        ring++;
        ringLabeled += labeled;
      } else {
        interior++;
        interiorLabeled += labeled;
      }
    });
  }
  return { interior: interiorLabeled / interior, ring: ringLabeled / ring, ringPixels: ring, interiorPixels: interior };
}

/** 8-connected components of pixels equal to `value`, counted per image. */
function components(labels: Uint8Array, size: number, value: number): number {
  const area = size * size;
  const seen = new Uint8Array(labels.length);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== value || seen[i]) continue;
    count++;
    const offset = i - (i % area);
    const stack = [i];
    seen[i] = 1;
    while (stack.length > 0) {
      const p = (stack.pop() as number) - offset;
      const x = p % size;
      const y = (p - x) / size;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          const q = offset + ny * size + nx;
          if (nx >= 0 && ny >= 0 && nx < size && ny < size && labels[q] === value && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
  }
  return count;
}

/** FNV-1a of a label map, as the old implementation's outputs were recorded. */
function hash(labels: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const v of labels) {
    h ^= v;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

describe('SCAR labels (random pixels)', () => {
  it('label interior and border-ring foreground at the same rate, the density', () => {
    const data = [1, 2, 3, 4].map((seed) => buildDataset(settingsWith({ seed, labelType: 'scar', density: 0.2 })));
    const rates = ringRates(data);
    // Thousands of pixels in each group: the binomial standard error is under 0.01, so 0.03 is over 3 of them.
    expect(rates.ringPixels).toBeGreaterThan(2000);
    expect(rates.interiorPixels).toBeGreaterThan(2000);
    expect(Math.abs(rates.interior - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(rates.ring - 0.2)).toBeLessThan(0.03);
    // Background pixels are labeled at the same rate, and only background ones carry BACKGROUND.
    let bg = 0;
    let bgLabeled = 0;
    for (const d of data) {
      d.labels.forEach((l, i) => {
        if (l === FOREGROUND) expect((d.truth as Uint8Array)[i]).toBe(1);
        if (l === BACKGROUND) expect((d.truth as Uint8Array)[i]).toBe(0);
        if ((d.truth as Uint8Array)[i] === 0) {
          bg++;
          if (l === BACKGROUND) bgLabeled++;
        }
      });
    }
    expect(Math.abs(bgLabeled / bg - 0.2)).toBeLessThan(0.03);
  });

  it('leave the background unlabeled when background labels are off, and clamp a bad density', () => {
    const off = buildDataset(settingsWith({ labelType: 'scar', background: false }));
    expect(off.stats.backgroundLabeled).toBe(0);
    const truth = (off.truth as Uint8Array).slice();
    const all = simulateLabels(truth, off.size, { labelType: 'scar', density: 3, background: true }, new Rng(1));
    expect(all.every((l) => l !== UNLABELED)).toBe(true);
    const none = simulateLabels(
      truth,
      off.size,
      { labelType: 'scar', density: Number.NaN, background: true },
      new Rng(1),
    );
    expect(none.every((l) => l === UNLABELED)).toBe(true);
  });
});

describe('labels that avoid the border ring', () => {
  it.each(['scribbles', 'skeleton'] as const)(
    '%s never label the border ring at the default scene (seeds 1–3)',
    (labelType) => {
      const data = [1, 2, 3].map((seed) => buildDataset(settingsWith({ seed, labelType })));
      const rates = ringRates(data);
      expect(rates.ring).toBe(0);
      expect(rates.interior).toBeGreaterThan(0.1);
    },
  );

  it('skeleton scribbles keep off the background side of the boundary too, unless a region has no interior', () => {
    let exempt = 0;
    for (const seed of [1, 2, 3]) {
      const d = buildDataset(settingsWith({ seed, labelType: 'skeleton', density: 0.3 }));
      const truth = d.truth as Uint8Array;
      const size = d.size;
      const area = size * size;
      for (let n = 0; n < d.count; n++) {
        const dist = distanceToBoundary(truth, n * area, size);
        for (let p = 0; p < area; p++) {
          if (d.labels[n * area + p] === UNLABELED || (dist[p] as number) >= 1) continue;
          // A labeled pixel on the boundary is allowed only in a region too thin to erode:
          // flood its 4-connected region and find no pixel off the boundary.
          const cls = truth[n * area + p];
          const seen = new Set([p]);
          const stack = [p];
          while (stack.length > 0) {
            const q = stack.pop() as number;
            expect(dist[q]).toBe(0);
            const x = q % size;
            for (const r of [x > 0 ? q - 1 : -1, x < size - 1 ? q + 1 : -1, q - size, q + size]) {
              if (r >= 0 && r < area && !seen.has(r) && truth[n * area + r] === cls) {
                seen.add(r);
                stack.push(r);
              }
            }
          }
          exempt++;
        }
      }
    }
    // Seed 3 has a three-pixel background pocket in a corner; nothing else qualifies.
    expect(exempt).toBeLessThan(10);
  });

  it('label a region too thin to erode rather than leave it blank', () => {
    // A one-pixel-wide line has no interior: skeleton scribbles label it anyway.
    const size = 16;
    const truth = new Uint8Array(size * size);
    for (let x = 2; x < 14; x++) truth[8 * size + x] = 1;
    const labels = simulateLabels(truth, size, { labelType: 'skeleton', density: 0.5, background: false }, new Rng(3));
    expect(labels.filter((l) => l === FOREGROUND).length).toBe(6);
  });
});

describe('skeleton scribbles', () => {
  it('are a few connected strokes inside the objects, unlike random pixels', () => {
    let skeletonRatio = 0;
    let scarRatio = 0;
    for (const seed of [1, 2, 3]) {
      const skel = buildDataset(settingsWith({ seed, labelType: 'skeleton' }));
      const scar = buildDataset(settingsWith({ seed, labelType: 'scar' }));
      skel.labels.forEach((l, i) => {
        if (l === FOREGROUND) expect((skel.truth as Uint8Array)[i]).toBe(1);
      });
      skeletonRatio += components(skel.labels, skel.size, FOREGROUND) / skel.stats.foregroundLabeled / 3;
      scarRatio += components(scar.labels, scar.size, FOREGROUND) / scar.stats.foregroundLabeled / 3;
    }
    // About one stroke per object of ~20 labeled pixels; random pixels are mostly isolated.
    expect(skeletonRatio).toBeLessThan(0.15);
    expect(scarRatio).toBeGreaterThan(0.3);
  });

  it.each([0.05, 0.1, 0.15, 0.3])('reach the target coverage at density %s', (density) => {
    // The target is met exactly in each region up to rounding while it fits in the eroded
    // interior; allow 10% for rounding on small objects.
    for (const seed of [1, 2, 3]) {
      const d = buildDataset(settingsWith({ seed, labelType: 'skeleton', density }));
      expect(d.stats.coverage as number).toBeGreaterThan(density * 0.9);
      expect(d.stats.coverage as number).toBeLessThan(density * 1.1 + 0.005);
    }
  });

  it('stop at the interior when the density asks for more', () => {
    const d = buildDataset(settingsWith({ labelType: 'skeleton', density: 1 }));
    const rates = ringRates([d]);
    expect(rates.ring).toBe(0);
    expect(rates.interior).toBe(1);
  });

  it('thin a bar to its centre line and a 2×2 block to nothing', () => {
    const size = 12;
    const bar = new Uint8Array(size * size);
    const members: number[] = [];
    for (let y = 4; y < 7; y++) {
      for (let x = 1; x < 11; x++) {
        bar[y * size + x] = 1;
        members.push(y * size + x);
      }
    }
    const line = thin(bar, members, size);
    expect(line.length).toBeGreaterThan(4);
    expect(line.every((p) => Math.floor(p / size) === 5)).toBe(true);
    const block = new Uint8Array(size * size);
    const square = [13, 14, 25, 26];
    for (const p of square) block[p] = 1;
    expect(thin(block, square, size)).toEqual([]);
  });
});

describe('every label mode', () => {
  it.each(MODES)('%s: same seed, same labels; another seed, other labels', (labelType) => {
    const a = buildDataset(settingsWith({ labelType }));
    const b = buildDataset(settingsWith({ labelType }));
    expect(b.labels).toEqual(a.labels);
    const scene = makeScene(defaultSettings(), new Rng(1, 'scene'));
    const spec: LabelSpec = { labelType, density: 0.15, background: true };
    const first = simulateLabels(scene.truth, scene.size, spec, new Rng(5, 'labels'));
    expect(simulateLabels(scene.truth, scene.size, spec, new Rng(5, 'labels'))).toEqual(first);
    expect(simulateLabels(scene.truth, scene.size, spec, new Rng(6, 'labels'))).not.toEqual(first);
  });

  it('scribbles and clicks are bit-identical to the implementation before the new modes', () => {
    // FNV-1a hashes of simulateLabels' output recorded from the old code, before the
    // geometry cache: same seed, same labels, so committed figures and links stay valid.
    const before: Record<string, string> = {
      'scribbles|1|0.05|1|16': 'c0f63f3e',
      'scribbles|1|0.05|1|32': '4d092478',
      'scribbles|1|0.05|1|64': 'd8cce006',
      'scribbles|1|0.05|0|16': '3cb86d7d',
      'scribbles|1|0.05|0|32': 'be031445',
      'scribbles|1|0.05|0|64': 'f80ff7e7',
      'scribbles|1|0.5|1|16': '9448ce51',
      'scribbles|1|0.5|1|32': '97644e2b',
      'scribbles|1|0.5|1|64': 'ae49af6c',
      'scribbles|1|0.5|0|16': '23d053ad',
      'scribbles|1|0.5|0|32': '434b0bff',
      'scribbles|1|0.5|0|64': '8e200305',
      'scribbles|7|0.05|1|16': 'd2423f8b',
      'scribbles|7|0.05|1|32': 'a93b8c4e',
      'scribbles|7|0.05|1|64': '086c00b1',
      'scribbles|7|0.05|0|16': 'ebbb617f',
      'scribbles|7|0.05|0|32': '4aea9a25',
      'scribbles|7|0.05|0|64': '80c5525f',
      'scribbles|7|0.5|1|16': '4e41c990',
      'scribbles|7|0.5|1|32': 'ccde9989',
      'scribbles|7|0.5|1|64': 'ff333ea1',
      'scribbles|7|0.5|0|16': '4b63943f',
      'scribbles|7|0.5|0|32': 'b15b9eb7',
      'scribbles|7|0.5|0|64': 'c614267f',
      'clicks|1|0.05|1|16': '3dca650a',
      'clicks|1|0.05|1|32': 'af5fa226',
      'clicks|1|0.05|1|64': '3f5ffe9b',
      'clicks|1|0.05|0|16': 'd7c408ed',
      'clicks|1|0.05|0|32': 'ed44047f',
      'clicks|1|0.05|0|64': '184d7275',
      'clicks|1|0.5|1|16': '25cb6135',
      'clicks|1|0.5|1|32': '8f77e651',
      'clicks|1|0.5|1|64': '9ff9e5e4',
      'clicks|1|0.5|0|16': '0592a68d',
      'clicks|1|0.5|0|32': '51d3c69d',
      'clicks|1|0.5|0|64': '9a2bfdc5',
      'clicks|7|0.05|1|16': '0e520dce',
      'clicks|7|0.05|1|32': 'df629cb7',
      'clicks|7|0.05|1|64': '3918b850',
      'clicks|7|0.05|0|16': '8ddb8f3f',
      'clicks|7|0.05|0|32': '205dcb85',
      'clicks|7|0.05|0|64': '98ebf4ad',
      'clicks|7|0.5|1|16': '68a521da',
      'clicks|7|0.5|1|32': '65daed92',
      'clicks|7|0.5|1|64': '552da149',
      'clicks|7|0.5|0|16': '36281b37',
      'clicks|7|0.5|0|32': '32a72b2f',
      'clicks|7|0.5|0|64': 'af3d7817',
    };
    const got: Record<string, string> = {};
    for (const key of Object.keys(before)) {
      const [labelType, seed, density, background, size] = key.split('|') as [
        LabelType,
        string,
        string,
        string,
        string,
      ];
      const s = {
        ...defaultSettings(),
        seed: Number(seed),
        size: Number(size),
        radius: Math.min(7, Math.floor(Number(size) / 3)),
      };
      const scene = makeScene(s, new Rng(s.seed).fork('scene'));
      const spec = { labelType, density: Number(density), background: background === '1' };
      got[key] = hash(simulateLabels(scene.truth, s.size, spec, new Rng(s.seed).fork('labels')));
    }
    expect(got).toEqual(before);
  });
});

describe('estimatePropensity', () => {
  const scene = makeScene(defaultSettings(), new Rng(1, 'scene'));
  const ring = borderRing(scene.truth, scene.size);
  const means = (rate: Float32Array) => {
    let interior = 0;
    let border = 0;
    let all = 0;
    let nInterior = 0;
    let nBorder = 0;
    scene.truth.forEach((t, i) => {
      if (t !== 1) return;
      const r = rate[i] as number;
      all += r;
      if (ring[i]) {
        border += r;
        nBorder++;
      } else {
        interior += r;
        nInterior++;
      }
    });
    return { interior: interior / nInterior, border: border / nBorder, all: all / (nInterior + nBorder) };
  };

  it.each(MODES)('%s: a rate in [0, 1] whose foreground mean matches single draws', (labelType) => {
    const spec: LabelSpec = { labelType, density: 0.15, background: true };
    const { rate, draws } = estimatePropensity(scene.truth, scene.size, spec, 7, 100);
    expect(draws).toBe(100);
    expect(rate.every((r) => r >= 0 && r <= 1)).toBe(true);
    // The mean of e over foreground is the expected coverage; 20 independent draws estimate it too.
    let coverage = 0;
    for (let k = 0; k < 20; k++) {
      const labels = simulateLabels(scene.truth, scene.size, spec, new Rng(1000 + k, 'single'));
      let fg = 0;
      let hit = 0;
      scene.truth.forEach((t, i) => {
        if (t === 1) {
          fg++;
          if (labels[i] === FOREGROUND) hit++;
        }
      });
      coverage += hit / fg / 20;
    }
    expect(Math.abs(means(rate).all - coverage)).toBeLessThan(0.01);
  });

  it('is flat for SCAR and zero on the border for scribbles', () => {
    const scar = means(
      estimatePropensity(scene.truth, scene.size, { labelType: 'scar', density: 0.15, background: true }, 2, 200).rate,
    );
    expect(Math.abs(scar.interior - scar.border)).toBeLessThan(0.02);
    expect(Math.abs(scar.all - 0.15)).toBeLessThan(0.01);
    const strokes = means(
      estimatePropensity(scene.truth, scene.size, { labelType: 'scribbles', density: 0.15, background: true }, 2, 200)
        .rate,
    );
    expect(strokes.border).toBe(0);
    // With the border empty, the interior must carry more than c to reach coverage c.
    expect(strokes.interior).toBeGreaterThan(0.15);
  });

  it('converges as draws grow', () => {
    const spec: LabelSpec = { labelType: 'skeleton', density: 0.15, background: true };
    const at = (n: number) => estimatePropensity(scene.truth, scene.size, spec, 3, n).rate;
    const gap = (a: Float32Array, b: Float32Array) => {
      let sum = 0;
      let n = 0;
      scene.truth.forEach((t, i) => {
        if (t === 1) {
          sum += Math.abs((a[i] as number) - (b[i] as number));
          n++;
        }
      });
      return sum / n;
    };
    const early = gap(at(10), at(20));
    const late = gap(at(100), at(200));
    expect(early).toBeGreaterThan(0);
    // The gap shrinks like 1/√n: ten times the draws, about a third of the gap.
    expect(late).toBeLessThan(early * 0.6);
  });
});

describe('blendEquilibrium', () => {
  it('is 1 for partial CE, c for full CE, and 1/2 at λ = c/(1 − c)', () => {
    for (const c of [0.05, 0.15, 0.4]) {
      expect(blendEquilibrium(c, 0)).toBe(1);
      expect(blendEquilibrium(c, 1)).toBeCloseTo(c, 12);
      expect(blendEquilibrium(c, c / (1 - c))).toBeCloseTo(0.5, 12);
      // More mask strength pulls the equilibrium down.
      expect(blendEquilibrium(c, 0.3) as number).toBeGreaterThan(blendEquilibrium(c, 0.6) as number);
    }
    expect(blendEquilibrium(0, 0)).toBeNull();
    expect(blendEquilibrium(0, 0.5)).toBe(0);
  });
});
