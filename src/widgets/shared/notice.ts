/** Show and dismiss a widget's notice (`Notice.astro`). */
import type { Correction } from '../../core/settings';
import type { UiKey, UiText } from '../../i18n/ui';
import { WIDGET_EN } from '../../i18n/ui-widgets';

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

/** The reason of one correction in the page's language: its catalog code, else its English message. */
function reason(c: Correction, text: UiText): string {
  const key = `correction.${c.code}`;
  return c.code && Object.hasOwn(WIDGET_EN, key) ? text.t(key as UiKey, c.values ?? {}) : c.message;
}

/** One sentence naming what the settings parser corrected, in the page's language. */
export function describeCorrections(corrections: readonly Correction[], text: UiText): string {
  const parts = corrections.map((c) =>
    text.t('correction.part', {
      key: c.key,
      input: c.input ? text.t('correction.input', { input: c.input }) : '',
      message: reason(c, text),
    }),
  );
  return text.t('correction.summary', { parts: parts.join(text.t('correction.separator')) });
}
