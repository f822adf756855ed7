import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Name / e-mail substring search ("q") served by a trigram index, the one place that builds it (lists, the
 * diagnosis' person search, anything else that searches people).
 *
 * Meaning, on both databases: a row matches when one of the columns, lower-cased by the database's LOWER(),
 * contains the term lower-cased (JavaScript `toLowerCase`) — exactly `LOWER(col) LIKE '%term%'` with `%`, `_` and
 * `\` taken literally. The index only narrows the candidates; that predicate is always applied too, so the answer is
 * the plain LIKE scan's answer (test/text-search.e2e-spec.ts compares them on generated data with mixed case and accents).
 *
 * - SQLite: an FTS5 table with the `trigram` tokenizer over the columns (external content: it stores no copy of the
 *   text, only the index, keyed by the base table's rowid), kept in step by INSERT/UPDATE/DELETE triggers — see
 *   `sqliteSearchIndexSql` in database/search-index.ts, used by the migration. The trigram tokenizer folds case,
 *   keeps accents; a LIKE match is always an FTS match, so the FTS candidates are a superset.
 * - PostgreSQL: a `pg_trgm` GIN index on `LOWER(col)` per column; the planner uses it for the LIKE itself.
 *
 * Terms under 3 characters have no trigram: they run as the plain LIKE scan. On SQLite a term that matches more
 * than `COMMON_TERM` rows of the whole table is also run as the plain predicate: the list walks its sort index and
 * stops after a page (the term is everywhere), which is faster than reading every candidate from the index.
 */
export interface TextSearchIndex {
  /** The base table. */
  table: string;
  /** Searched columns (SQL names). */
  columns: readonly string[];
  /** The SQLite FTS5 table (external content of `table`). */
  fts: string;
}

/** At or above this many candidates the SQLite search stops using the trigram index (see above). */
export const COMMON_TERM = 10_001;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The LIKE pattern for a term. */
export const likePattern = (term: string) => `%${escapeLike(term.toLowerCase())}%`;

/** An FTS5 query for the term as one literal string (a phrase; `"` doubled). */
export const ftsPhrase = (term: string) => `"${term.toLowerCase().replace(/"/g, '""')}"`;

const hasTrigram = (term: string) => [...term].length >= 3;

/** The exact predicate (what the index must agree with). */
export function likeCondition(alias: string, index: TextSearchIndex, param: string): string {
  return '(' + index.columns.map((c) => `LOWER(${alias}."${c}") LIKE :${param} ESCAPE '\\'`).join(' OR ') + ')';
}

const isPostgres = (qb: SelectQueryBuilder<ObjectLiteral>) => qb.connection.options.type === 'postgres';

/** Rows of the whole table that the trigram index offers for a term, counted up to `limit`. SQLite only. */
export async function sqliteCandidateCount(qb: SelectQueryBuilder<ObjectLiteral>, index: TextSearchIndex, term: string, limit = COMMON_TERM): Promise<number> {
  const [row] = await qb.connection.query<({ n?: number | string } | undefined)[]>(`SELECT COUNT(*) AS n FROM (SELECT rowid FROM "${index.fts}" WHERE "${index.fts}" MATCH ? LIMIT ${limit})`, [ftsPhrase(term)]);
  return Number(row?.n ?? 0);
}

/**
 * Adds "matches `term`" to a query builder whose main alias is a row of `index.table`.
 * `param` names the bound parameters (unique within the query).
 */
export async function applyTextSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  index: TextSearchIndex,
  term: string,
  param = 'textSearch',
  commonTerm = COMMON_TERM,
): Promise<SelectQueryBuilder<T>> {
  const alias = qb.alias;
  qb.andWhere(likeCondition(alias, index, param), { [param]: likePattern(term) });
  if (isPostgres(qb) || !hasTrigram(term)) return qb;
  if ((await sqliteCandidateCount(qb, index, term, commonTerm)) >= commonTerm) return qb;
  return qb.andWhere(`${alias}.rowid IN (SELECT rowid FROM "${index.fts}" WHERE "${index.fts}" MATCH :${param}_fts)`, { [`${param}_fts`]: ftsPhrase(term) });
}

/**
 * The exact predicate for raw SQL (`$n` parameters from `firstParam`): a row matches any of the terms. For reads
 * already bounded by an index of a small scope (one organization's rows), where the trigram index of the whole
 * table would only add candidates from everywhere else: the scope's rows are tested directly. Same meaning as
 * likeCondition.
 */
export function likeAnySql(columns: readonly string[], terms: readonly string[], firstParam: number): { sql: string; params: (string | null)[] } {
  const params = padded(terms.map(likePattern));
  // `|| ''` (the same text) keeps PostgreSQL's planner off the whole table's trigram index, which it would otherwise
  // AND with the scope's index: 12 ms for a common term at 1M rows instead of < 1 ms for the scope's rows.
  const parts = params.map((_, i) => columns.map((c) => `LOWER("${c}" || '') LIKE $${firstParam + i} ESCAPE '\\'`).join(' OR '));
  return { sql: `(${parts.join(' OR ')})`, params };
}

/**
 * A parameter list padded with NULLs to the next power of two (`x LIKE NULL` and `x IN (…, NULL)` never hold), so
 * that a query with a variable number of terms has a few distinct texts: Db.sql prepares and keeps each one.
 */
export function padded<T>(values: readonly T[]): (T | null)[] {
  let n = 1;
  while (n < values.length) n *= 2;
  return [...values, ...Array<null>(n - values.length).fill(null)];
}
