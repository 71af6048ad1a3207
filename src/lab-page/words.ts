/**
 * How the Lab page's models (this folder, DOM-free and Node-tested) word their messages: a
 * function from a catalog key of the Lab (src/i18n/ui-lab.ts) or of the shared widgets
 * (src/i18n/ui-widgets.ts, for the settings' corrections) to the sentence. The page passes
 * its `UiText.t`, so messages come in the page's language; without one they are English.
 * (`ui.ts` itself is not imported here: it reads the DOM and the build's base path.)
 */
import type { Correction } from '../core/settings';
import { LAB_EN } from '../i18n/ui-lab';
import { WIDGET_EN } from '../i18n/ui-widgets';

export type LabKey = keyof typeof LAB_EN | keyof typeof WIDGET_EN;
/** A catalog lookup: the string of `key`, its `{name}` slots filled from `values`. */
export type LabWords = (key: LabKey, values?: Record<string, string | number>) => string;

const EN: Record<LabKey, string> = { ...WIDGET_EN, ...LAB_EN };

/** The English catalog, filled as `UiText.t` fills it (a template without values comes back as it is). */
export const englishWords: LabWords = (key, values) =>
  values === undefined
    ? EN[key]
    : EN[key].replace(/\{(\w+)\}/g, (slot, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`no value for ${slot} in "${EN[key]}"`);
        return String(value);
      });

/** Why the settings parser corrected a value, in the words of `t`: its catalog code, else its English message. */
export function correctionReason(c: Correction, t: LabWords = englishWords): string {
  const key = `correction.${c.code}`;
  return c.code && Object.hasOwn(WIDGET_EN, key) ? t(key as LabKey, c.values ?? {}) : c.message;
}
