import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Name / e-mail substring search ("q") served by a trigram index, the one place that builds it (lists, the
 * diagnosis' person search, anything else that searches people).
 *
 * Meaning, on both databases: a row matches when one of the columns, lower-cased by the database's LOWER(),
 * contains the term lower-cased (JavaScript `toLowerCase`) — exactly `LOWER(col) LIKE '%term%'` with `%`, `_` and
 * `\` taken literally: the answer is the plain LIKE scan's answer (test/text-search.e2e-spec.ts compares them, rows,
 * order and total, on generated data with mixed case and accents, through every plan below).
 *
 * - SQLite: a contentless FTS5 table over `LOWER(col)` with case-sensitive trigrams, kept in step by INSERT/UPDATE/DELETE
 *   triggers (`sqliteExactSearchIndex` in database/search-index.ts, migration ExactSearchIndexes). For a term of three
 *   characters or more a phrase query of the lower-cased term matches exactly the rows of the LIKE, so the index alone
 *   decides. The query first reads the index's first `SEARCH_TIERS.count` matches (rowid order): how many there are
 *   and how far into the table the last of them lies (an estimate of all the matches, `≈ count × top rowid / last
 *   rowid`). Then —
 *   - fewer than `SEARCH_TIERS.read` matches (counted, or estimated): the rows are read by the index's rowids
 *     (`rowid IN (… MATCH …)`) and sorted — one random read per match, whatever the term;
 *   - estimated under `SEARCH_TIERS.dense`: the list walks its sort index in order and keeps the rowids of the
 *     index's answer (`+rowid IN (… MATCH …)`: SQLite builds the set once, then probes it for each index entry
 *     without reading the table), and stops after the page; the set is built from the term's covering trigrams
 *     (`ftsCover`, a superset that costs about half the phrase) and the entries in it are tested with the plain
 *     predicate on the index's own columns;
 *   - more (the term is in a few per cent of the rows or more): the plain predicate, tested on the sort index's own
 *     columns while walking it (the e-mail indexes of Severa users and portal accounts carry the name): a page is
 *     met after ~page × table / matches entries, without building the set of every match.
 *   Both walks cost what lies before the page in the sort order: matches that all sort late (a first name, with the
 *   list sorted by e-mail) walk most of the index (bench/README.md, "q" misses); reading the matches does not depend
 *   on the order, which is why it is used as far as its cost stays bounded.
 *   The count is returned (`TextSearchResult.tableMatches`): a list whose only condition is the search uses it for its
 *   capped total instead of counting again (pagination.ts).
 * - PostgreSQL: a `pg_trgm` GIN index on `LOWER(col)` per column; the planner uses it for the LIKE itself. The e-mail
 *   indexes of Severa users and portal accounts also hold LOWER(email) and LOWER(name) (migration SearchWalkIndexes),
 *   the organizations' name index LOWER(name) (migration OrganizationNameWalkIndex).
 *   A list of those three whose only condition is the search takes its capped total and its page from the ids of its
 *   first `SEARCH_TIERS.count` matches in its order (`TextSearchResult.matchIds`, pagination.ts), found in one of two
 *   ways, chosen like SQLite's plans by an estimate of the matches — here from a sample of the table's pages (0.25 %,
 *   at least `samplePages` pages; pgSearchPlan, ~2 ms at 1M rows): sorted by the walk index's column and estimated at
 *   `PG_SEARCH_TIERS.read` matches or more, a walk of that index that tests its own lower-cased values (pgWalkIds),
 *   given up after `walkPerMatch` entries per estimated match (20,000–200,000: past that, reading the matches costs
 *   less); otherwise, or when the walk gives up, the trigram index's matches, read and sorted (cost ∝ matches).
 *   The planner's own estimate of a `%term%` is not used for this choice: with the default 100-entry histogram it
 *   sees no entry of a term in 0.5 % of the rows (then reads 5,000 matches where the walk meets them in 37,000
 *   entries), or takes a term in 0.1 % for 1 % (then walks 860,000 entries for 1,001 matches that are not there); a
 *   10,000-entry histogram estimates well but costs ~5 ms of planning per search.
 *
 * Terms under 3 characters have no trigram: they run as the plain LIKE scan.
 */
export interface TextSearchIndex {
  /** The base table. */
  table: string;
  /** Searched columns (SQL names). */
  columns: readonly string[];
  /** The SQLite FTS5 table (contentless, keyed by the rowid of `table`). */
  fts: string;
  /**
   * PostgreSQL: an index on this column (then id) holds the lower-cased searched columns (migration
   * SearchWalkIndexes): a search alone sorted by it walks that index first (pgWalkIds).
   */
  pgWalkColumn?: string;
}

/** The SQLite plan thresholds (see above). */
export interface SearchTiers {
  /** The index's matches read to count and estimate; the list's count cap + 1 makes the count its capped total. */
  count: number;
  /** Under this many (estimated) matches the rows are read by rowid. */
  read: number;
  /** From this many estimated matches on, the plain predicate on the sort index walk instead of the index's answer. */
  dense: number;
}
export const SEARCH_TIERS: SearchTiers = { count: 1_001, read: 2_000, dense: 25_000 };

/** What a search found out while planning. */
export interface TextSearchResult {
  /**
   * SQLite, terms of three characters or more: the matches in the whole table (before any other condition of the
   * query), counted up to `SEARCH_TIERS.count` (`atLeast`: there may be more).
   */
  tableMatches?: { n: number; atLeast: boolean };
  /**
   * PostgreSQL: a list whose only condition is the search may read the ids of up to this many matches in its order,
   * and take its total and page from them (pagination.ts).
   */
  matchIds?: number;
  /** PostgreSQL, a table with a walk index: the search, for pgWalkIds. */
  pgWalk?: { index: TextSearchIndex; term: string };
}

/** PostgreSQL's plan thresholds for a search alone on a table with a walk index (see the header). */
export interface PgSearchTiers {
  /** Percentage of the table's pages sampled (`TABLESAMPLE SYSTEM`, the same pages every time) to estimate the matches. */
  samplePercent: number;
  /**
   * At least about this many pages are sampled (a higher percentage for a smaller table): 0.25 % of a 100,000-row
   * table is two or three pages, or none, and estimates nothing.
   */
  samplePages?: number;
  /** Under this many estimated matches they are read through the trigram index; from it on the walk index is walked. */
  read: number;
  /**
   * Entries the walk passes per estimated match before it gives up and the matches are read instead: reading costs
   * ≈ 6 µs a match (table page + recheck), walking ≈ 0.2 µs an entry (measured at 1M, bench/README.md).
   */
  walkPerMatch: number;
  /** The walk's budget is at least this many entries, and at most `walkBudget`. */
  walkMin: number;
  walkBudget: number;
}
export const PG_SEARCH_TIERS: PgSearchTiers = { samplePercent: 0.25, samplePages: 20, read: 2_000, walkPerMatch: 30, walkMin: 20_000, walkBudget: 200_000 };

/** A table's size in pages, as the sample's percentage needs it: looked up at most every ten minutes per process. */
const PAGES_TTL_MS = 600_000;
const pagesOf = new Map<string, { pages: number; at: number }>();
async function tablePages(query: (sql: string, params: unknown[]) => Promise<{ m: string | number }[]>, table: string): Promise<number> {
  const known = pagesOf.get(table);
  if (known && Date.now() - known.at < PAGES_TTL_MS) return known.pages;
  const [row] = await query(`SELECT pg_relation_size($1::regclass) / current_setting('block_size')::int AS m`, [`"${table}"`]);
  const pages = Number(row?.m ?? 0);
  pagesOf.set(table, { pages, at: Date.now() });
  return pages;
}

/** PostgreSQL: the plan by a sample of the table's pages (see the header), with the walk's budget for a walk. */
export async function pgSearchPlan(
  query: (sql: string, params: unknown[]) => Promise<{ m: string | number }[]>,
  index: TextSearchIndex,
  term: string,
  tiers: PgSearchTiers = PG_SEARCH_TIERS,
): Promise<{ plan: 'walk' | 'read'; estimate: number; budget: number }> {
  const match = likeAnySql(index.columns, [term], 1);
  const pages = tiers.samplePages ? await tablePages(query, index.table) : 0;
  const percent = Number(Math.min(100, Math.max(tiers.samplePercent, pages ? ((tiers.samplePages ?? 0) * 100) / pages : 0)).toFixed(4));
  const [row] = await query(`SELECT COUNT(*) AS m FROM "${index.table}" TABLESAMPLE SYSTEM (${percent}) REPEATABLE (0) WHERE ${match.sql}`, match.params);
  const estimate = (Number(row?.m ?? 0) * 100) / percent;
  const budget = Math.min(tiers.walkBudget, Math.max(tiers.walkMin, Math.round(estimate * tiers.walkPerMatch)));
  return { plan: estimate >= tiers.read ? 'walk' : 'read', estimate, budget };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The LIKE pattern for a term. */
export const likePattern = (term: string) => `%${escapeLike(term.toLowerCase())}%`;

const ftsString = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** An FTS5 query for the term as one literal string (a phrase; `"` doubled). */
export const ftsPhrase = (term: string) => ftsString(term.toLowerCase());

/**
 * An FTS5 query for a superset of the phrase's rows: the trigrams that cover the lower-cased term without overlap
 * (characters 1–3, 4–6, …, and the last three), ANDed, positions not compared. Every row with the phrase has them;
 * a row with them all may lack the phrase, so it is only used with the exact predicate beside it. For a frequent
 * term it costs about half the phrase (fewer doclists, no position lists: 5 vs 11 ms for `anna.berg` at 1M rows).
 */
export function ftsCover(term: string): string {
  const chars = [...term.toLowerCase()];
  const parts: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i += 3) parts.push(chars.slice(i, i + 3).join(''));
  if (chars.length % 3) parts.push(chars.slice(-3).join(''));
  return parts.map(ftsString).join(' AND ');
}

