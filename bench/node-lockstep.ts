/**
 * `npm run bench`: the default lockstep experiment (full, partial, oracle) in Node on each
 * tfjs backend that runs here, beside a large matMul on the same backend.
 *
 * Prints ms per lockstep step (min / median / max of 60 timed steps after 15 warm-up
 * steps), the model FLOPs per step, the achieved GFLOP/s, the matMul GFLOP/s and the
 * ratio of the two. Each backend runs in its own process, because the WASM SIMD choice is
 * fixed when the backend first initialises.
 *
 * Then `tf.memory().numTensors` of one training worker's session at step 100 and at step
 * 10,000 of the default experiment (target: equal); `--tensor-steps N` sets the last step.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { buildDataset } from '../src/core/dataset';
import { trainingFlopsPerPixel } from '../src/core/model';
import { defaultSettings, serializeSettings } from '../src/core/settings';
import { LockstepTrainer } from '../src/core/train';
import { numberOption } from './args';
import { sessionTensorCounts, type TensorCounts } from './session-tensors';

const BACKENDS = ['wasm-simd', 'wasm', 'cpu'] as const;
type BenchBackend = (typeof BACKENDS)[number];
const WARMUP = 15;
const TIMED = 60;
/** Where the tensor counts are read: an early step, and the last (10,000 unless `--tensor-steps` says otherwise). */
const TENSOR_STEPS = [100, Math.round(numberOption('tensor-steps', 10_000))];

interface Figures {
  backend: BenchBackend;
  stepMs: { min: number; median: number; max: number };
  flopsPerStep: number;
  matmulGflops: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function start(backend: BenchBackend): Promise<void> {
  if (backend === 'wasm') tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  const ok = await tf.setBackend(backend === 'cpu' ? 'cpu' : 'wasm');
  if (!ok) throw new Error(`backend ${backend} did not initialise`);
  if (backend.startsWith('wasm')) {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    if (simd !== (backend === 'wasm-simd')) throw new Error(`${backend}: SIMD is ${simd}`);
  }
}

/** GFLOP/s of an n×n by n×n matMul: the practical ceiling of dense arithmetic here. */
function matmulGflops(n: number, reps: number): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  tf.matMul(a, b).dispose();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    times.push(performance.now() - t0);
    c.dispose();
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (median(times) * 1e6);
}

async function measure(backend: BenchBackend): Promise<Figures> {
  await start(backend);
  const settings = defaultSettings();
  const trainer = new LockstepTrainer(buildDataset(settings), settings);
  trainer.train(WARMUP);
  const times: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const t0 = performance.now();
    trainer.train(1);
    times.push(performance.now() - t0);
  }
  trainer.dispose();
  const pixels = settings.batch * settings.size ** 2;
  return {
    backend,
    stepMs: { min: Math.min(...times), median: median(times), max: Math.max(...times) },
    flopsPerStep: settings.losses.length * pixels * trainingFlopsPerPixel(settings.width),
    matmulGflops: matmulGflops(backend === 'cpu' ? 256 : 512, backend === 'cpu' ? 5 : 15),
  };
}

function report(all: Figures[]): void {
  const s = defaultSettings();
  console.log(`partial-ce lockstep benchmark, Node ${process.version}, tfjs-core ${tf.version_core}`);
  console.log(`default experiment: ${serializeSettings(s, ['size', 'images', 'batch', 'width', 'losses'])}`);
  console.log('');
  console.log('backend    | ms/step min / median / max | steps/s | MFLOP/step | GFLOP/s | matMul GFLOP/s | ratio');
  console.log('-----------|----------------------------|---------|------------|---------|----------------|------');
  for (const f of all) {
    const achieved = f.flopsPerStep / (f.stepMs.median * 1e6);
    console.log(
      [
        f.backend.padEnd(10),
        `${f.stepMs.min.toFixed(1)} / ${f.stepMs.median.toFixed(1)} / ${f.stepMs.max.toFixed(1)}`.padEnd(26),
        (1000 / f.stepMs.median).toFixed(1).padStart(7),
        (f.flopsPerStep / 1e6).toFixed(1).padStart(10),
        achieved.toFixed(2).padStart(7),
        f.matmulGflops.toFixed(2).padStart(14),
        `${((100 * achieved) / f.matmulGflops).toFixed(1)}%`.padStart(5),
      ].join(' | '),
    );
  }
}

/** Run this file again in a child process with `args`; its last JSON line is the result. */
function child<T>(args: string[]): { value: T | null; why: string } {
  const run = spawnSync('npx', ['vite-node', fileURLToPath(import.meta.url), '--', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = run.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) return { value: null, why: run.stderr.trim().split('\n').pop() ?? 'no output' };
  return { value: JSON.parse(line) as T, why: '' };
}

function reportTensors(counts: TensorCounts): void {
  const [first, last] = [counts.memory[0], counts.memory.at(-1)];
  if (!first || !last) return;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('');
  console.log(
    `tf.memory() of one training worker (its TrainingSession in Node, WASM-SIMD, default experiment, playing at the default speed: ${counts.stepsPerTick} steps per tick, maps on; ${counts.seconds.toFixed(0)} s):`,
  );
  for (const m of counts.memory) console.log(`  step ${m.step}: ${m.numTensors} tensors, ${kb(m.numBytes)}`);
  const equal = first.numTensors === last.numTensors && first.numBytes === last.numBytes;
  console.log(
    `  target: equal counts at step ${first.step} and step ${last.step}: ${equal ? 'met' : `MISSED (${last.numTensors - first.numTensors} tensors more)`}`,
  );
}

const only = process.argv.find((a) => a.startsWith('--backend='))?.split('=')[1] as BenchBackend | undefined;
if (only) {
  console.log(JSON.stringify(await measure(only)));
} else if (process.argv.includes('--tensors')) {
  await tf.setBackend('wasm');
  console.log(JSON.stringify(await sessionTensorCounts(TENSOR_STEPS)));
} else {
  const figures: Figures[] = [];
  for (const backend of BACKENDS) {
    const { value, why } = child<Figures>([`--backend=${backend}`]);
    if (value) figures.push(value);
    else console.log(`${backend}: did not run (${why})`);
  }
  report(figures);
  const tensors = child<TensorCounts>(['--tensors', `--tensor-steps=${TENSOR_STEPS[1]}`]);
  if (tensors.value) reportTensors(tensors.value);
  else console.log(`tensor counts: did not run (${tensors.why})`);
}
