/**
 * Kernels of one lockstep step, counted with `tf.profile`: how many, by name, and the time
 * the convolution kernels took (their own time, as the profiler measures it).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface KernelProfile {
  /** Kernels one step runs. */
  count: number;
  /** Count and summed time (ms) by kernel name, most frequent first. */
  byName: { name: string; count: number; ms: number }[];
  /** Summed time (ms) of the convolution kernels (Conv2D, FusedConv2D, Conv2DBackprop*). */
  convMs: number;
}

const isConv = (name: string) => /^(Fused)?Conv2D/.test(name);

/** Profile one call of `step` (e.g. one lockstep training step). */
export async function profileStep(step: () => void): Promise<KernelProfile> {
  const info = await tf.profile(step);
  const table = new Map<string, { count: number; ms: number }>();
  let convMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const row = table.get(k.name) ?? { count: 0, ms: 0 };
    row.count++;
    row.ms += ms;
    table.set(k.name, row);
    if (isConv(k.name)) convMs += ms;
  }
  const byName = [...table]
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { count: info.kernels.length, byName, convMs };
}
