import { DEFAULT_LOCALE, isLocale, LOCALES, pickLocale, type Locale } from '../../../shared/locales.js';

/** Where the console remembers the language in this browser (react-admin's own store key, so both agree). */
const STORE_KEY = 'RaStore.locale';

/** The remembered choice, else the browser's language on a first visit, else English. */
export function initialLocale(): Locale {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null');
    if (isLocale(stored)) return stored;
  } catch {
    // no storage, or not JSON: fall through to the browser's language
  }
  return pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]) ?? DEFAULT_LOCALE;
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(locale));
  } catch {
    // storage disabled: the choice lasts for this page only (and on the server for signed-in staff)
  }
  document.documentElement.lang = locale;
}

export { LOCALES, type Locale };
