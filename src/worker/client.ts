/**
 * The main thread's handle on one lab worker. Creating it loads the worker bundle
 * (tfjs and the WASM binary), so widgets create it only when they near the viewport.
 */
import type { FromWorker, ToWorker } from './protocol';

export class LabClient {
  private readonly worker: Worker;

  constructor(onMessage: (message: FromWorker) => void, onFailure: (message: string) => void) {
    this.worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'partial-ce lab' });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
    this.worker.addEventListener('error', (event) => onFailure(event.message || 'The training worker failed to load.'));
    this.worker.addEventListener('messageerror', () => onFailure('A message from the training worker could not be read.'));
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
