import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError, ErrorCode } from './errors.js';
import { applyTextSearch, escapeLike, isPostgres, pgSearchPlan, pgWalkIds, type TextSearchIndex, type TextSearchResult } from './text-search.js';

export type FilterType = 'string' | 'boolean' | 'number' | 'date' | 'stringOrArray' | 'intOrArray';

export interface FilterDef {
  type: FilterType;
  /** Allowed values for an enum-like string filter. */
  values?: readonly string[];
  /**
   * Adds the condition; `p` is a unique parameter name. `value` has passed checkValue for `type` (a method, so that
   * a builder may name the checked shape, e.g. `v: string[]` for 'stringOrArray').
   */
  apply(qb: SelectQueryBuilder<ObjectLiteral>, value: unknown, p: string): unknown;
  /** When this filter is used, count at most this many matches (see ListSpec.countCap). */
  countCap?: number;
}

export interface ListSpec {
  resource: string;
  /** API sort field → SQL column expression. */
  sortable: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  filters: Record<string, FilterDef>;
  /** Tie-breaker column for stable pages (defaults to `<alias>.id`). */
  tieBreaker?: string;
  /**
   * Tables that grow without bound (millions of attempts or events) count at most this many matching rows:
   * past it the total is reported as cap + 1 with `X-Total-Capped: true`, and the console shows "more than N".
   */
  countCap?: number;
  /**
   * PostgreSQL: the table whose row count a trigger keeps in `table_row_counts` (migration TableRowCounts): the list
   * with no filter and no scope takes its total from there instead of counting the table.
   */
  rowCount?: string;
}

export interface ListQuery {
  offset: number;
  limit: number;
  sort: [string, 'ASC' | 'DESC'];
  filter: Record<string, unknown>;
}

export const MAX_PAGE = 1000;

/**
 * A search (`q`) counts at most this many matches: past it the total is "more than 1,000" (X-Total-Capped) and the
 * console pages with next/previous. Counting every match of a common term would read every matching row.
 */
export const SEARCH_COUNT_CAP = 1000;

function parseJson(raw: unknown, name: string): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw DomainError.invalid(name, 'must be a JSON string');
  if (raw.length > 10_000) throw DomainError.invalid(name, 'is too long');
  try {
    return JSON.parse(raw);
  } catch {
    throw DomainError.invalid(name, 'is not valid JSON');
  }
}

function checkValue(def: FilterDef, key: string, v: unknown): unknown {
  const bad = (what: string) => DomainError.invalid(`filter.${key}`, what);
  switch (def.type) {
    case 'string':
      if (typeof v !== 'string' || v.length > 320) throw bad('must be a string of at most 320 characters');
      if (def.values && !def.values.includes(v)) throw bad(`must be one of ${def.values.join(', ')}`);
      return v;
    case 'stringOrArray': {
      const arr = Array.isArray(v) ? v : [v];
      if (arr.length === 0 || arr.length > MAX_PAGE || arr.some((x) => typeof x !== 'string' || x.length > 320)) throw bad('must be a string or a list of strings');
      if (def.values && arr.some((x) => !def.values!.includes(x as string))) throw bad(`must be one of ${def.values.join(', ')}`);
      return arr;
    }
    case 'intOrArray': {
      const arr = (Array.isArray(v) ? (v as unknown[]) : [v]).map((x) => (typeof x === 'string' && /^\d{1,15}$/.test(x) ? Number(x) : x));
      if (arr.length === 0 || arr.length > MAX_PAGE || arr.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)) throw bad('must be an id or a list of ids');
      return arr;
    }
    case 'boolean':
      if (v === 'true') return true;
      if (v === 'false') return false;
      if (typeof v !== 'boolean') throw bad('must be true or false');
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('must be a number');
      return v;
    case 'date': {
      if (typeof v !== 'string' && typeof v !== 'number') throw bad('must be an ISO date');
      const d = new Date(v);
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 9999) throw bad('must be an ISO date');
      return d;
    }
  }
}

