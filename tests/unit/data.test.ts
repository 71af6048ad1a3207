import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { BACKGROUND, FOREGROUND, labelStats, simulateLabels, UNLABELED } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { makeScene } from '../../src/core/scene';
import { defaultSettings, withSettings } from '../../src/core/settings';

const settingsWith = (patch: Parameters<typeof withSettings>[1]) => withSettings(defaultSettings(), patch).settings;

describe('scene', () => {
  it('is the same for the same seed and different for another', () => {
    const a = buildDataset(defaultSettings());
    const b = buildDataset(defaultSettings());
    const c = buildDataset(settingsWith({ seed: 2 }));
    expect(a.images).toEqual(b.images);
    expect(a.truth).toEqual(b.truth);
    expect(a.labels).toEqual(b.labels);
    expect(c.images).not.toEqual(a.images);
    expect(c.truth).not.toEqual(a.truth);
  });

  it('keeps the images when only the labels change', () => {
    const a = buildDataset(defaultSettings());
    const b = buildDataset(settingsWith({ density: 0.4, labelType: 'clicks' }));
    expect(b.images).toEqual(a.images);
    expect(b.labels).not.toEqual(a.labels);
  });

  it('puts foreground in every image, at a prior between 10% and 50% by default', () => {
    const { scene } = buildDataset(defaultSettings());
    if (!scene) throw new Error('a synthetic dataset has a scene');
    const area = scene.size ** 2;
    for (let n = 0; n < scene.count; n++) {
      expect(scene.truth.subarray(n * area, (n + 1) * area).some((v) => v === 1)).toBe(true);
    }
    expect(scene.prior).toBeGreaterThan(0.1);
    expect(scene.prior).toBeLessThan(0.5);
  });

  it('is not separable by one global threshold at the default noise', () => {
    // The best single threshold on raw intensity must still misclassify over 10% of pixels,
    // so a model has to pool a neighbourhood; with no noise the same threshold is near perfect.
    const bestAccuracy = (noise: number) => {
      const scene = makeScene({ ...defaultSettings(), noise }, new Rng(1, 'scene'));
      let best = 0;
      for (let t = -2; t <= 2; t += 0.02) {
        let correct = 0;
        scene.images.forEach((v, i) => {
          if ((v > t ? 1 : 0) === scene.truth[i]) correct++;
        });
        best = Math.max(best, correct / scene.images.length);
      }
      return best;
    };
    expect(bestAccuracy(defaultSettings().noise)).toBeLessThan(0.9);
    expect(bestAccuracy(0)).toBeGreaterThan(0.97);
  });
});

