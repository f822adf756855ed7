import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../shared/locales.js';
import { SERVER_MESSAGES, type ServerMessages } from './messages/index.js';

/** The language to write to a person in: the one stored on their identity, else English. */
export const localeOf = (person: { locale?: string | null } | null | undefined): Locale => (isLocale(person?.locale) ? person.locale : DEFAULT_LOCALE);

type Leaves<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`> }[keyof T & string];
export type MessageKey = Leaves<ServerMessages>;

/** The message `key` in `locale` with `%{name}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  let node: unknown = SERVER_MESSAGES[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return String(node).replace(/%\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
}

/** An instant as the person reads it: their language's date and time, in UTC, with the zone named. */
export function formatInstant(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC';
}

/** Subject and body of an e-mail in the person's language. */
export function mail(locale: Locale, kind: keyof ServerMessages['mail'], params: Record<string, string | number>): { subject: string; body: string } {
  return { subject: t(locale, `mail.${kind}.subject` as MessageKey, params), body: t(locale, `mail.${kind}.body` as MessageKey, params) };
}
