/**
 * `npx vite-node scripts/lab-presets.ts`: trains every Lab preset (and the one-change
 * variants the Lab page suggests) with the lab's own code and writes what they show to
 * `src/data/lab/presets.json`, which the page quotes. Rerun after changing `src/core/`.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '../src/worker/wasm-kernels';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildDataset } from '../src/core/dataset';
import { PRESET_METRICS } from '../src/core/metric-table';
import { type Settings, serializeSettings, withSettings } from '../src/core/settings';
import { LockstepTrainer, type Snapshot } from '../src/core/train';
import { PRESETS, presetSettings } from '../src/lab-page/presets';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'data', 'lab');
const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(x.toFixed(3)));

/** The metrics of every model at each checkpoint. */
function measure(settings: Settings, checkpoints: number[]) {
  const data = buildDataset(settings);
  const trainer = new LockstepTrainer(data, settings);
  const at: Record<string, unknown>[] = [];
  let done = 0;
  for (const step of checkpoints) {
    const snap: Snapshot = trainer.advance(step - done);
    done = step;
    at.push({
      step,
      models: snap.models.map((m) => ({
        loss: m.id,
        ...Object.fromEntries(PRESET_METRICS.map((id) => [id, round(m.metrics[id])])),
      })),
    });
  }
  trainer.dispose();
  return {
    settings: serializeSettings(settings),
    labelDensity: round(data.stats.density),
    coverage: round(data.stats.coverage),
    truePrior: round(data.scene?.prior),
    at,
  };
}

const variants: Record<string, Record<string, Partial<Settings>>> = {
  suppression: { density40: { density: 0.4 } },
  collapse: { backgroundOff: { background: false, losses: ['partial', 'oracle'] } },
  nnpu: { prior50: { prior: 0.5 }, prior10: { prior: 0.1 } },
  normaliser: { lrTimesDensity: { lr: 0.0005 }, density50: { density: 0.5 }, adam: { optimizer: 'adam' } },
};

await tf.setBackend('wasm');
const out: Record<string, unknown> = {};
for (const preset of PRESETS) {
  const base = presetSettings(preset);
  const checkpoints = [25, 50, 100, 200].filter((s) => s <= preset.steps);
  const entry: Record<string, unknown> = { steps: preset.steps, run: measure(base, checkpoints), variants: {} };
  for (const [name, patch] of Object.entries(variants[preset.id] ?? {})) {
    (entry.variants as Record<string, unknown>)[name] = measure(withSettings(base, patch).settings, checkpoints);
  }
  out[preset.id] = entry;
  console.log(preset.id, JSON.stringify(entry).slice(0, 400));
}
mkdirSync(OUT, { recursive: true });
writeFileSync(
  join(OUT, 'presets.json'),
  `${JSON.stringify({ backend: tf.getBackend(), seed: 1, presets: out }, null, 1)}\n`,
);
console.log('wrote src/data/lab/presets.json');
