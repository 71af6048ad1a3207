/** Show and dismiss a widget's notice (`Notice.astro`). */
import type { Correction } from '../../core/settings';

export interface NoticeHandle {
  show(message: string, level?: 'info' | 'warning'): void;
  hide(): void;
}

export function bindNotice(root: HTMLElement): NoticeHandle {
  const box = root.querySelector<HTMLElement>('[data-notice]');
  const text = root.querySelector<HTMLElement>('[data-notice-text]');
  const dismiss = root.querySelector<HTMLButtonElement>('[data-notice-dismiss]');
  const hide = () => {
    if (box) box.hidden = true;
  };
  dismiss?.addEventListener('click', hide);
  return {
    show(message, level = 'info') {
      if (!box || !text) return;
      text.textContent = message;
      box.dataset.level = level;
      box.hidden = false;
    },
    hide,
  };
}

/** One sentence naming what the settings parser corrected. */
export function describeCorrections(corrections: readonly Correction[]): string {
  const parts = corrections.map((c) => `${c.key}${c.input ? ` “${c.input}”` : ''}: ${c.message}`);
  return `Some settings in the link could not be used as given, so valid values run instead. ${parts.join('; ')}.`;
}
