/**
 * The numbers behind chapter 3's propensity panel and the charts' reference lines, in Node:
 * the binned scatter of p against e(x)·P(y|x), and where the λ equilibrium line goes.
 */
import { describe, expect, it } from 'vitest';
import { blendEquilibrium } from '../../src/core/propensity';
import { uiText } from '../../src/i18n/ui';
import { metricSeries, referenceLines } from '../../src/widgets/shared/charts';
import { binByPropensity, labeledShare } from '../../src/widgets/trainer/propensity-bins';
import { panelModel } from '../../src/widgets/trainer/propensity-panel';

describe('propensity scatter bins', () => {
  it('sets x to e on true foreground and 0 on background, clamping junk', () => {
    const x = labeledShare([0.3, 0.3, Number.NaN, 1.7, -0.2], [1, 0, 1, 1, 1]);
    expect(Array.from(x)).toEqual([Math.fround(0.3), 0, 0, 1, 0]);
  });

  it('bins pixels by x with the mean x and mean p of each bin, leaving empty bins out', () => {
    const x = [0, 0, 0.05, 0.31, 0.39, 1];
    const p = [0.1, 0.3, 0.2, 0.5, 0.7, 0.9];
    const bins = binByPropensity(x, p, 10);
    expect(bins.map((b) => [b.from, b.pixels])).toEqual([
      [0, 3],
      [0.3, 2],
      [0.9, 1],
    ]);
    expect(bins[0]?.meanP).toBeCloseTo(0.2, 12);
    expect(bins[0]?.meanX).toBeCloseTo(0.05 / 3, 12);
    expect(bins[1]?.meanX).toBeCloseTo(0.35, 12);
    expect(bins[1]?.meanP).toBeCloseTo(0.6, 12);
    // x = 1 belongs to the last bin, not to an eleventh.
    expect(bins[2]?.to).toBe(1);
    // Every pixel is counted once.
    expect(bins.reduce((n, b) => n + b.pixels, 0)).toBe(x.length);
  });

  it('skips pixels whose p is not finite and survives a junk bin count', () => {
    const bins = binByPropensity([0.5, 0.5], [Number.NaN, 0.4], Number.NaN);
    expect(bins).toHaveLength(1);
    expect(bins[0]?.pixels).toBe(1);
    expect(bins[0]?.meanP).toBeCloseTo(0.4, 12);
    expect(binByPropensity([], [], 10)).toEqual([]);
  });

  it('shows full CE when compared, else the first model', () => {
    expect(panelModel(['partial', 'full'])).toEqual({ id: 'full', index: 1 });
    expect(panelModel(['partial', 'oracle'])).toEqual({ id: 'partial', index: 0 });
    expect(panelModel([])).toBeNull();
  });
});

describe('chart reference lines', () => {
  const en = uiText('en');
  const meanP = metricSeries('meanPUnlabeledFg', en);

  it('draws only the coverage line when the blend is not compared', () => {
    const lines = referenceLines(meanP, 0.15, ['full', 'partial'], 0.5, en);
    expect(lines.map((l) => l.value)).toEqual([0.15]);
    expect(lines[0]?.label).toBe('c = 0.15');
  });

  it('adds the λ equilibrium in the blend colour when the blend is compared', () => {
    const lines = referenceLines(meanP, 0.15, ['full', 'blend', 'partial'], 0.5, en);
    expect(lines).toHaveLength(2);
    const eq = lines[1];
    expect(eq?.value).toBeCloseTo(blendEquilibrium(0.15, 0.5) as number, 12);
    expect(eq?.label).toMatch(/^λ equilibrium \(SCAR\)/);
    expect(eq?.stroke).toBeDefined();
    expect(eq?.dash).not.toBe(lines[0]?.dash);
    expect(eq?.description).toContain('λ = 0.50');
  });

  it('keeps the other charts as they were', () => {
    expect(referenceLines(metricSeries('recallUnlabeledFg', en), 0.15, ['full', 'blend'], 0.5, en)).toEqual([]);
    // Without a coverage (no ground truth) there is nothing to draw.
    expect(referenceLines(meanP, null, ['full', 'blend'], 0.5, en)).toEqual([]);
    // λ = 0 with c = 0 has no equilibrium: the coverage line alone, no NaN.
    const none = referenceLines(meanP, 0, ['blend'], 0, en);
    expect(none.map((l) => l.value)).toEqual([0]);
  });
});

describe('chart words in Chinese', () => {
  it('labels the reference lines from the zh-cn catalog', () => {
    const zh = uiText('zh-cn');
    const lines = referenceLines(metricSeries('meanPUnlabeledFg', zh), 0.15, ['blend'], 0.5, zh);
    expect(lines[0]?.description).toBe('覆盖率 c = 0.15');
    expect(lines[1]?.label).toMatch(/^λ 平衡点（SCAR）= /);
    expect(metricSeries('iou', zh).title).toBe('与真值的 IoU');
  });
});
