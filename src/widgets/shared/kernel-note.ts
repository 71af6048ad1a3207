/** The sentence that says which pairwise kernel runs, in the page's language (chapter trainers and the Lab). */
import { kernelKind } from '../../core/kernel-kind';
import type { UiText } from '../../i18n/ui';

export function kernelNote(text: UiText, side: number, sigmaXy: number): string {
  const k = kernelKind(side, sigmaXy);
  const kernel =
    k.kind === 'dense'
      ? text.t('trainer.kernelDense', { pixels: side * side })
      : text.t('trainer.kernelWindow', { radius: k.radius, neighbours: (2 * k.radius + 1) ** 2 - 1 });
  return text.t('trainer.kernel', { kernel });
}
