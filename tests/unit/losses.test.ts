import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS, type LossId } from '../../src/core/catalog';
import {
  checkLoss,
  evaluateLoss,
  LOSSES,
  type LossParams,
  type LossTarget,
  lossWithClosedFormGradient,
} from '../../src/core/losses';
import { kernelFromMatrices } from '../../src/core/pairwise';
import { Rng } from '../../src/core/random';
import { useBackend } from './backend';

/** A random problem: logits, ground truth and a weak-label mask with `labeled` pixels. */
interface Case {
  name: string;
  logits: number[];
  truth: number[];
  mask: number[];
  foreground: number[];
}

function makeCase(name: string, n: number, labeled: number, seed: number, scale = 3): Case {
  const rng = new Rng(seed, name);
  const logits = Array.from({ length: n }, () => rng.normal() * scale);
  const truth = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  // The first labeled pixel is always foreground, so every loss is defined when labeled ≥ 1.
  const fgFirst = [...order.filter((i) => truth[i] === 1), ...order.filter((i) => truth[i] === 0)];
  const chosen = new Set(fgFirst.slice(0, 1).concat(order.filter((i) => i !== fgFirst[0]).slice(0, labeled - 1)));
  if (labeled === 0) chosen.clear();
  const mask = truth.map((_, i) => (chosen.has(i) ? 1 : 0));
  const foreground = truth.map((t, i) => (chosen.has(i) && t === 1 ? 1 : 0));
  return { name, logits, truth, mask, foreground };
}

/**
 * A pairwise kernel for a case: its pixels split into two "images", each with a random
 * symmetric affinity in [0, 1) and a zero diagonal, drawn from the case's name.
 */
function caseKernel(c: Case) {
  const images = 2;
  const n = c.logits.length / images;
  const rng = new Rng(7, `kernel ${c.name}`);
  const w = new Float32Array(images * n * n);
  for (let b = 0; b < images; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = rng.next();
        w[b * n * n + i * n + j] = v;
        w[b * n * n + j * n + i] = v;
      }
    }
  }
  return kernelFromMatrices(tf.tensor3d(w, [images, n, n]), [c.logits.length]);
}

function target(c: Case): LossTarget {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return {
    mask: tf.tensor1d(c.mask),
    foreground: tf.tensor1d(c.foreground),
    truth: tf.tensor1d(c.truth),
    counts: { pixels: c.logits.length, labeled: sum(c.mask), foregroundLabeled: sum(c.foreground), hasTruth: true },
    pairwise: caseKernel(c),
  };
}

const CASES: Case[] = [
  makeCase('all labeled', 24, 24, 1),
  makeCase('one labeled', 24, 1, 2),
  makeCase('some labeled', 24, 7, 3),
  makeCase('some labeled, large logits', 24, 7, 4, 30),
];

/** Two settings of every loss parameter (the kernel widths are read by the trainer, not the losses). */
const PARAMS: LossParams[] = [
  { lambda: 0.3, prior: 0.1, crfWeight: 2, ncutWeight: 0.5, sigmaXy: 4, sigmaIntensity: 0.3 },
  { lambda: 0.8, prior: 0.7, crfWeight: 7, ncutWeight: 1.5, sigmaXy: 4, sigmaIntensity: 0.3 },
];

