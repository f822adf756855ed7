import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'ra-core';
import raEnglish from 'ra-language-english';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../shared/locales.js';
import { appMessages } from './catalog';
import { initialLocale, rememberLocale } from './locale';

/**
 * The console's i18nProvider: react-admin's own messages (`ra.*`) and ours (`app.*`, `resources.*`) per language.
 * Our catalogs are bundled with the console; react-admin's messages for fi/sv/nb/da are loaded when chosen.
 */
const raLoaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: TranslationMessages }>> = {
  fi: () => import('./ra/fi'),
  sv: () => import('./ra/sv'),
  nb: () => import('./ra/nb'),
  da: () => import('./ra/da'),
};

export async function loadMessages(locale: Locale): Promise<TranslationMessages> {
  const ra = locale === 'en' ? raEnglish : (await raLoaders[locale]()).default;
  return { ...ra, ...appMessages(locale) };
}

/** Builds the provider once the first language's catalog is at hand (the first render must not wait). */
export async function createI18nProvider() {
  const first = initialLocale();
  const loaded: Partial<Record<Locale, TranslationMessages>> = { [first]: await loadMessages(first) };
  rememberLocale(first);
  return polyglotI18nProvider(
    (locale: string) => {
      const l = locale as Locale;
      const done = (m: TranslationMessages) => {
        loaded[l] = m;
        rememberLocale(l);
        return m;
      };
      return loaded[l] ? done(loaded[l]) : loadMessages(l).then(done);
    },
    first,
    LOCALES.map((locale) => ({ locale, name: LOCALE_NAMES[locale] })),
    { allowMissing: false },
  );
}
