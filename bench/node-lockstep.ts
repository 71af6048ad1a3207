/**
 * `npm run bench`: the default lockstep experiment (full, partial, oracle) in Node on each
 * tfjs backend that runs here, beside a large matMul on the same backend, on both training
 * paths side by side in one run: unfused (a Segmenter and a tfjs optimizer per model) and
 * fused (`src/core/fused-model.ts`, the default).
 *
 * Prints, per backend and path: kernels per step (`tf.profile`, target ≤ 200 fused), ms per
 * lockstep step (min / median / max of 60 timed steps after 15 warm-up steps, the two paths
 * interleaved step by step so that load falls on both alike), steps/s, the fused speed-up
 * (target ≥ 1.6×), the model FLOPs per step, the achieved GFLOP/s, the convolution kernels'
 * own GFLOP/s (their FLOPs over their summed kernel time in `tf.profile`), the matMul
 * GFLOP/s and the ratio of achieved to matMul. Then the kernel table by name, unfused and
 * fused, on WASM-SIMD. Each backend runs in its own process, because the WASM SIMD choice is
 * fixed when the backend first initialises.
 *
 * Then `tf.memory().numTensors` of one training worker's session at step 100 and at step
 * 10,000 of the default experiment (target: equal); `--tensor-steps N` sets the last step.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/worker/wasm-kernels';
import { buildDataset } from '../src/core/dataset';
import { trainingFlopsPerPixel } from '../src/core/model';
import { defaultSettings, serializeSettings } from '../src/core/settings';
import { LockstepTrainer } from '../src/core/train';
import { numberOption } from './args';
import { type KernelProfile, profileStep } from './kernel-profile';
import { sessionTensorCounts, type TensorCounts } from './session-tensors';

const BACKENDS = ['wasm-simd', 'wasm', 'cpu'] as const;
type BenchBackend = (typeof BACKENDS)[number];
const WARMUP = 15;
const TIMED = 60;
/** The CPU backend takes ~0.3 s a step: fewer timed steps there. */
const TIMED_CPU = 15;
/** Steps profiled per path (median of their convolution times). */
const PROFILED = 5;
const PATHS = ['unfused', 'fused'] as const;
type PathName = (typeof PATHS)[number];
const TARGET_KERNELS = 200;
const TARGET_SPEEDUP = 1.6;
/** Where the tensor counts are read: an early step, and the last (10,000 unless `--tensor-steps` says otherwise). */
const TENSOR_STEPS = [100, Math.round(numberOption('tensor-steps', 10_000))];

interface PathFigures {
  stepMs: { min: number; median: number; max: number };
  kernels: KernelProfile;
}

interface Figures {
  backend: BenchBackend;
  paths: Record<PathName, PathFigures>;
  flopsPerStep: number;
  matmulGflops: number;
  /** Load average (1 min) before and after, for the record: the VM is shared. */
  load: [number, number];
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
  const load = loadavg()[0] as number;
  const settings = defaultSettings();
  const data = buildDataset(settings);
  const trainers = PATHS.map((path) => new LockstepTrainer(data, settings, { fused: path === 'fused' }));
  for (const trainer of trainers) trainer.train(WARMUP);
  // Interleaved, step by step: a burst of load on the shared VM slows both paths alike.
  const times: number[][] = trainers.map(() => []);
  for (let i = 0; i < (backend === 'cpu' ? TIMED_CPU : TIMED); i++) {
    trainers.forEach((trainer, k) => {
      const t0 = performance.now();
      trainer.train(1);
      times[k]?.push(performance.now() - t0);
    });
  }
  const profiles: KernelProfile[] = [];
  for (const trainer of trainers) {
    const runs: KernelProfile[] = [];
    for (let i = 0; i < PROFILED; i++) runs.push(await profileStep(() => trainer.train(1)));
    const mid = median(runs.map((r) => r.convMs));
    profiles.push(runs.find((r) => r.convMs === mid) as KernelProfile);
    trainer.dispose();
  }
  const pixels = settings.batch * settings.size ** 2;
  const figures = (k: number): PathFigures => {
    const t = times[k] as number[];
    return {
      stepMs: { min: Math.min(...t), median: median(t), max: Math.max(...t) },
      kernels: profiles[k] as KernelProfile,
    };
  };
  return {
    backend,
    paths: { unfused: figures(0), fused: figures(1) },
    flopsPerStep: settings.losses.length * pixels * trainingFlopsPerPixel(settings.width),
    matmulGflops: matmulGflops(backend === 'cpu' ? 256 : 512, backend === 'cpu' ? 5 : 15),
    load: [load, loadavg()[0] as number],
  };
}

