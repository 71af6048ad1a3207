/** The play button of a trainer figure, drawn from a `WorkerRun`'s state. */
import type { WorkerRunState } from './worker-run';

/** Label the button by the reader's intent and mark on `root` whether the worker trains. */
export function renderPlayButton(root: HTMLElement, state: Pick<WorkerRunState, 'wantsPlay' | 'playing'>): void {
  const button = root.querySelector<HTMLButtonElement>('[data-action="play"]');
  if (!button) return;
  // The intent, not the worker's state: a figure paused off screen still reads "Pause".
  button.textContent = state.wantsPlay ? 'Pause' : 'Play';
  button.setAttribute('aria-label', state.wantsPlay ? 'Pause training' : 'Play: train all models');
  root.dataset.playing = String(state.playing);
}