describe('weak labels', () => {
  it.each(['scribbles', 'clicks'] as const)('%s label only the right class and hit the target density', (labelType) => {
    for (const density of [0.05, 0.15, 0.5]) {
      const data = buildDataset(settingsWith({ labelType, density }));
      const truth = data.truth as Uint8Array;
      data.labels.forEach((l, i) => {
        if (l === FOREGROUND) expect(truth[i]).toBe(1);
        if (l === BACKGROUND) expect(truth[i]).toBe(0);
      });
      // Clicks come in discs of up to 5 pixels and every region gets at least one pixel,
      // so the realised coverage may overshoot a small target; it never falls far short.
      expect(data.stats.coverage).toBeGreaterThan(density * 0.8);
      expect(data.stats.coverage).toBeLessThan(density * 1.3 + 0.02);
    }
  });

  it('labels background only when asked', () => {
    const on = buildDataset(settingsWith({ background: true }));
    const off = buildDataset(settingsWith({ background: false }));
    expect(on.stats.backgroundLabeled).toBeGreaterThan(0);
    expect(off.stats.backgroundLabeled).toBe(0);
    expect(off.stats.foregroundLabeled).toBe(on.stats.foregroundLabeled);
  });

  it('draws scribbles as connected strokes, not scattered dots', () => {
    const data = buildDataset(defaultSettings());
    const size = data.size;
    let withNeighbour = 0;
    let labeled = 0;
    data.labels.forEach((l, i) => {
      if (l === UNLABELED) return;
      labeled++;
      const x = i % size;
      const near = [-1, 1, -size, size, -size - 1, -size + 1, size - 1, size + 1].some((d) => {
        const j = i + d;
        const jx = j % size;
        return Math.abs(jx - x) <= 1 && Math.floor(j / size ** 2) === Math.floor(i / size ** 2) && data.labels[j] === l;
      });
      if (near) withNeighbour++;
    });
    expect(withNeighbour / labeled).toBeGreaterThan(0.9);
  });

  it('reports density Σm/N and coverage c', () => {
    const truth = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]);
    const labels = Uint8Array.from([FOREGROUND, 0, 0, 0, BACKGROUND, BACKGROUND, 0, 0]);
    expect(labelStats(labels, truth)).toEqual({
      pixels: 8,
      labeled: 3,
      foregroundLabeled: 1,
      backgroundLabeled: 2,
      density: 3 / 8,
      coverage: 1 / 4,
    });
    expect(labelStats(labels, null).coverage).toBeNull();
    expect(labelStats(new Uint8Array(0), null).density).toBe(0);
  });

  it('handles an image with no foreground', () => {
    const truth = new Uint8Array(16 * 16);
    const labels = simulateLabels(truth, 16, { labelType: 'scribbles', density: 0.2, background: true }, new Rng(1));
    expect(labels.some((l) => l === FOREGROUND)).toBe(false);
    expect(labelStats(labels, truth).density).toBeGreaterThan(0.15);
  });
});

describe('held-out scenes', () => {
  it('leave the training data exactly as the scene and label streams alone would draw them', () => {
    for (const seed of [1, 2]) {
      const settings = settingsWith({ seed });
      const data = buildDataset(settings);
      // The recipe from before held-out scenes existed, rebuilt by hand from the named streams.
      const scene = makeScene(settings, new Rng(seed).fork('scene'));
      const labels = simulateLabels(scene.truth, scene.size, settings, new Rng(seed).fork('labels'));
      expect(data.images).toEqual(scene.images);
      expect(data.clean).toEqual(scene.clean);
      expect(data.truth).toEqual(scene.truth);
      expect(data.labels).toEqual(labels);
      const without = buildDataset(settings, { heldOut: false });
      expect(without.heldOut).toBeNull();
      expect(without.images).toEqual(data.images);
      expect(without.labels).toEqual(data.labels);
      expect(without.stats).toEqual(data.stats);
    }
  });

  it('are as many images from the same generator, but different ones, reproducible from the seed', () => {
    const settings = settingsWith({ seed: 1 });
    const data = buildDataset(settings);
    const held = data.heldOut;
    if (!held) throw new Error('a synthetic dataset has a held-out set');
    expect(held.count).toBe(data.count);
    expect(held.images).toHaveLength(data.images.length);
    expect(held.labels).toHaveLength(data.labels.length);
    expect(held.images).not.toEqual(data.images);
    expect(held.truth).not.toEqual(data.truth);
    expect(held.labels).not.toEqual(data.labels);
    // Same settings: the held-out labels hit about the same coverage, and label only the right class.
    expect(Math.abs((held.stats.coverage as number) - (data.stats.coverage as number))).toBeLessThan(0.05);
    held.labels.forEach((l, i) => {
      if (l === FOREGROUND) expect(held.truth[i]).toBe(1);
      if (l === BACKGROUND) expect(held.truth[i]).toBe(0);
    });
    expect(buildDataset(settings).heldOut).toEqual(held);
    expect(buildDataset(settingsWith({ seed: 2 })).heldOut?.images).not.toEqual(held.images);
  });

  it('keep their images when only the labels change, like the training set', () => {
    const a = buildDataset(defaultSettings()).heldOut;
    const b = buildDataset(settingsWith({ density: 0.4, labelType: 'clicks' })).heldOut;
    expect(b?.images).toEqual(a?.images);
    expect(b?.labels).not.toEqual(a?.labels);
  });
});
