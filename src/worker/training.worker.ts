/// <reference lib="webworker" />
/**
 * The training worker: hosts src/core for one widget. Training and every tensor live here; the
 * main thread only draws what this posts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { browserBackends, loseWebglContext } from './backends';
import { type ToWorker, transferables } from './protocol';
import { TrainingSession } from './session';

declare const self: DedicatedWorkerGlobalScope & { pceLoseWebglContext?: () => boolean };

// A handle for the browser test of a lost GPU context (tests/e2e/backends.spec.ts); it only
// does what a GPU reset would do to this worker, and the page cannot reach it.
self.pceLoseWebglContext = loseWebglContext;

const session = new TrainingSession({
  post: (message) => self.postMessage(message, transferables(message)),
  backends: browserBackends,
  // The benchmark names a worker "…unfused…" to time the unfused training path beside the fused one.
  fused: !self.name.includes('unfused'),
});

// Messages are handled one at a time, in order, even when one awaits a backend.
let queue = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => session.handle(event.data));
});
