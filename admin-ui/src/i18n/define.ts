import type { Locale, Translated } from '../../../shared/locales.js';

export type { Translated };

/**
 * One area's messages in every language, side by side. `en` is the reference: the type makes a missing key a compile
 * error, and test/unit/i18n-completeness.spec.ts checks the same at run time (and placeholders, and unused keys).
 * Placeholders are `%{name}`; plurals are polyglot's `singular |||| plural` with `%{smart_count}`.
 */
export function defineMessages<T extends object>(m: { en: T } & Record<Exclude<Locale, 'en'>, Translated<T>>): Record<Locale, T> {
  return m as Record<Locale, T>;
}

/** Polyglot-style interpolation for the few places that translate outside react-admin (the sign-in screen, Connect). */
export function interpolate(phrase: string, params: Record<string, unknown> = {}): string {
  let text = phrase;
  if (text.includes('||||')) {
    const forms = text.split('||||').map((s) => s.trim());
    text = Number(params.smart_count) === 1 ? forms[0] : (forms[1] ?? forms[0]);
  }
  return text.replace(/%\{(\w+)\}/g, (_, k: string) => (params[k] === undefined || params[k] === null ? `%{${k}}` : `${params[k] as string | number}`));
}

/** Looks a dotted key up in a nested catalog. */
export function lookup(messages: object, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
