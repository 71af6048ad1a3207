import * as tf from '@tensorflow/tfjs-core';

/** Switch tfjs to `name` and fail loudly when it does not initialise. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend ${name} did not initialise`);
}