function report(all: Figures[]): void {
  const s = defaultSettings();
  console.log(`partial-ce lockstep benchmark, Node ${process.version}, tfjs-core ${tf.version_core}`);
  console.log(`default experiment: ${serializeSettings(s, ['size', 'images', 'batch', 'width', 'losses'])}`);
  console.log(`targets: fused ≤ ${TARGET_KERNELS} kernels per step; fused ≥ ${TARGET_SPEEDUP}× the unfused steps/s`);
  console.log('');
  console.log(
    'backend    | path    | kernels/step | ms/step min / median / max | steps/s | speed-up | MFLOP/step | GFLOP/s | conv GFLOP/s | matMul GFLOP/s | ratio',
  );
  console.log(
    '-----------|---------|--------------|----------------------------|---------|----------|------------|---------|--------------|----------------|------',
  );
  for (const f of all) {
    for (const path of PATHS) {
      const p = f.paths[path];
      const achieved = f.flopsPerStep / (p.stepMs.median * 1e6);
      const speedup = f.paths.unfused.stepMs.median / p.stepMs.median;
      const kernels =
        path === 'fused'
          ? `${p.kernels.count} ${p.kernels.count <= TARGET_KERNELS ? 'met' : 'MISSED'}`
          : String(p.kernels.count);
      const ratio =
        path === 'fused' ? `${speedup.toFixed(2)}× ${speedup >= TARGET_SPEEDUP ? 'met' : 'MISSED'}` : '1.00×';
      console.log(
        [
          (path === 'unfused' ? f.backend : '').padEnd(10),
          path.padEnd(7),
          kernels.padStart(12),
          `${p.stepMs.min.toFixed(1)} / ${p.stepMs.median.toFixed(1)} / ${p.stepMs.max.toFixed(1)}`.padEnd(26),
          (1000 / p.stepMs.median).toFixed(1).padStart(7),
          ratio.padStart(8),
          (f.flopsPerStep / 1e6).toFixed(1).padStart(10),
          achieved.toFixed(2).padStart(7),
          (f.flopsPerStep / (p.kernels.convMs * 1e6)).toFixed(2).padStart(12),
          f.matmulGflops.toFixed(2).padStart(14),
          `${((100 * achieved) / f.matmulGflops).toFixed(1)}%`.padStart(5),
        ].join(' | '),
      );
    }
  }
  console.log('');
  console.log(
    `conv GFLOP/s: the model FLOPs over the summed time of the Conv2D / FusedConv2D kernels of one profiled step (median of ${PROFILED});`,
  );
  console.log('ratio: achieved GFLOP/s (whole step) over the matMul ceiling.');
  console.log(
    `load average (1 min) before / after each backend: ${all.map((f) => `${f.backend} ${f.load.map((l) => l.toFixed(1)).join(' / ')}`).join(', ')}`,
  );
  const table = all.find((f) => f.backend === 'wasm-simd') ?? all[0];
  if (table) reportKernels(table);
}

/** Kernel counts and times by name, unfused beside fused, of one profiled step. */
function reportKernels(f: Figures): void {
  const names = new Set(PATHS.flatMap((path) => f.paths[path].kernels.byName.map((r) => r.name)));
  const row = (path: PathName, name: string) => f.paths[path].kernels.byName.find((r) => r.name === name);
  console.log('');
  console.log(`kernels of one default lockstep step on ${f.backend}, by name (count, summed kernel ms):`);
  console.log('kernel                 | unfused        | fused');
  console.log('-----------------------|----------------|---------------');
  const sorted = [...names].sort(
    (a, b) =>
      (row('unfused', b)?.count ?? 0) - (row('unfused', a)?.count ?? 0) ||
      (row('fused', b)?.count ?? 0) - (row('fused', a)?.count ?? 0),
  );
  const cell = (r: { count: number; ms: number } | undefined) =>
    (r ? `${r.count} (${r.ms.toFixed(2)})` : '–').padEnd(14);
  for (const name of sorted)
    console.log(`${name.padEnd(22)} | ${cell(row('unfused', name))} | ${cell(row('fused', name))}`);
  const total = (path: PathName) => f.paths[path].kernels;
  console.log(`${'total'.padEnd(22)} | ${String(total('unfused').count).padEnd(14)} | ${total('fused').count}`);
  console.log(
    '(customGrad wrappers such as "forward" and "fusedConv2d__op" count as kernels in tf.profile; their time includes the kernels they run)',
  );
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
