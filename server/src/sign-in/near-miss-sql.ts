/**
 * The near-miss key (near-miss.ts `widestKey`) as a database filter: rows of one organization that may have one of
 * the given keys, so the diagnosis and the person search read those instead of every row of the organization.
 *
 * `widestKey` trims, normalizes (NFKC, invisible characters, look-alikes), lower-cases, drops a +tag and the
 * domain: the database cannot do all of that. But for a **plain** e-mail — only the characters `!`…`~` (printable
 * ASCII, no space), exactly one `@`, not first — every step but the last three is the identity, and the key's local
 * part is `LOWER(the part before the @, cut at a + that is not first)`, which SQL computes exactly (ASCII lower-casing
 * is the same in JavaScript and in both databases). So the filter is
 *
 *     not plain  OR  plainLocal(email) IN (the keys' local parts)
 *
 * a superset of the rows with those keys (the caller still compares `widestKey` in JavaScript): it never drops a
 * near miss. `plainLocalOf` is the same function in JavaScript, for the property test (test/unit/near-miss.spec.ts)
 * and the database check (test/people-search.e2e-spec.ts).
 */

import { padded } from '../common/text-search.js';

/** JavaScript twin of the SQL below: the key's local part of a plain e-mail, or null when the e-mail is not plain. */
export function plainLocalOf(email: string): string | null {
  if (!/^[!-~]+$/.test(email)) return null;
  const at = email.indexOf('@');
  if (at < 1 || email.indexOf('@', at + 1) >= 0) return null;
  const plus = email.indexOf('+');
  return email.slice(0, plus > 0 && plus < at ? plus : at).toLowerCase();
}

/** The local part of a near-miss key (`carla.berg@*` → `carla.berg`); '' for a key without one. */
export const keyLocal = (key: string) => (key.includes('@') ? key.slice(0, key.lastIndexOf('@')) : key);

/**
 * `(not plain OR plainLocal IN (…))` for the column, with the local parts as parameters from `$firstParam`, or null
 * when a key has no plain form (an empty local part, or no `@`): then only reading every row is safe.
 */
export function nearMissFilterSql(postgres: boolean, column: string, keys: readonly string[], firstParam: number): { sql: string; params: (string | null)[] } | null {
  const locals = keys.map((k) => (k.startsWith('\u0000') || !k.endsWith('@*') ? '' : keyLocal(k)));
  if (locals.some((l) => !l)) return null;
  const c = `"${column}"`;
  const notPlain = postgres ? `(${c} ~ '[^!-~]' OR ${c} !~ '^[^@]+@[^@]*$')` : `(${c} GLOB '*[^!-~]*' OR ${c} NOT GLOB '?*@*' OR ${c} GLOB '*@*@*' OR ${c} GLOB '@*')`;
  const at = postgres ? `strpos(${c}, '@')` : `instr(${c}, '@')`;
  const plus = postgres ? `strpos(${c}, '+')` : `instr(${c}, '+')`;
  // Guarded so that no row (plain or not) gives substr a negative length (PostgreSQL refuses one).
  const local = `CASE WHEN ${at} > 1 THEN LOWER(substr(${c}, 1, CASE WHEN ${plus} > 1 AND ${plus} < ${at} THEN ${plus} ELSE ${at} END - 1)) ELSE '' END`;
  const list = padded([...new Set(locals)]);
  return { sql: `(${notPlain} OR ${local} IN (${list.map((_, i) => `$${firstParam + i}`).join(', ')}))`, params: list };
}
