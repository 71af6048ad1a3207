/** The play button of a trainer figure, drawn from a `WorkerRun`'s state. */
import { uiTextOf } from '../../i18n/ui';
import type { WorkerRunState } from './worker-run';

/** Label the button by the reader's intent and mark on `root` whether the worker trains. */
export function renderPlayButton(root: HTMLElement, state: Pick<WorkerRunState, 'wantsPlay' | 'playing'>): void {
  const button = root.querySelector<HTMLButtonElement>('[data-action="play"]');
  if (!button) return;
  // The intent, not the worker's state: a figure paused off screen still reads "Pause".
  const { t } = uiTextOf(root);
  button.textContent = state.wantsPlay ? t('toolbar.pause') : t('toolbar.play');
  button.setAttribute('aria-label', state.wantsPlay ? t('toolbar.pauseAria') : t('toolbar.playAria'));
  root.dataset.playing = String(state.playing);
}
