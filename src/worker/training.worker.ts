/// <reference lib="webworker" />
/**
 * The training worker: hosts src/core for one widget. Training and every tensor live here; the
 * main thread only draws what this posts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { browserBackends } from './backends';
import { type ToWorker, transferables } from './protocol';
import { TrainingSession } from './session';

declare const self: DedicatedWorkerGlobalScope;

const session = new TrainingSession({
  post: (message) => self.postMessage(message, transferables(message)),
  backends: browserBackends,
});

// Messages are handled one at a time, in order, even when one awaits a backend.
let queue = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => session.handle(event.data));
});
