/** Why a loss cannot train, in the page's language (the values tables, the Lab's messages). */
import type { LossError } from '../../core/losses';
import type { UiText } from '../../i18n/ui';

export const lossErrorText = (text: UiText, error: Pick<LossError, 'code' | 'loss'>): string =>
  text.t(`lossError.${error.code}`, { loss: text.t(`loss.${error.loss}.label`) });
