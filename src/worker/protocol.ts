/**
 * The typed messages between a widget (main thread) and its lab worker.
 * Arrays travel as transferable Float32Array / Uint8Array buffers.
 */

import type { LossId } from '../core/catalog';
import type { LabelStats } from '../core/labels';
import type { Snapshot } from '../core/train';
import type { Locale } from '../i18n/locales';

export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/** A reader's own image and strokes, in place of the synthetic scene. */
export interface CustomData {
  size: number;
  count: number;
  images: Float32Array;
  labels: Uint8Array;
  /** Ground truth when known (a synthetic scene with drawn labels); null for a photo. */
  truth: Uint8Array | null;
  /**
   * The noise-free images of a synthetic scene, when known: training then draws fresh noise
   * of standard deviation `noise` each step, exactly as for the scene built from settings.
   */
  clean?: Float32Array | null;
  noise?: number;
}

export type ToWorker =
  /** Build the scene and models for a settings string (URL-hash form); starts paused at step 0. */
  | { type: 'configure'; settings: string; custom?: CustomData; maps: boolean; locale?: Locale }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; steps: number }
  | { type: 'reset' }
  | { type: 'speed'; stepsPerSecond: number }
  /** Use this backend; `remembered` when it is this tab's earlier probe result, not the reader's pick. */
  | { type: 'backend'; choice: BackendChoice; remembered?: string }
  /**
   * Time the backends again, in the background of a run that started on a stale remembered
   * backend: the worker pauses its ticks for the probe, switches only to a clearly faster
   * backend (replaying the run there), and reports the probe in a `backend` message.
   * Ignored unless the running backend came from memory.
   */
  | { type: 'reprobe' }
  /** One pass of the first model under `losses`: p, ∂L/∂z per loss, and the autodiff check. */
  | { type: 'gradients'; losses: LossId[] }
  /** GFLOP/s of an n×n matMul on the active backend: the practical ceiling the benchmark compares with. */
  | { type: 'peak'; size: number }
  /** The labeling propensity e(x) of the current synthetic scene under its label settings, from `draws` label draws. */
  | { type: 'propensity'; draws: number };

export interface ProbeResult {
  name: BackendName;
  label: string;
  /** Median ms of one lockstep step in the probe; null when the backend did not start. */
  msPerStep: number | null;
  note?: string;
}

/**
 * The backend a run trains on, and why. `probe` holds the timings when a probe ran (none when
 * the reader chose or the page remembered). `kept` marks a background re-probe that left the
 * run where it was although another backend timed faster: `near`, by less than
 * `REPROBE_SWITCH_RATIO` allows; `far`, the run being past `MAX_REPLAY_STEPS` to replay.
 */
export interface BackendMessage {
  type: 'backend';
  name: BackendName;
  label: string;
  reason: string;
  probe: ProbeResult[];
  probeMs: number;
  kept?: 'near' | 'far';
}

/**
 * A background re-probe moves the run only to a backend whose step takes at most this share of
 * the running one's: a switch replays the run, so a near tie (or timing noise) is not worth it.
 */
export const REPROBE_SWITCH_RATIO = 0.8;
/** The same, as the percentage the backend lines state ("faster by less than 20%"). */
export const REPROBE_NEAR_PERCENT = Math.round((1 - REPROBE_SWITCH_RATIO) * 100);

/** The probe's fastest backend that started (the first in probe order on a tie), or undefined. */
export function fastestOf(probe: readonly ProbeResult[]): ProbeResult | undefined {
  let best: ProbeResult | undefined;
  for (const p of probe) {
    if (p.msPerStep !== null && (best === undefined || p.msPerStep < (best.msPerStep as number))) best = p;
  }
  return best;
}

export interface SceneMessage {
  type: 'scene';
  run: number;
  size: number;
  count: number;
  images: Float32Array;
  truth: Uint8Array | null;
  labels: Uint8Array;
  stats: LabelStats;
  /** True share of foreground pixels; null without ground truth. */
  prior: number | null;
  losses: LossId[];
  /** The settings in force after validation, as a URL-hash string. */
  settings: string;
}

export interface ProgressMessage {
  type: 'progress';
  run: number;
  /** One measurement per step since the last message (step 0 comes with the scene). */
  records: Snapshot[];
  /** Probability maps of every model over the whole dataset, at screen rate at most. */
  maps: { step: number; probabilities: Float32Array[] } | null;
  step: number;
  playing: boolean;
  /** Steps per second achieved over the last second of play; null when paused. */
  stepsPerSecond: number | null;
  memory: { numTensors: number; numBytes: number };
}

export interface GradientsMessage {
  type: 'gradients';
  run: number;
  step: number;
  losses: LossId[];
  probabilities: Float32Array;
  gradients: Float32Array[];
  /** Max |closed form − autodiff| of ∂L/∂z per loss, over every pixel; null when undefined. */
  maxAbsDiff: (number | null)[];
}

export interface PropensityMessage {
  type: 'propensity';
  run: number;
  /** The validated settings the estimate belongs to (a reset keeps them, and so the estimate). */
  settings: string;
  /** Share of label draws in which each pixel carried a foreground label, laid out like the scene's truth. */
  rate: Float32Array;
  draws: number;
  /** Mean e over true foreground away from the border ring, and on the ring; null when a group is empty. */
  interior: number | null;
  border: number | null;
  /** How long the estimate took in the worker. */
  ms: number;
}

export type FromWorker =
  /** `probeMs`: how long choosing took (0 when no probe ran). */
  | BackendMessage
  | SceneMessage
  | ProgressMessage
  | GradientsMessage
  | PropensityMessage
  | { type: 'peak'; backend: BackendName; size: number; gflops: number }
  | { type: 'notice'; level: 'info' | 'warning'; message: string }
  | { type: 'error'; message: string };

/** Buffers of a message that can be transferred instead of copied. */
export function transferables(message: FromWorker): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: ArrayBufferView | null | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  if (message.type === 'scene') {
    add(message.images);
    add(message.truth);
    add(message.labels);
  } else if (message.type === 'progress') {
    message.maps?.probabilities.forEach(add);
  } else if (message.type === 'gradients') {
    add(message.probabilities);
    message.gradients.forEach(add);
  } else if (message.type === 'propensity') {
    add(message.rate);
  }
  return out;
}
