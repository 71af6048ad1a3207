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

export class TrainingClient implements WorkerPort {
  private readonly worker: Worker;

  constructor(onMessage: (message: FromWorker) => void, onFailure: (message: string) => void) {
    this.worker = new Worker(new URL('./training.worker.ts', import.meta.url), {
      type: 'module',
      name: 'partial-ce training',
    });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
    this.worker.addEventListener('error', (event) => onFailure(event.message || 'The training worker failed to load.'));
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
