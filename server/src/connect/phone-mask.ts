/**
 * E.164 country codes are 1 to 3 digits and prefix-free: 1 (NANP) and 7 are one digit, these are two, every other
 * code is three (ITU-T E.164 assignments).
 */
const TWO_DIGIT_CODES = new Set([20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98]);

/** The country code of an E.164 number (`+358401234567` → `358`), or null when it is not one. */
export function countryCode(e164: string): string | null {
  if (!/^\+[1-9]\d{3,14}$/.test(e164)) return null;
  const d = e164.slice(1);
  if (d[0] === '1' || d[0] === '7') return d[0];
  return TWO_DIGIT_CODES.has(Number(d.slice(0, 2))) ? d.slice(0, 2) : d.slice(0, 3);
}

/**
 * A phone number as people may see it: the country code and the last two digits, never more than a third of the
 * subscriber number (shorter numbers show one digit, or none), e.g. +358 40 123 4567 → `+358 •• ••• ••67`,
 * +44 7700 900123 → `+44 ••• ••• ••23`. Enough to recognise one's own number, not to learn someone else's.
 */
export function maskPhone(n: string | null): string | null {
  if (!n) return null;
  const cc = countryCode(n);
  const subscriber = cc ? n.slice(1 + cc.length) : n.replace(/\D/g, '');
  const shown = Math.min(2, Math.floor(subscriber.length / 3));
  const masked = '•'.repeat(subscriber.length - shown) + subscriber.slice(subscriber.length - shown);
  // The last group holds up to four characters (the visible digits among them), the others three, from the right.
  const groups: string[] = [masked.slice(-4)];
  for (let end = masked.length - 4; end > 0; end -= 3) groups.unshift(masked.slice(Math.max(0, end - 3), end));
  return (cc ? `+${cc} ` : '') + groups.join(' ');
}
