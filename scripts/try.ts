import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { buildDataset } from '../src/lab/dataset';
import { parseSettings } from '../src/lab/settings';
import { LockstepTrainer } from '../src/lab/train';
await tf.setBackend('wasm');
const hash = process.argv[2] ?? '';
const steps = Number(process.argv[3] ?? 400);
for (const seed of [1, 2, 3]) {
  const { settings } = parseSettings(hash + '&seed=' + seed);
  const data = buildDataset(settings);
  console.log('seed', seed, 'density', data.stats.density.toFixed(3), 'coverage', data.stats.coverage?.toFixed(3), 'prior', data.scene?.prior.toFixed(3));
  const tr = new LockstepTrainer(data, settings);
  const t0 = performance.now();
  for (let s = 0; s < steps; s += 100) {
    const snap = tr.advance(100);
    console.log(snap.step, snap.models.map((m) => `${m.id}: L=${m.loss?.toFixed(3)} rec=${m.metrics.recallUnlabeledFg?.toFixed(2)} mp=${m.metrics.meanPUnlabeledFg?.toFixed(2)} fpr=${m.metrics.bgFpr?.toFixed(2)} iou=${m.metrics.iou?.toFixed(2)}`).join(' | '));
  }
  console.log('ms/step', ((performance.now() - t0) / steps).toFixed(1), 'tensors', tf.memory().numTensors);
  tr.dispose();
}
