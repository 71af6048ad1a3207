/**
 * The site's languages: the one list that astro.config.mjs (i18n routing), the layout
 * (lang, hreflang, Open Graph) and the pages read. English is the default and has no
 * URL prefix; every other language lives under `/<locale>/`.
 */

import { withBase, withoutBase } from '../lib/base-path';

export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

interface LocaleInfo {
  /** BCP 47 tag for `<html lang>` and `hreflang`. */
  htmlLang: string;
  /** Open Graph `og:locale`. */
  ogLocale: string;
  /** The language's own name, as the language switch shows it. */
  nativeName: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: { htmlLang: 'en', ogLocale: 'en_US', nativeName: 'English' },
  'zh-cn': { htmlLang: 'zh-CN', ogLocale: 'zh_CN', nativeName: '简体中文' },
};

/** True when `value` names one of the site's languages. */
export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The locale of an Astro page (`Astro.currentLocale`), English when unset. */
export const localeOf = (current: string | undefined): Locale => (isLocale(current) ? current : DEFAULT_LOCALE);

/** `/<locale>` for a prefixed language, '' for the default. */
const prefix = (locale: Locale) => (locale === DEFAULT_LOCALE ? '' : `/${locale}`);

/** The address of an English-relative path (`/chapters/x/`) in `locale`, under the site's base path. */
export const localizedPath = (locale: Locale, path: string): string => withBase(`${prefix(locale)}${path}`);

/** A path without its base and language prefix: `/zh-cn/lab/` → `/lab/`, `/lab/` → `/lab/`. */
export function unlocalizedPath(address: string): string {
  const path = withoutBase(address);
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    const p = `/${locale}`;
    if (path === p || path === `${p}/`) return '/';
    if (path.startsWith(`${p}/`)) return path.slice(p.length);
  }
  return path;
}

/** The same page in every language, as `[locale, path]` pairs (for hreflang and the switch). */
export const alternates = (path: string): [Locale, string][] =>
  LOCALES.map((locale) => [locale, localizedPath(locale, unlocalizedPath(path))]);