/** Parses ra-data-simple-rest's `range`, `sort` and `filter`; anything unknown is a 400. */
export function parseListQuery(query: Record<string, unknown>, spec: ListSpec): ListQuery {
  for (const k of Object.keys(query)) {
    if (!['range', 'sort', 'filter'].includes(k)) throw DomainError.invalid(k, 'is not a list parameter (use range, sort, filter)');
  }
  let offset = 0;
  let limit = 25;
  const range = parseJson(query.range, 'range');
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isSafeInteger(n) && n >= 0) || range[1] < range[0]) {
      throw DomainError.invalid('range', 'must be [first, last] with 0 ≤ first ≤ last');
    }
    const [first, last] = range as [number, number];
    offset = first;
    limit = last - first + 1;
    if (limit > MAX_PAGE) throw DomainError.invalid('range', `may span at most ${MAX_PAGE} rows`);
  }
  let sort = spec.defaultSort;
  const s = parseJson(query.sort, 'sort');
  if (s !== undefined) {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || typeof s[1] !== 'string') throw DomainError.invalid('sort', 'must be ["field", "ASC" | "DESC"]');
    const order = s[1].toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') throw DomainError.invalid('sort', 'order must be ASC or DESC');
    if (!(s[0] in spec.sortable)) throw DomainError.invalid('sort', `cannot sort by "${s[0]}"; sortable: ${Object.keys(spec.sortable).join(', ')}`);
    sort = [s[0], order];
  }
  const filter: Record<string, unknown> = {};
  const f = parseJson(query.filter, 'filter');
  if (f !== undefined) {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw DomainError.invalid('filter', 'must be a JSON object');
    for (const [k, v] of Object.entries(f)) {
      const def = spec.filters[k];
      if (!def) throw DomainError.invalid('filter', `unknown filter "${k}"; allowed: ${Object.keys(spec.filters).join(', ')}`);
      if (v === null || v === undefined || v === '') continue;
      filter[k] = checkValue(def, k, v);
    }
  }
  return { offset, limit, sort, filter };
}

/** Applies filters, sort and page, and returns the page with the exact total. */
export async function runList<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: ListQuery, spec: ListSpec): Promise<Page<T>> {
  // With no other condition (no scope, one filter), a search's own count of the whole table's matches is the total.
  const alone = qb.expressionMap.wheres.length === 0 && Object.keys(q.filter).length === 1;
  let search: TextSearchResult = {};
  let i = 0;
  for (const [k, v] of Object.entries(q.filter)) {
    const applied = await spec.filters[k].apply(qb, v, `f${i++}_${k.replace(/\W/g, '')}`);
    if (alone) search = searchResultOf(applied);
  }
  const known = search.tableMatches;
  const caps = [spec.countCap, ...Object.keys(q.filter).map((k) => spec.filters[k].countCap)].filter((c): c is number => !!c);
  const cap = caps.length ? Math.min(...caps) : undefined;
  if (search.matchIds) {
    const page = await pageFromMatchIds(qb, q, spec, search, cap);
    if (page) return page;
  }
  const kept = spec.rowCount && qb.expressionMap.wheres.length === 0 && Object.keys(q.filter).length === 0 ? await keptRowCount(qb, spec.rowCount) : null;
  const { total, capped } =
    kept !== null ? capTotal(kept, cap) : known && (!known.atLeast || (cap !== undefined && known.n > cap)) ? capTotal(known.n, cap) : await countRows(qb, cap);
  inListOrder(qb, q, spec);
  // With a capped total the rows may go on past it: fetch the page anyway.
  const rows = capped || total > q.offset ? await qb.offset(q.offset).limit(q.limit).getMany() : [];
  return new Page(spec.resource, rows, q.offset, total, capped);
}

/** The list's order: the sort column (or an expression of it), then the tie-breaker, in the same direction. */
function inListOrder<Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q, q: ListQuery, spec: ListSpec, sort = spec.sortable[q.sort[0]]): Q {
  return qb.orderBy(sort, q.sort[1]).addOrderBy(tieBreakerOf(qb, spec), q.sort[1]);
}

const tieBreakerOf = (qb: SelectQueryBuilder<ObjectLiteral>, spec: ListSpec) => spec.tieBreaker ?? `${qb.alias}.id`;

function searchResultOf(applied: unknown): TextSearchResult {
  return typeof applied === 'object' && applied !== null && ('tableMatches' in applied || 'matchIds' in applied) ? (applied as TextSearchResult) : {};
}

/**
 * A search alone (PostgreSQL, text-search.ts): the ids of the first `n` matches in the list's order. Sorted by the
 * column of a walk index and with enough matches by the sample (pgSearchPlan), the index is walked within a budget
 * (pgWalkIds); else, or when the walk gives up, one statement reads the trigram index's matches (the sort written so
 * that no index walk can serve it), or, for other sorts, leaves the plan to the planner. When the ids hold the page
 * and settle the total (all of the matches, or more than the cap), the page's rows are read by id; otherwise (a page
 * past them, a cap above them) null: the list counts and pages as any other.
 */
async function pageFromMatchIds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: ListQuery, spec: ListSpec, search: TextSearchResult, cap?: number): Promise<Page<T> | null> {
  const [field, order] = q.sort;
  const n = search.matchIds!;
  const tieBreaker = tieBreakerOf(qb, spec);
  const walk = search.pgWalk && search.pgWalk.index.pgWalkColumn === field ? search.pgWalk : undefined;
  const query = <R>(sql: string, params: unknown[]) => qb.connection.query<R[]>(sql, params);
  const plan = walk ? await pgSearchPlan(query<{ m: string }>, walk.index, walk.term) : undefined;
  let ids: (string | number)[] | null = walk && plan?.plan === 'walk' ? await pgWalkIds(query<{ id: string }>, walk.index, walk.term, order, n, plan.budget) : null;
  if (!ids) {
    const ordered = inListOrder(qb.clone().select(tieBreaker, 'id'), q, spec, walk ? `${spec.sortable[field]} || ''` : undefined).limit(n);
    ids = (await ordered.getRawMany<{ id: string | number }>()).map((r) => r.id);
  }
  const all = ids.length < n;
  if (!all && (cap === undefined || ids.length <= cap)) return null;
  if (!all && q.offset + q.limit > ids.length) return null;
  const { total, capped } = capTotal(ids.length, cap);
  const pageIds = ids.slice(q.offset, q.offset + q.limit);
  const rows = pageIds.length
    ? await inListOrder(qb.clone().andWhere(`${tieBreaker} IN (:...pageIds)`, { pageIds }), q, spec).getMany()
    : [];
  return new Page(spec.resource, rows, q.offset, total, capped);
}

