import { DEFAULT_LOCALE, isLocale, pickLocale, type Locale } from '../../../../shared/locales.js';
import type { FieldError } from '../../../../shared/errors.js';
import { validation } from '../../i18n/catalog/validation.js';
import { interpolate, lookup } from '../../i18n/define.js';
import { formatDate, formatTime } from '../../i18n/format.js';
import { CONNECT_MESSAGES } from './messages/index.js';

/** The Connect pages' language: the person's choice in this browser, else the browser's language, else English. */
const KEY = 'visma-connect.locale';
const stored = (() => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
})();
let current: Locale = isLocale(stored) ? stored : (pickLocale(navigator.languages ?? [navigator.language]) ?? DEFAULT_LOCALE);
/** Chosen with the switcher during this visit (then it is also saved on the account once signed in). */
export let chosenThisVisit = false;
document.documentElement.lang = current;

export const locale = (): Locale => current;

export function setLocale(l: Locale, { chosen = true } = {}): void {
  current = l;
  if (chosen) chosenThisVisit = true;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // storage disabled: this page only
  }
}

/** A message of the Connect catalog in the current language. */
export function t(key: string, params?: Record<string, unknown>): string {
  const phrase = lookup(CONNECT_MESSAGES[current], key) ?? lookup(CONNECT_MESSAGES.en, key) ?? key;
  return interpolate(phrase, params);
}

/** A field's validation message (the API's `details`, or the page's own checks). */
export function fieldMessage(e: FieldError): string {
  const table = validation[current] as Record<string, string>;
  return interpolate(table[e.code] ?? table.invalid, e.params);
}

/** The sentence for an API error code. */
export function errorMessage(code: string | undefined): string {
  const table = CONNECT_MESSAGES[current].errors as Record<string, string>;
  return (code && table[code]) || table.fallback;
}

/** Dates and times on the Connect pages: the console's one format per kind, in the page's language ('' when missing). */
export const day = (v: string | null | undefined): string => formatDate(v, current, '');
export const time = (v: string | null | undefined): string => formatTime(v, current, '');
