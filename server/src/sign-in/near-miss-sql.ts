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
 *
 * In SQL it is one indexed expression, the row's **near-miss key**:
 *
 *     organizationId || '/' || (CASE WHEN not plain THEN '' ELSE plainLocal(email) END)
 *
 * (a plain e-mail's local part is never empty, an organization id never holds a `/`), so the filter is
 * `key IN (org || '/', org || '/' || each key's local part)` — an equality lookup in the expression index of
 * migration NearMissKeyIndexes on Severa users and portal accounts instead of reading the whole organization (the
 * 1,000-user organizations of the scale data: bench/README.md, "eighth round"). The index's expression and
 * nearMissKeySql() must stay the same text: test/near-miss-index.e2e-spec.ts checks that both databases use it.
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

/** The row's near-miss key in SQL (see above): what the NearMissKeyIndexes migration indexes, for the column `email`. */
export function nearMissKeySql(postgres: boolean, column = 'email'): string {
  const c = `"${column}"`;
  const notPlain = postgres ? `(${c} ~ '[^!-~]' OR ${c} !~ '^[^@]+@[^@]*$')` : `(${c} GLOB '*[^!-~]*' OR ${c} NOT GLOB '?*@*' OR ${c} GLOB '*@*@*' OR ${c} GLOB '@*')`;
  const at = postgres ? `strpos(${c}, '@')` : `instr(${c}, '@')`;
  const plus = postgres ? `strpos(${c}, '+')` : `instr(${c}, '+')`;
  // Guarded so that no row (plain or not) gives substr a negative length (PostgreSQL refuses one).
  const local = `CASE WHEN ${at} > 1 THEN LOWER(substr(${c}, 1, CASE WHEN ${plus} > 1 AND ${plus} < ${at} THEN ${plus} ELSE ${at} END - 1)) ELSE '' END`;
  return `("organizationId" || '/' || CASE WHEN ${notPlain} THEN '' ELSE ${local} END)`;
}

/**
 * The rows of the organization that may have one of the keys: `nearMissKeySql() IN (…)` with its values as
 * parameters from `$firstParam` (it also bounds the organization), or null when a key has no plain form (an empty
 * local part, or no `@`): then only reading every row of the organization is safe.
 */
export function nearMissFilterSql(postgres: boolean, column: string, organizationId: string, keys: readonly string[], firstParam: number): { sql: string; params: (string | null)[] } | null {
  const locals = keys.map((k) => (k.startsWith('\u0000') || !k.endsWith('@*') ? '' : keyLocal(k)));
  if (locals.some((l) => !l)) return null;
  // Padded with NULLs (which match nothing) to a power of two: few distinct statements to prepare.
  const values = [`${organizationId}/`, ...padded([...new Set(locals)]).map((l) => (l === null ? null : `${organizationId}/${l}`))];
  return { sql: `${nearMissKeySql(postgres, column)} IN (${values.map((_, i) => `$${firstParam + i}`).join(', ')})`, params: values };
}
