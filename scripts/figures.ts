/**
 * `npm run figures`: run the lab in Node and write the data behind the site's static
 * figures to `src/data/figures/` (JSON, and PNG panels of one scene). The output is
 * committed, so `npm run build` never retrains; rerun this after changing `src/lab/`.
 *
 * Every run states its settings and seed in the JSON, and the captions repeat them.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import type { LossId } from '../src/lab/catalog';
import { buildDataset } from '../src/lab/dataset';
import { BACKGROUND, FOREGROUND, labelStats } from '../src/lab/labels';
import { defaultSettings, serializeSettings, withSettings, type Settings } from '../src/lab/settings';
import { LockstepTrainer, type Snapshot } from '../src/lab/train';
import { LABEL_RGB } from '../src/widgets/shared/draw';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'data', 'figures');
const SEEDS = [1, 2, 3];
/** Steps for the coverage sweep: the default curves have flattened by step 200. */
const SWEEP_STEPS = 300;
/** Steps for the runs the prose quotes (the same as tests/unit/phenomena.test.ts). */
const RUN_STEPS = 400;
const CURVE_EVERY = 10;
const SWEEP_DENSITIES = [0.03, 0.05, 0.08, 0.12, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];
const PRIOR_SWEEP = [0.1, 0.2, 0.28, 0.4, 0.5];
/** Upscaling of the 32×32 scene panels, nearest neighbour. */
const PANEL_SCALE = 8;
const toHex = (rgb: readonly number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
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
    recallUnlabeledFg: round(m.metrics.recallUnlabeledFg),
    meanPUnlabeledFg: round(m.metrics.meanPUnlabeledFg),
    bgFpr: round(m.metrics.bgFpr),
    iou: round(m.metrics.iou),
    predictedFgShare: round(m.metrics.predictedFgShare),
  }));
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

/** Train one lockstep run, with optional snapshots every `every` steps. */
function run(settings: Settings, steps: number, every = 0): { final: Snapshot; curve: Snapshot[] } {
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
  trainer.dispose();
  return { final, curve };
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

/** Chapter 3: a seeded sweep over label density, full CE vs partial CE (oracle for reference). */
function coverageSweep(): void {
  const points = [];
  for (const seed of SEEDS) {
    for (const density of SWEEP_DENSITIES) {
      const settings = settingsWith({ seed, density });
      const { final } = run(settings, SWEEP_STEPS);
      points.push({
        seed,
        density,
        labelDensity: round(final.labelDensity),
        coverage: round(final.coverage),
        models: rows(final),
      });
      console.log(`sweep seed ${seed} density ${density}: c=${final.coverage?.toFixed(3)}`);
    }
  }
  write('coverage-sweep.json', {
    steps: SWEEP_STEPS,
    seeds: SEEDS,
    densities: SWEEP_DENSITIES,
    settings: serializeSettings(settingsWith({})),
    points,
  });
}

/** Chapter 4: foreground-only labels. Partial CE (with background scribbles) beside partial-fg and nnPU. */
function foregroundOnly(): void {
  const losses: LossId[] = ['partial', 'partial-fg', 'nnpu'];
  const runs = SEEDS.map((seed) => {
    const prior = buildDataset(settingsWith({ seed })).scene?.prior as number;
    const settings = settingsWith({ seed, losses, prior: Math.round(prior * 100) / 100 });
    const { final } = run(settings, RUN_STEPS);
    console.log(`fg-only seed ${seed} prior ${settings.prior}`, rows(final));
    return { seed, truePrior: round(prior), prior: settings.prior, settings: serializeSettings(settings), final: rows(final) };
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
  const jobs: Record<string, () => void> = { scene: sceneFigure, defaults: defaultRuns, sweep: coverageSweep, fg: foregroundOnly };
  for (const [name, job] of Object.entries(jobs)) if (only.length === 0 || only.includes(name)) job();
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s on ${tf.getBackend()}`);
}

await main();