const hasTrigram = (term: string) => [...term].length >= 3;

/** The exact predicate (what the index must agree with). */
export function likeCondition(alias: string, index: TextSearchIndex, param: string): string {
  return '(' + index.columns.map((c) => `LOWER(${alias}."${c}") LIKE :${param} ESCAPE '\\'`).join(' OR ') + ')';
}

/** Whether a query builder runs on PostgreSQL. */
export const isPostgres = (qb: SelectQueryBuilder<ObjectLiteral>) => qb.connection.options.type === 'postgres';

/**
 * The index's first `limit` matches of the term in the whole table (SQLite only): how many (`n`), the rowid of the
 * last of them and the table's top rowid (`n × top / last` estimates all the matches when `n` reached the limit).
 */
export async function sqliteMatchSample(qb: SelectQueryBuilder<ObjectLiteral>, index: TextSearchIndex, term: string, limit: number): Promise<{ n: number; last: number; top: number }> {
  const [row] = await qb.connection.query<({ n?: number; last?: number | null; top?: number | null } | undefined)[]>(
    `SELECT COUNT(*) AS n, MAX(rowid) AS last, (SELECT MAX(rowid) FROM "${index.table}") AS top FROM (SELECT rowid FROM "${index.fts}" WHERE "${index.fts}" MATCH ? LIMIT ${limit})`,
    [ftsPhrase(term)],
  );
  return { n: Number(row?.n ?? 0), last: Number(row?.last ?? 0), top: Number(row?.top ?? 0) };
}