/** Central differences of `f` at `logits`, one pixel at a time. */
function finiteDifferences(f: (z: number[]) => number, logits: number[], eps: number): number[] {
  return logits.map((_, i) => {
    const up = logits.slice();
    const down = logits.slice();
    up[i] = (up[i] as number) + eps;
    down[i] = (down[i] as number) - eps;
    return (f(up) - f(down)) / (2 * eps);
  });
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

beforeAll(() => useBackend('cpu'));

describe.each(LOSS_IDS)('loss %s', (id: LossId) => {
  const def = LOSSES[id];

  describe.each(CASES)('$name', (c) => {
    it.each(PARAMS)('closed-form gradient equals autodiff within 1e-5 (λ=$lambda, π=$prior)', (params) => {
      tf.tidy(() => {
        const t = target(c);
        const z = tf.tensor1d(c.logits);
        const closed = def.gradLogits(z, t, params).dataSync();
        const auto = tf
          .grad((x: tf.Tensor) => def.value(x, t, params))(z)
          .dataSync();
        expect(Array.from(closed).every(Number.isFinite)).toBe(true);
        expect(maxAbsDiff(closed, auto)).toBeLessThan(1e-5);
      });
    });

    it.each(PARAMS)('closed-form gradient equals central finite differences (λ=$lambda, π=$prior)', (params) => {
      // float32 values: with ε = 1e-2 the rounding error of one difference is ~1e-5,
      // the truncation error O(ε²) smaller still; 2e-4 leaves a margin for both.
      const eps = 1e-2;
      tf.tidy(() => {
        const t = target(c);
        const closed = def.gradLogits(tf.tensor1d(c.logits), t, params).dataSync();
        const at = (z: number[]) => def.value(tf.tensor1d(z), t, params).dataSync()[0] as number;
        const numeric = finiteDifferences(at, c.logits, eps);
        expect(maxAbsDiff(closed, numeric)).toBeLessThan(2e-4);
      });
    });
  });

  it('is finite for logits of ±80 (stable on logits, no log σ(z))', () => {
    tf.tidy(() => {
      const c = makeCase('extreme', 12, 6, 9, 80);
      const value = def.value(tf.tensor1d(c.logits), target(c), PARAMS[0] as LossParams).dataSync()[0] as number;
      expect(Number.isFinite(value)).toBe(true);
    });
  });

  it('backpropagates its closed form through lossWithClosedFormGradient', () => {
    tf.tidy(() => {
      const c = CASES[2] as Case;
      const t = target(c);
      const params = PARAMS[1] as LossParams;
      const z = tf.tensor1d(c.logits);
      const viaOp = tf
        .grad((x: tf.Tensor) => lossWithClosedFormGradient(id, t, params)(x))(z)
        .dataSync();
      expect(maxAbsDiff(viaOp, def.gradLogits(z, t, params).dataSync())).toBe(0);
    });
  });
});

describe('nnPU', () => {
  const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  /** R_U⁻ − π R_P⁻ in float64: the term that max(0, ·) clips. */
  const negativeRisk = (c: Case, prior: number) => {
    const all = c.logits.reduce((s, z) => s + softplus(z), 0) / c.logits.length;
    const nP = c.foreground.reduce((s, v) => s + v, 0);
    const positive = c.logits.reduce((s, z, i) => s + (c.foreground[i] as number) * softplus(z), 0) / nP;
    return all - prior * positive;
  };
  // Positives far more confident than the rest push R_U⁻ − π R_P⁻ below zero.
  const confident = makeCase('confident positives', 24, 8, 6, 1);
  confident.logits = confident.logits.map((z, i) => (confident.foreground[i] === 1 ? 6 + z : z - 2));

  it('is checked on both sides of the non-negative correction, well clear of the kink', () => {
    expect(negativeRisk(CASES[2] as Case, 0.1)).toBeGreaterThan(0.01);
    expect(negativeRisk(confident, 0.7)).toBeLessThan(-0.01);
  });

  it('matches autodiff and finite differences where the correction clips', () => {
    const params = { ...(PARAMS[0] as LossParams), lambda: 0, prior: 0.7 };
    tf.tidy(() => {
      const t = target(confident);
      const z = tf.tensor1d(confident.logits);
      const closed = LOSSES.nnpu.gradLogits(z, t, params).dataSync();
      const auto = tf
        .grad((x: tf.Tensor) => LOSSES.nnpu.value(x, t, params))(z)
        .dataSync();
      expect(maxAbsDiff(closed, auto)).toBeLessThan(1e-5);
      const at = (v: number[]) => LOSSES.nnpu.value(tf.tensor1d(v), t, params).dataSync()[0] as number;
      const numeric = finiteDifferences(at, confident.logits, 1e-2);
      expect(maxAbsDiff(closed, numeric)).toBeLessThan(2e-4);
    });
  });
});

describe('partial CE', () => {
  it('has a gradient of exactly zero on every unlabeled pixel', () => {
    for (const c of CASES) {
      tf.tidy(() => {
        const grad = LOSSES.partial.gradLogits(tf.tensor1d(c.logits), target(c), PARAMS[0] as LossParams).dataSync();
        c.mask.forEach((m, i) => {
          if (m === 0) expect(grad[i]).toBe(0);
          else expect(grad[i]).not.toBe(0);
        });
      });
    }
  });

  it('equals the mask-strength blend at λ=0, and full CE equals it at λ=1', () => {
    tf.tidy(() => {
      const c = CASES[2] as Case;
      const t = target(c);
      const z = tf.tensor1d(c.logits);
      const value = (id: LossId, lambda: number) =>
        LOSSES[id].value(z, t, { ...(PARAMS[0] as LossParams), lambda, prior: 0.3 }).dataSync()[0] as number;
      expect(value('blend', 0)).toBeCloseTo(value('partial', 0), 6);
      expect(value('blend', 1)).toBeCloseTo(value('full', 1), 6);
    });
  });
});

describe('nothing labeled', () => {
  const none = makeCase('none labeled', 24, 0, 5);

  it.each(LOSS_IDS.filter((id) => id !== 'oracle'))('%s returns a typed error, not NaN', (id) => {
    tf.tidy(() => {
      const outcome = evaluateLoss(id, tf.tensor1d(none.logits), target(none), PARAMS[0] as LossParams);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe('nothing-labeled');
        expect(outcome.error.loss).toBe(id);
        expect(outcome.error.message).toMatch(/label/);
      }
    });
  });

  it('leaves the oracle defined, and its gradient finite', () => {
    tf.tidy(() => {
      const outcome = evaluateLoss('oracle', tf.tensor1d(none.logits), target(none), PARAMS[0] as LossParams);
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect(Array.from(outcome.grad.dataSync()).every(Number.isFinite)).toBe(true);
    });
  });

  it('reports background-only labels to the losses that need foreground labels', () => {
    const counts = { pixels: 10, labeled: 3, foregroundLabeled: 0, hasTruth: false };
    expect(checkLoss('nnpu', counts)?.code).toBe('no-foreground-labels');
    expect(checkLoss('partial-fg', counts)?.code).toBe('no-foreground-labels');
    expect(checkLoss('partial', counts)).toBeNull();
    expect(checkLoss('oracle', counts)?.code).toBe('no-ground-truth');
  });
});
