/**
 * Timing the tfjs backends for the lab worker: the short probe that picks the fastest one,
 * the matMul peak the benchmark compares against, and the order to fall back in when a
 * backend fails mid-run. Kept apart from the session so that its message logic reads alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LockstepTrainer } from '../core/train';
import type { BackendName, ProbeResult } from './protocol';

export interface BackendPort {
  /** Backends the probe times, in order of preference on a tie. */
  probeOrder: BackendName[];
  /** Make `name` the active tfjs backend; false when it cannot start here. */
  activate(name: BackendName): Promise<boolean>;
  /** What the reader sees for the active backend, e.g. "WASM-SIMD". */
  label(name: BackendName): Promise<string>;
  /** Why the probe should not even time `name` here (a software WebGL renderer or WebGPU adapter), or null. */
  skipReason?(name: BackendName): Promise<string | null>;
  /** Why the last `activate(name)` returned false, when the port knows more than "did not start". */
  startFailure?(name: BackendName): string | null;
  /** Why the running backend `name` can no longer be trusted (its GPU context was lost), or null. */
  contextLost?(name: BackendName): string | null;
}

/** Probe budget: a backend whose first step takes longer than this is not timed further. */
const PROBE_WARMUP_LIMIT_MS = 250;
/** Fallback order when a backend fails mid-run: a GPU backend that fails goes to WASM, which runs everywhere. */
export const FALLBACK: Record<BackendName, BackendName | null> = {
  webgpu: 'wasm',
  webgl: 'wasm',
  wasm: 'cpu',
  cpu: null,
};

/** A backend's name as the reader sees it before it has started (the port's `label` refines WASM). */
export const DISPLAY_NAME: Record<BackendName, string> = { wasm: 'WASM', webgl: 'WebGL', webgpu: 'WebGPU', cpu: 'CPU' };

/** The middle value of `xs` (the upper one of the two for an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Time a few real lockstep steps on backend `name`. `makeTrainer` builds the current
 * experiment's trainer once the backend is active; the probe disposes it.
 */
export async function probeBackend(
  backends: BackendPort,
  name: BackendName,
  now: () => number,
  makeTrainer: () => LockstepTrainer,
): Promise<ProbeResult> {
  const skip = (await backends.skipReason?.(name)) ?? null;
  if (skip) return { name, label: DISPLAY_NAME[name], msPerStep: null, note: skip };
  if (!(await backends.activate(name))) {
    return { name, label: DISPLAY_NAME[name], msPerStep: null, note: backends.startFailure?.(name) ?? 'did not start' };
  }
  const label = await backends.label(name);
  let trainer: LockstepTrainer | null = null;
  try {
    trainer = makeTrainer();
    let t0 = now();
    trainer.record(1);
    const warmup = now() - t0;
    if (warmup > PROBE_WARMUP_LIMIT_MS) {
      return { name, label, msPerStep: warmup, note: 'slow first step' };
    }
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = now();
      trainer.record(1);
      times.push(now() - t0);
    }
    return { name, label, msPerStep: median(times) };
  } catch (error) {
    return { name, label, msPerStep: null, note: error instanceof Error ? error.message : 'failed' };
  } finally {
    trainer?.dispose();
  }
}

/** Median GFLOP/s of an n×n by n×n matMul (after one warm-up), read back each time. */
export function matmulGflops(n: number, now: () => number): number {
  const size = Math.max(16, Math.min(2048, Math.round(n)));
  const a = tf.randomNormal([size, size], 0, 1, 'float32', 1);
  const b = tf.randomNormal([size, size], 0, 1, 'float32', 2);
  const times: number[] = [];
  try {
    for (let r = 0; r < 6; r++) {
      const t0 = now();
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
      if (r > 0) times.push(now() - t0);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return (2 * size ** 3) / (median(times) * 1e6);
}
