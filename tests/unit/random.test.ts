import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream', () => {
    expect(draw(new Rng(7, 'scene'), 50)).toEqual(draw(new Rng(7, 'scene'), 50));
  });

  it('gives different sequences for different seeds and different streams', () => {
    const base = draw(new Rng(7, 'scene'), 20);
    expect(draw(new Rng(8, 'scene'), 20)).not.toEqual(base);
    expect(draw(new Rng(7, 'labels'), 20)).not.toEqual(base);
    expect(draw(new Rng(7).fork('scene'), 20)).toEqual(base);
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const rng = new Rng(1);
    const u = Array.from({ length: 20000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b, 0) / u.length).toBeCloseTo(0.5, 1);
    const z = Array.from({ length: 20000 }, () => rng.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation of the input', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = new Rng(3).shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
