/**
 * The one format per kind for dates and times in the console: the locale decides the order and separators, and
 * every time carries its time zone. Pages never call toLocaleString() themselves.
 */
type Value = string | number | Date | null | undefined;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, kind: 'dateTime' | 'date' | 'time', timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${kind}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { year: 'numeric', month: 'short', day: 'numeric' }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }
          : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}

const toDate = (v: Value): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** e.g. en "Dec 1, 2026, 07:35 UTC", fi "1.12.2026 klo 7.35 UTC" — `empty` for a missing value. */
export function formatDateTime(v: Value, locale: string, empty = '—', timeZone?: string): string {
  const d = toDate(v);
  return d ? formatter(locale, 'dateTime', timeZone).format(d) : empty;
}

/** A calendar date (no time, so no zone). */
export function formatDate(v: Value, locale: string, empty = '—', timeZone?: string): string {
  const d = toDate(v);
  return d ? formatter(locale, 'date', timeZone).format(d) : empty;
}

/** A time of day with its zone. */
export function formatTime(v: Value, locale: string, empty = '—', timeZone?: string): string {
  const d = toDate(v);
  return d ? formatter(locale, 'time', timeZone).format(d) : empty;
}

/** Numbers in the locale's digits grouping. */
export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** An amount of money (in cents) in the locale's format, with its currency. */
export function formatMoney(cents: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${formatNumber(cents / 100, locale)} ${currency}`;
  }
}

/** How far a moment is from now, in the locale's words: "in 59 minutes", "3 minutes ago", "in 2 hours", "now". */
export function formatRelative(v: Value, locale: string, now = Date.now(), empty = '—'): string {
  const d = toDate(v);
  if (!d) return empty;
  const minutes = Math.round((d.getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return Math.abs(minutes) >= 120 ? rtf.format(Math.round(minutes / 60), 'hour') : rtf.format(minutes, 'minute');
}
