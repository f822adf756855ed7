/** The languages of the console, the Connect pages and everything the server writes for people. `en` is the reference. */
export const LOCALES = ['en', 'fi', 'sv', 'nb', 'da'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself (the language menu and the Connect switcher). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fi: 'Suomi', sv: 'Svenska', nb: 'Norsk bokmål', da: 'Dansk' };

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** `fi-FI` → `fi`; Norwegian (`no`, `nn`) → `nb`; anything else we do not speak → null. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'no' || primary === 'nn') return 'nb';
  return isLocale(primary) ? primary : null;
}

/** The best of our languages for a list of preferred tags (navigator.languages), in order. */
export function pickLocale(tags: readonly string[]): Locale | null {
  for (const t of tags) {
    const m = matchLocale(t);
    if (m) return m;
  }
  return null;
}

/** An `Accept-Language` header (RFC 9110 §12.5.4: weighted ranges) → our best language, or null when none fits. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return pickLocale(ranges.map((r) => r.tag));
}

/** A catalog's shape with every leaf a string: what each language must provide for the keys `en` has. */
export type Translated<T> = { [K in keyof T]: T[K] extends string ? string : Translated<T[K]> };
