/**
 * Tensor counts of one training worker over a long run: the worker's own TrainingSession,
 * driven in Node as a widget drives it (configure, play at the default speed), with WASM-SIMD
 * chosen as the probe chooses it in a browser. Play ticks run back to back on a fake timer, so
 * the run takes as long as its steps do. A leak of one tensor per step would show as thousands.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '../src/worker/wasm-kernels';
import { defaultSettings, serializeSettings } from '../src/core/settings';
import type { ProgressMessage } from '../src/worker/protocol';
import { TrainingSession } from '../src/worker/session';

export interface TensorCounts {
  /** The steps at which the counts were read, in order. */
  steps: number[];
  memory: { step: number; numTensors: number; numBytes: number }[];
  seconds: number;
  stepsPerTick: number;
}

/** Play the default experiment in a TrainingSession until the last of `steps`, reading tf.memory() from its messages. */
export async function sessionTensorCounts(steps: number[]): Promise<TensorCounts> {
  const pending: (() => void)[] = [];
  let last: ProgressMessage | null = null;
  const session = new TrainingSession({
    post: (message) => {
      if (message.type === 'progress') last = message;
      if (message.type === 'error') throw new Error(message.message);
    },
    backends: {
      probeOrder: ['wasm'],
      activate: (name) => tf.setBackend(name),
      label: async () => ((await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'WASM-SIMD' : 'WASM'),
    },
    setTimer: (fn) => pending.push(fn),
    clearTimer: () => {},
  });
  const settings = defaultSettings();
  const started = performance.now();
  await session.handle({ type: 'backend', choice: 'wasm' });
  await session.handle({ type: 'configure', settings: serializeSettings(settings), maps: true });
  await session.handle({ type: 'play' });
  const memory: TensorCounts['memory'] = [];
  const targets = [...steps].sort((a, b) => a - b);
  let stepsPerTick = 0;
  while (targets.length > 0) {
    const tick = pending.shift();
    if (!tick) throw new Error('the session stopped playing');
    const before = (last as ProgressMessage | null)?.step ?? 0;
    tick();
    const progress = last as ProgressMessage | null;
    if (!progress) continue;
    stepsPerTick = progress.step - before;
    while (targets.length > 0 && progress.step >= (targets[0] as number)) {
      targets.shift();
      memory.push({ step: progress.step, ...progress.memory });
    }
  }
  await session.handle({ type: 'pause' });
  return { steps, memory, seconds: (performance.now() - started) / 1000, stepsPerTick };
}
