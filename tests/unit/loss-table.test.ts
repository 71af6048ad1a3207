import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LOSS_IDS,
  LOSS_INFO,
  LOSS_PARAM_KEYS,
  type LossParams,
  lossesRequiring,
  lossesWantingBothClasses,
  lossParams,
} from '../../src/core/catalog';
import { checkLoss, type LabelCounts, LOSSES, type LossTarget } from '../../src/core/losses';
import { bilateralKernel } from '../../src/core/pairwise';
import { Rng } from '../../src/core/random';
import { defaultSettings, SCHEMA } from '../../src/core/settings';
import { useBackend } from './backend';

beforeAll(() => useBackend('cpu'));

/**
 * A small problem where every loss is defined: one 6 × 6 image, both classes labeled, truth
 * known, and the image's pairwise kernel built with `params`' widths, as the trainer does.
 */
function problem(params: LossParams): { logits: tf.Tensor4D; target: LossTarget } {
  const rng = new Rng(5).fork('loss-table');
  const side = 6;
  const n = side * side;
  const shape: [number, number, number, number] = [1, side, side, 1];
  const truth = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const mask = truth.map((_, i) => (i % 4 === 0 ? 1 : 0));
  const image = tf.tensor4d(
    truth.map((t) => t + 0.3 * rng.normal()),
    shape,
  );
  return {
    logits: tf.tensor4d(
      Array.from({ length: n }, () => 2 * rng.normal()),
      shape,
    ),
    target: {
      mask: tf.tensor4d(mask, shape),
      foreground: tf.tensor4d(
        mask.map((m, i) => m * (truth[i] as number)),
        shape,
      ),
      truth: tf.tensor4d(truth, shape),
      counts: { pixels: n, labeled: 9, foregroundLabeled: 3, hasTruth: true },
      pairwise: bilateralKernel(image, params),
    },
  };
}

const lossValueOf = (id: (typeof LOSS_IDS)[number], params: LossParams) =>
  tf.tidy(() => {
    const { logits, target } = problem(params);
    return LOSSES[id].value(logits, target, params).dataSync()[0] as number;
  });

describe('the loss table declares what each loss needs', () => {
  it('names every parameter as a numeric setting of the schema, each once', () => {
    expect(new Set(LOSS_PARAM_KEYS).size).toBe(LOSS_PARAM_KEYS.length);
    expect([...LOSS_PARAM_KEYS].sort()).toEqual([...new Set(LOSS_IDS.flatMap((id) => LOSS_INFO[id].params))].sort());
    for (const key of LOSS_PARAM_KEYS) expect(SCHEMA[key].kind, key).toBe('number');
    const settings = defaultSettings();
    expect(lossParams(settings)).toEqual(Object.fromEntries(LOSS_PARAM_KEYS.map((k) => [k, settings[k]])));
  });

  it.each(LOSS_IDS)('%s reads exactly the parameters it declares', (id) => {
    const base = lossParams(defaultSettings());
    const before = lossValueOf(id, base);
    for (const key of LOSS_PARAM_KEYS) {
      const moved = { ...base, [key]: SCHEMA[key].min + 0.37 * (SCHEMA[key].max - SCHEMA[key].min) };
      const changed = Math.abs(lossValueOf(id, moved) - before) > 1e-6;
      expect(changed, `${id} and ${key}`).toBe(LOSS_INFO[id].params.includes(key as never));
    }
  });

  it.each(LOSS_IDS)('%s is refused exactly when its requirement is missing', (id) => {
    const ok: LabelCounts = { pixels: 10, labeled: 4, foregroundLabeled: 2, hasTruth: true };
    const cases: [LabelCounts, boolean][] = [
      [ok, false],
      [{ ...ok, hasTruth: false }, LOSS_INFO[id].requires === 'truth'],
      [{ ...ok, labeled: 0, foregroundLabeled: 0 }, LOSS_INFO[id].requires !== 'truth'],
      [{ ...ok, foregroundLabeled: 0 }, LOSS_INFO[id].requires === 'foreground-labels'],
    ];
    for (const [counts, refused] of cases) expect(checkLoss(id, counts) !== null, JSON.stringify(counts)).toBe(refused);
    expect(LOSSES[id].requires).toBe(LOSS_INFO[id].requires);
    expect(LOSS_INFO[id].needsTruth).toBe(LOSS_INFO[id].requires === 'truth');
  });

  it('lists the losses by requirement for the interface', () => {
    // Known members only, so that a new loss does not have to edit this test.
    expect(lossesRequiring('foreground-labels')).toEqual(expect.arrayContaining(['partial-fg', 'nnpu']));
    expect(lossesRequiring('truth')).toContain('oracle');
    expect(lossesRequiring('labels')).not.toContain('oracle');
    expect(lossesWantingBothClasses()).toContain('partial');
    expect(lossesWantingBothClasses()).not.toContain('full');
    const all = [...lossesRequiring('labels'), ...lossesRequiring('foreground-labels'), ...lossesRequiring('truth')];
    expect(all.sort()).toEqual([...LOSS_IDS].sort());
    for (const id of LOSS_IDS) expect(LOSS_INFO[id].inText.length, id).toBeGreaterThan(0);
  });
});
