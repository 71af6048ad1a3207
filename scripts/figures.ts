/**
 * `npm run figures`: run the lab in Node and write the data behind the site's static
 * figures to `src/data/figures/` (JSON, and PNG panels of one scene). The output is
 * committed, so `npm run build` never retrains; rerun this after changing `src/core/`.
 *
 * Every run states its settings and seed in the JSON, and the captions repeat them.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '../src/worker/wasm-kernels';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import type { LossId } from '../src/core/catalog';
import { buildDataset } from '../src/core/dataset';
import { BACKGROUND, borderRing, FOREGROUND, labelStats, UNLABELED } from '../src/core/labels';
import { FIGURE_HELD_OUT, FIGURE_METRICS, heldOutId } from '../src/core/metric-table';
import { blendEquilibrium, estimatePropensity } from '../src/core/propensity';
import { defaultSettings, type LabelType, type Settings, serializeSettings, withSettings } from '../src/core/settings';
import { LockstepTrainer, type Snapshot } from '../src/core/train';
import { LABEL_RGB } from '../src/styles/palette';
import { borderGap } from './figures-border';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'data', 'figures');
const SEEDS = [1, 2, 3];
/** Steps for the coverage sweep: the default curves have flattened by step 200. */
const SWEEP_STEPS = 300;
/** Steps for the runs the prose quotes (the same as tests/unit/phenomena.test.ts). */
const RUN_STEPS = 400;
const CURVE_EVERY = 10;
const SWEEP_DENSITIES = [0.03, 0.05, 0.08, 0.12, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];
/** The labeling modes the sweep compares: labels selected completely at random, and strokes. */
const SWEEP_MODES: LabelType[] = ['scar', 'scribbles'];
/** Every labeling mode, compared at the default density. */
const ALL_MODES: LabelType[] = ['scar', 'scribbles', 'clicks', 'skeleton'];
/** Label draws behind each propensity estimate. */
const PROPENSITY_DRAWS = 100;
/** Mask strengths of the λ sweep; c/(1 − c) ≈ 0.18 at the default coverage is where SCAR theory puts the 0.5 crossing. */
const LAMBDA_SWEEP = [0, 0.05, 0.1, 0.18, 0.25, 0.5, 1];
const PRIOR_SWEEP = [0.1, 0.2, 0.28, 0.4, 0.5];
/** Upscaling of the 32×32 scene panels, nearest neighbour. */
const PANEL_SCALE = 8;
const toHex = (rgb: readonly number[]) =>
  `#${rgb
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
/** Colours of weak labels in the scene panels: the same as the widgets' label overlays. */
const LABEL_COLORS = { foreground: toHex(LABEL_RGB.foreground), background: toHex(LABEL_RGB.background) } as const;

const settingsWith = (patch: Partial<Settings>): Settings => withSettings(defaultSettings(), patch).settings;

function write(name: string, data: unknown): void {
  writeFileSync(join(OUT, name), `${JSON.stringify(data, null, 1)}\n`);
  console.log(`wrote src/data/figures/${name}`);
}

const round = (x: number | null, digits = 4) => (x === null ? null : Number(x.toFixed(digits)));

/** The per-loss metrics of a snapshot, rounded for a small committed file. */
function rows(snapshot: Snapshot) {
  return snapshot.models.map((m) => ({
    loss: m.id,
    ...Object.fromEntries(FIGURE_METRICS.map((id) => [id, round(m.metrics[id])])),
    ...Object.fromEntries(FIGURE_HELD_OUT.map((id) => [heldOutId(id), round(m.heldOut?.[id] ?? null)])),
  }));
}

/** Mean of `values` over the pixels where `include` is true; null when there are none. */
function meanWhere(values: ArrayLike<number>, include: (i: number) => boolean): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!include(i)) continue;
    sum += values[i] as number;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Area under the ROC curve of `scores` separating positives from negatives (Mann–Whitney, ties count half). */
function auc(
  scores: ArrayLike<number>,
  positive: (i: number) => boolean,
  negative: (i: number) => boolean,
): number | null {
  const items: { s: number; pos: boolean }[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (positive(i)) items.push({ s: scores[i] as number, pos: true });
    else if (negative(i)) items.push({ s: scores[i] as number, pos: false });
  }
  items.sort((a, b) => a.s - b.s);
  let nPos = 0;
  let rankSum = 0;
  for (let k = 0; k < items.length; ) {
    let j = k;
    while (j < items.length && (items[j] as { s: number }).s === (items[k] as { s: number }).s) j++;
    const midRank = (k + 1 + j) / 2;
    for (let t = k; t < j; t++)
      if ((items[t] as { pos: boolean }).pos) {
        nPos++;
        rankSum += midRank;
      }
    k = j;
  }
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Full CE's probability map read as Elkan and Noto do: its ranking (AUC of unlabeled
 * foreground against background), the estimate ĉ = mean p on labeled foreground, and the
 * repaired prediction p/ĉ ≥ 0.5 scored like the others.
 */
function fullCeAnalysis(trainer: LockstepTrainer) {
  const k = trainer.losses.indexOf('full');
  if (k < 0) return null;
  const { labels, truth } = trainer.data;
  if (!truth) return null;
  const p = trainer.maps().probabilities[k] as Float32Array;
  const unlabeledFg = (i: number) => truth[i] === 1 && labels[i] === UNLABELED;
  const bg = (i: number) => truth[i] === 0;
  const cHat = meanWhere(p, (i) => labels[i] === FOREGROUND);
  if (cHat === null || cHat <= 0) return null;
  const repaired = (i: number) => (p[i] as number) / cHat >= 0.5;
  let tp = 0;
  let ufg = 0;
  let hitUfg = 0;
  let predAll = 0;
  let fg = 0;
  let fp = 0;
  let nBg = 0;
  for (let i = 0; i < p.length; i++) {
    const pred = repaired(i);
    if (pred) predAll++;
    if (truth[i] === 1) {
      fg++;
      if (pred) tp++;
    } else {
      nBg++;
      if (pred) fp++;
    }
    if (unlabeledFg(i)) {
      ufg++;
      if (pred) hitUfg++;
    }
  }
  return {
    auc: round(auc(p, unlabeledFg, bg)),
    cHat: round(cHat),
    repairedRecallUnlabeledFg: round(ufg > 0 ? hitUfg / ufg : null),
    repairedBgFpr: round(nBg > 0 ? fp / nBg : null),
    repairedIou: round(fg + predAll - tp > 0 ? tp / (fg + predAll - tp) : null),
  };
}

/** Mean labeling propensity e(x) on interior and border-ring foreground, by Monte Carlo. */
function propensityOf(settings: Settings) {
  const data = buildDataset(settings);
  const truth = data.truth as Uint8Array;
  const ring = borderRing(truth, data.size);
  const { rate } = estimatePropensity(truth, data.size, settings, settings.seed, PROPENSITY_DRAWS);
  return {
    draws: PROPENSITY_DRAWS,
    interior: round(meanWhere(rate, (i) => truth[i] === 1 && ring[i] === 0)),
    border: round(meanWhere(rate, (i) => ring[i] === 1)),
    foreground: round(meanWhere(rate, (i) => truth[i] === 1)),
    borderShare: round(meanWhere(ring, (i) => truth[i] === 1)),
  };
}

/** Write one image of the scene as an upscaled PNG; `pixel` gives the colour of each pixel. */
function panel(name: string, size: number, pixel: (i: number) => [number, number, number]): void {
  const side = size * PANEL_SCALE;
  const png = new PNG({ width: side, height: side, colorType: 2 });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [r, g, b] = pixel(Math.floor(y / PANEL_SCALE) * size + Math.floor(x / PANEL_SCALE));
      const o = (y * side + x) * 4;
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = 255;
    }
  }
  writeFileSync(join(OUT, name), PNG.sync.write(png, { colorType: 2 }));
  console.log(`wrote src/data/figures/${name}`);
}

/** Chapter 1: one image of the default scene, its truth, and its scribbles at two densities. */
function sceneFigure(): void {
  const seed = 1;
  const densities = [0.15, 0.4];
  const base = settingsWith({ seed });
  const data = buildDataset(base);
  const { size } = data;
  const area = size * size;
  const gray = (i: number) => {
    const v = Math.round(Math.min(1, Math.max(0, ((data.images[i] as number) + 1.5) / 3)) * 255);
    return v;
  };
  panel('scene-image.png', size, (i) => {
    const v = gray(i);
    return [v, v, v];
  });
  panel('scene-truth.png', size, (i) => (data.truth?.[i] ? [235, 235, 235] : [40, 40, 40]));
  const fg = [...LABEL_RGB.foreground] as [number, number, number];
  const bg = [...LABEL_RGB.background] as [number, number, number];
  const labelPanels = densities.map((density) => {
    const labeled = buildDataset(settingsWith({ seed, density }));
    const name = `scene-labels-${density.toFixed(2)}.png`;
    panel(name, size, (i) => {
      const l = labeled.labels[i];
      if (l === FOREGROUND) return fg;
      if (l === BACKGROUND) return bg;
      const v = Math.round(gray(i) * 0.55 + 40);
      return [v, v, v];
    });
    const first = labelStats(labeled.labels.subarray(0, area), labeled.truth?.subarray(0, area) ?? null);
    return {
      density,
      file: name,
      image: { labelDensity: round(first.density), coverage: round(first.coverage) },
      dataset: { labelDensity: round(labeled.stats.density), coverage: round(labeled.stats.coverage) },
    };
  });
  const truth0 = data.truth?.subarray(0, area) ?? new Uint8Array();
  write('scene.json', {
    seed,
    image: 0,
    size,
    scale: PANEL_SCALE,
    settings: serializeSettings(base),
    foregroundShareOfImage: round(truth0.reduce((s, v) => s + v, 0) / area),
    prior: round(data.scene?.prior ?? null),
    labelColors: LABEL_COLORS,
    panels: { image: 'scene-image.png', truth: 'scene-truth.png' },
    labels: labelPanels,
  });
}

/** Train one lockstep run, with optional snapshots every `every` steps; `inspect` sees the trained models. */
function run<T = null>(
  settings: Settings,
  steps: number,
  every = 0,
  inspect?: (trainer: LockstepTrainer) => T,
): { final: Snapshot; curve: Snapshot[]; inspected: T | null } {
  const trainer = new LockstepTrainer(buildDataset(settings), settings);
  const curve: Snapshot[] = [trainer.snapshot()];
  let final = curve[0] as Snapshot;
  if (every > 0) {
    for (let s = 0; s < steps; s += every) {
      final = trainer.advance(Math.min(every, steps - s));
      curve.push(final);
    }
  } else {
    final = trainer.advance(steps);
  }
  const inspected = inspect ? inspect(trainer) : null;
  trainer.dispose();
  return { final, curve, inspected };
}

/** Chapter 3: default runs over steps (the numbers the prose quotes come from their last step). */
function defaultRuns(): void {
  const runs = SEEDS.map((seed) => {
    const settings = settingsWith({ seed });
    const { final, curve } = run(settings, RUN_STEPS, CURVE_EVERY);
    console.log(`default seed ${seed}: c=${final.coverage?.toFixed(3)}`, rows(final));
    return {
      seed,
      settings: serializeSettings(settings),
      labelDensity: round(final.labelDensity),
      coverage: round(final.coverage),
      curve: curve.map((s) => ({ step: s.step, models: rows(s) })),
      final: rows(final),
    };
  });
  write('default-runs.json', { steps: RUN_STEPS, every: CURVE_EVERY, runs });
}

/**
 * Chapter 3: a seeded sweep over label density for labels selected completely at random
 * (SCAR) and for strokes: full CE vs partial CE (oracle for reference), full CE's ranking
 * and Elkan–Noto repair, and the measured labeling propensity behind each point.
 */
function coverageSweep(): void {
  const points = [];
  for (const labelType of SWEEP_MODES) {
    for (const seed of SEEDS) {
      for (const density of SWEEP_DENSITIES) {
        const settings = settingsWith({ seed, density, labelType });
        const { final, inspected } = run(settings, SWEEP_STEPS, 0, fullCeAnalysis);
        points.push({
          labelType,
          seed,
          density,
          labelDensity: round(final.labelDensity),
          coverage: round(final.coverage),
          propensity: propensityOf(settings),
          fullCe: inspected,
          models: rows(final),
        });
        console.log(`sweep ${labelType} seed ${seed} density ${density}: c=${final.coverage?.toFixed(3)}`);
      }
    }
  }
  write('coverage-sweep.json', {
    steps: SWEEP_STEPS,
    seeds: SEEDS,
    densities: SWEEP_DENSITIES,
    labelTypes: SWEEP_MODES,
    settings: serializeSettings(settingsWith({})),
    points,
  });
}

/** Chapter 3: every labeling mode at the default density, with its measured propensity. */
function labelModes(): void {
  const runs = [];
  for (const labelType of ALL_MODES) {
    for (const seed of SEEDS) {
      const settings = settingsWith({ seed, labelType });
      const { final, inspected } = run(settings, RUN_STEPS, 0, fullCeAnalysis);
      runs.push({
        labelType,
        seed,
        settings: serializeSettings(settings),
        labelDensity: round(final.labelDensity),
        coverage: round(final.coverage),
        propensity: propensityOf(settings),
        fullCe: inspected,
        final: rows(final),
      });
      console.log(`mode ${labelType} seed ${seed}: c=${final.coverage?.toFixed(3)}`);
    }
  }
  write('label-modes.json', { steps: RUN_STEPS, seeds: SEEDS, labelTypes: ALL_MODES, runs });
}

/** Chapter 3: the mask-strength blend under SCAR labels against its predicted equilibrium c/(c + λ(1 − c)). */
function lambdaSweep(): void {
  const points = [];
  for (const seed of SEEDS) {
    for (const lambda of LAMBDA_SWEEP) {
      const settings = settingsWith({ seed, lambda, labelType: 'scar', losses: ['blend'] });
      const { final } = run(settings, RUN_STEPS);
      const c = final.coverage as number;
      points.push({
        seed,
        lambda,
        coverage: round(c),
        predicted: round(blendEquilibrium(c, lambda)),
        models: rows(final),
      });
      console.log(`λ sweep seed ${seed} λ=${lambda}: c=${c.toFixed(3)}`);
    }
  }
  write('lambda-sweep.json', { steps: RUN_STEPS, seeds: SEEDS, lambdas: LAMBDA_SWEEP, labelType: 'scar', points });
}

/** Chapter 4: foreground-only labels. Partial CE (with background scribbles) beside partial-fg and nnPU. */
function foregroundOnly(): void {
  const losses: LossId[] = ['partial', 'partial-fg', 'nnpu'];
  const runs = SEEDS.map((seed) => {
    const prior = buildDataset(settingsWith({ seed })).scene?.prior as number;
    const settings = settingsWith({ seed, losses, prior: Math.round(prior * 100) / 100 });
    const { final } = run(settings, RUN_STEPS);
    console.log(`fg-only seed ${seed} prior ${settings.prior}`, rows(final));
    return {
      seed,
      truePrior: round(prior),
      prior: settings.prior,
      settings: serializeSettings(settings),
      final: rows(final),
    };
  });
  const priorSweep = [];
  for (const seed of SEEDS) {
    for (const prior of PRIOR_SWEEP) {
      const settings = settingsWith({ seed, losses: ['nnpu'], prior });
      const { final } = run(settings, RUN_STEPS);
      priorSweep.push({ seed, prior, final: rows(final) });
      console.log(`prior sweep seed ${seed} π=${prior}`);
    }
  }
  write('foreground-only.json', { steps: RUN_STEPS, seeds: SEEDS, runs, priorSweep });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('the tfjs WASM backend did not initialise');
  const t0 = performance.now();
  const only = process.argv.slice(2);
  const jobs: Record<string, () => void> = {
    scene: sceneFigure,
    defaults: defaultRuns,
    sweep: coverageSweep,
    modes: labelModes,
    lambda: lambdaSweep,
    fg: foregroundOnly,
    border: () => borderGap({ seeds: SEEDS, steps: RUN_STEPS, write, round }),
  };
  for (const [name, job] of Object.entries(jobs)) if (only.length === 0 || only.includes(name)) job();
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s on ${tf.getBackend()}`);
}

await main();
