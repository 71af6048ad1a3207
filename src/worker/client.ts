/**
 * The main thread's handle on one lab worker. Creating it loads the worker bundle
 * (tfjs and the WASM binary), so widgets create it only when they near the viewport.
 */
import type { FromWorker, ToWorker } from './protocol';

/** What a run needs of a worker: send it messages and end it (a fake in unit tests). */
export interface WorkerPort {
  /** Post one message, moving the buffers in `transfer` instead of copying them. */
  send(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Opens a port; replies go to `onMessage`, a worker that fails to load or to talk to `onFailure`. */
export type ConnectWorker = (
  onMessage: (message: FromWorker) => void,
  onFailure: (message: string) => void,
) => WorkerPort;

const LOAD_FAILED = 'The training worker failed to load.';

function openWorker(): Worker {
  return new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'partial-ce training' });
}

/** A worker started ahead of its client, and why it failed to load if it did before the client came. */
let spare: { worker: Worker; failure: string | null } | null = null;

/**
 * Start loading a training worker (tfjs and its backends) now, for the next `TrainingClient`
 * to adopt: a widget calls this as it starts to load its controller, so the two load side by
 * side instead of one after the other. Does nothing where there are no Web Workers, or when a
 * spare is already loading.
 */
export function prestartWorker(): void {
  if (spare || typeof Worker === 'undefined') return;
  try {
    const entry = { worker: openWorker(), failure: null as string | null };
    entry.worker.addEventListener('error', (event) => {
      entry.failure ??= event.message || LOAD_FAILED;
    });
    spare = entry;
  } catch {
    // The client opens its own and reports what fails.
  }
}

export class TrainingClient implements WorkerPort {
  private readonly worker: Worker;

  constructor(onMessage: (message: FromWorker) => void, onFailure: (message: string) => void) {
    const adopted = spare;
    spare = null;
    this.worker = adopted?.worker ?? openWorker();
    // A spare that failed before this client listened: report it as a failure of this one.
    if (adopted?.failure) {
      const failure = adopted.failure;
      queueMicrotask(() => onFailure(failure));
    }
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
    this.worker.addEventListener('error', (event) => onFailure(event.message || LOAD_FAILED));
    this.worker.addEventListener('messageerror', () =>
      onFailure('A message from the training worker could not be read.'),
    );
  }

  /** Post one message, moving the buffers in `transfer` instead of copying them. */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Stop the worker at once; a run in progress is dropped. */
  terminate(): void {
    this.worker.terminate();
  }
}
