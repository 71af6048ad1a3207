import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/train';
import { forDrawing } from '../../src/widgets/shared/charts';

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, models: [] }) as unknown as Snapshot);

describe('the points a live chart draws', () => {
  it('are all the records while they fit the width', () => {
    const short = records(300);
    expect(forDrawing(short, 440)).toBe(short);
  });

  it('are at most one per pixel, evenly spaced, with the first and the last step', () => {
    const drawn = forDrawing(records(4000), 440);
    expect(drawn).toHaveLength(440);
    expect(drawn[0]?.step).toBe(1);
    expect(drawn.at(-1)?.step).toBe(4000);
    const gaps = drawn.slice(1).map((r, i) => r.step - (drawn[i] as Snapshot).step);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });
});
