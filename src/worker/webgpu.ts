/**
 * Whether WebGPU can train here. The probe skips a software fallback adapter (SwiftShader in
 * Chromium), as it skips a software WebGL renderer; and a started WebGPU backend must read its
 * results back synchronously and correctly, since the trainer reads each step with dataSync.
 * No DOM types: the parts of `navigator.gpu` read here are described below, so unit tests
 * hand in a fake.
 */
import * as tf from '@tensorflow/tfjs-core';

/** What the probe reads of a `GPUAdapter`. */
export interface GpuAdapterLike {
  /** Chromium up to about version 135 and the WebGPU spec of 2024. */
  readonly isFallbackAdapter?: boolean;
  /** Newer Chromium moved the flag onto `GPUAdapterInfo`. */
  readonly info?: { readonly isFallbackAdapter?: boolean; readonly vendor?: string; readonly architecture?: string };
}

/** What the probe reads of `navigator.gpu`. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** True when `adapter` says it is a software fallback, under either the old or the new attribute. */
export function isFallbackAdapter(adapter: GpuAdapterLike): boolean {
  return adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true;
}

/** "google swiftshader" and the like, for the reason a reader sees; empty when the adapter names nothing. */
function adapterName(adapter: GpuAdapterLike): string {
  return [adapter.info?.vendor, adapter.info?.architecture].filter((part) => part).join(' ');
}

/**
 * Why the probe should not time WebGPU with `gpu` (the browser's `navigator.gpu`), or null
 * when a hardware adapter is there. Asks for the adapter tfjs itself asks for (high performance).
 */
export async function webgpuSkipReason(gpu: GpuLike | undefined): Promise<string | null> {
  if (!gpu) return 'no WebGPU in this browser';
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return 'no WebGPU adapter';
  }
  if (!adapter) return 'no WebGPU adapter';
  if (!isFallbackAdapter(adapter)) return null;
  const name = adapterName(adapter);
  return `software adapter${name ? ` (${name})` : ''}, skipped`;
}

/** Values in the read-back check: above tfjs-webgpu's CPU hand-off size (1,000), so the GPU computes them. */
const READ_BACK_SIZE = 4096;

/**
 * True when the active backend computes a known vector and `dataSync` returns it exactly.
 * tfjs-webgpu reads synchronously through an OffscreenCanvas; with Chromium's SwiftShader
 * adapter that returns zeros, and a trainer on such a backend would report nonsense.
 */
export function readsBackCorrectly(): boolean {
  let known: tf.Tensor | null = null;
  try {
    known = tf.tidy(() => tf.add(tf.range(0, READ_BACK_SIZE), 0.5));
    const values = known.dataSync();
    return values.length === READ_BACK_SIZE && values.every((v, i) => v === i + 0.5);
  } catch {
    return false;
  } finally {
    known?.dispose();
  }
}