export type SqliteSearchPlan = 'read' | 'probe' | 'walk';

/** The plan for a sample of the index's matches (see the header). */
export function sqlitePlan(sample: { n: number; last: number; top: number }, tiers: SearchTiers): SqliteSearchPlan {
  const estimate = sample.n < tiers.count ? sample.n : sample.last > 0 ? (sample.n * sample.top) / sample.last : Infinity;
  return estimate < tiers.read ? 'read' : estimate < tiers.dense ? 'probe' : 'walk';
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
  tiers: SearchTiers = SEARCH_TIERS,
): Promise<TextSearchResult> {
  const alias = qb.alias;
  if (isPostgres(qb) || !hasTrigram(term)) {
    qb.andWhere(likeCondition(alias, index, param), { [param]: likePattern(term) });
    return isPostgres(qb) && index.pgWalkColumn ? { matchIds: tiers.count, pgWalk: { index, term } } : {};
  }
  const sample = await sqliteMatchSample(qb, index, term, tiers.count);
  const plan = sqlitePlan(sample, tiers);
  const inIndex = `${alias}.rowid IN (SELECT rowid FROM "${index.fts}" WHERE "${index.fts}" MATCH :${param}_fts)`;
  if (plan === 'walk') qb.andWhere(likeCondition(alias, index, param), { [param]: likePattern(term) });
  else if (plan === 'read') qb.andWhere(inIndex, { [`${param}_fts`]: ftsPhrase(term) });
  // The probe's set is built whole before the walk: its cover (a superset, cheaper to build), and the exact predicate
  // on the sort index's own columns for the entries in it.
  else qb.andWhere(`+${inIndex} AND ${likeCondition(alias, index, param)}`, { [`${param}_fts`]: ftsCover(term), [param]: likePattern(term) });
  return { tableMatches: { n: sample.n, atLeast: sample.n >= tiers.count } };
}

/**
 * PostgreSQL: the ids of the first `n` matches in `pgWalkColumn` order (then id), found by walking at most `budget`
 * entries of the walk index — an index-only scan that tests the index's own lower-cased columns for the lower-cased
 * term (strpos: a literal substring, the LIKE's meaning), whatever the term's trigrams. Null when fewer than `n`
 * matches lie within the budget (the caller reads the trigram index's matches instead): a term frequent in the table,
 * or whose matches cluster early in the order (an e-mail prefix), is met within a few thousand entries; a rare one
 * would walk the whole index.
 */
export async function pgWalkIds(
  query: (sql: string, params: unknown[]) => Promise<{ id: string }[]>,
  index: TextSearchIndex,
  term: string,
  order: 'ASC' | 'DESC',
  n: number,
  budget = PG_SEARCH_TIERS.walkBudget,
): Promise<string[] | null> {
  const sort = `"${index.pgWalkColumn}"`;
  const lowered = index.columns.map((c, i) => `LOWER("${c}") AS s${i}`).join(', ');
  // strpos(s, term) > 0 is `s LIKE '%term%'` with the term taken literally (what likePattern escapes for): 10–30 %
  // cheaper per entry than the LIKE at 1M rows (bench/README.md, ninth round).
  const match = index.columns.map((_, i) => `strpos(w.s${i}, $1) > 0`).join(' OR ');
  const rows = await query(
    `SELECT w.id FROM (SELECT id, ${sort} AS k, ${lowered} FROM "${index.table}" ORDER BY ${sort} ${order}, id ${order} LIMIT ${budget}) w ` +
      `WHERE ${match} ORDER BY w.k ${order}, w.id ${order} LIMIT ${n}`,
    [term.toLowerCase()],
  );
  return rows.length >= n ? rows.map((r) => r.id) : null;
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