/** PostgreSQL: a table's row count as its triggers keep it (ListSpec.rowCount); null elsewhere or without the row. */
async function keptRowCount(qb: SelectQueryBuilder<ObjectLiteral>, table: string): Promise<number | null> {
  if (!isPostgres(qb)) return null;
  const [row] = await qb.connection.query<{ count: string }[]>(`SELECT count FROM table_row_counts WHERE "table" = $1`, [table]);
  return row ? Number(row.count) : null;
}

/** A count as a list's total: past `cap`, cap + 1 and capped (see ListSpec.countCap). */
export const capTotal = (n: number, cap?: number) => (cap !== undefined && n > cap ? { total: cap + 1, capped: true } : { total: n, capped: false });

/** The exact count, or with a cap: COUNT over at most cap + 1 rows (an index range scan that stops early). */
export async function countRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, cap?: number): Promise<{ total: number; capped: boolean }> {
  if (!cap) return { total: await qb.clone().orderBy().getCount(), capped: false };
  const inner = qb.clone().orderBy().select('1', 'one').limit(cap + 1);
  const [sql, params] = inner.getQueryAndParameters();
  const [row] = await qb.connection.query<({ n?: number | string } | undefined)[]>(`SELECT COUNT(*) AS n FROM (${sql}) capped_count`, params);
  return capTotal(Number(row?.n ?? 0), cap);
}

/** A page of a list; the interceptor turns it into a JSON array and a Content-Range header. */
export class Page<T> {
  constructor(
    readonly resource: string,
    readonly rows: T[],
    readonly offset: number,
    readonly total: number,
    /** The total is a lower bound (see ListSpec.countCap). */
    readonly capped = false,
  ) {}

  map<U>(fn: (row: T) => U): Page<U> {
    return new Page(this.resource, this.rows.map(fn), this.offset, this.total, this.capped);
  }
}

@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof Page)) return value;
        const res = ctx.switchToHttp().getResponse<Response>();
        const last = value.rows.length ? value.offset + value.rows.length - 1 : value.offset;
        res.setHeader('Content-Range', `${value.resource} ${value.offset}-${last}/${value.total}`);
        if (value.capped) res.setHeader('X-Total-Capped', 'true');
        return value.rows as unknown[];
      }),
    );
  }
}

/** Common filter builders. */
export const F = {
  eq: (col: string, values?: readonly string[]): FilterDef => ({ type: 'string', values, apply: (qb, v, p) => qb.andWhere(`${col} = :${p}`, { [p]: v }) }),
  ids: (col: string): FilterDef => ({ type: 'stringOrArray', apply: (qb, v: string[], p) => qb.andWhere(`${col} IN (:...${p})`, { [p]: v }) }),
  /** Numeric ids (getMany's filter {"id":[…]} on a table with integer keys). */
  intIds: (col: string): FilterDef => ({ type: 'intOrArray', apply: (qb, v: number[], p) => qb.andWhere(`${col} IN (:...${p})`, { [p]: v }) }),
  bool: (col: string): FilterDef => ({ type: 'boolean', apply: (qb, v, p) => qb.andWhere(`${col} = :${p}`, { [p]: v }) }),
  /** Case-insensitive substring (LIKE with escaped wildcards). */
  contains: (col: string): FilterDef => ({
    type: 'string',
    apply: (qb, v: string, p) => qb.andWhere(`LOWER(${col}) LIKE :${p} ESCAPE '\\'`, { [p]: `%${escapeLike(v.toLowerCase())}%` }),
  }),
  /** Name / e-mail substring search over a trigram index (common/text-search.ts); same answer as `contains`. */
  search: (index: TextSearchIndex): FilterDef => ({ type: 'string', countCap: SEARCH_COUNT_CAP, apply: (qb, v: string, p) => applyTextSearch(qb, index, v, p) }),
  gte: (col: string): FilterDef => ({ type: 'date', apply: (qb, v, p) => qb.andWhere(`${col} >= :${p}`, { [p]: v }) }),
  lte: (col: string): FilterDef => ({ type: 'date', apply: (qb, v, p) => qb.andWhere(`${col} <= :${p}`, { [p]: v }) }),
};

export { escapeLike };

export { ErrorCode };
