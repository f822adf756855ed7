import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Database, Statement } from 'better-sqlite3';

export const newId = (): string => randomUUID();

/** One statement of an atomic() body: `$1…$n` placeholders, values converted as sql() converts them. */
export interface SqlStep {
  sql: string;
  params: unknown[];
}
export const step = (sql: string, params: unknown[] = []): SqlStep => ({ sql, params });
/** One read of a readAll(): a statement (`$1…$n` placeholders, one value per placeholder) and what its rows mean. */
export interface Read<T> extends SqlStep {
  /** Shapes the rows: sql()'s row shape, or on PostgreSQL the row as JSON (timestamps as ISO text: read them with date()). */
  parse(rows: Record<string, unknown>[]): T;
}
export const read = <T>(sql: string, params: unknown[], parse: (rows: Record<string, unknown>[]) => T): Read<T> => ({ sql, params, parse });
/** What readAll() answers: each read's parsed result, in the order of the reads. */
export type ReadResults<R extends readonly Read<unknown>[]> = { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never };
/** What an atomic() body gets besides the rows of its statements. */
export interface AtomicTx {
  /** Runs `hook` once the transaction has committed (never when it rolls back); the hook must not throw. */
  afterCommit(hook: () => void): void;
}
/** An atomic() body: yields its statements one by one and receives each one's rows (sql()'s result shape). */
export type AtomicBody<T> = (tx: AtomicTx) => Generator<SqlStep, T, Record<string, unknown>[]>;

interface PgClient {
  query(q: { name?: string; text: string; values?: unknown[] } | string): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null; command: string }>;
  release(err?: Error | boolean): void;
}
interface PgPool {
  connect(): Promise<PgClient>;
  query: PgClient['query'];
}

/** ISO date-time text that carries its zone (PostgreSQL's JSON form of timestamptz: `…T10:00:00.123+00:00`). */
const ZONED = /T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d){0,2})$/;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The text form TypeORM stores SQLite datetimes in (UTC). */
function toSqlite(v: unknown): unknown {
  if (v instanceof Date) {
    return `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}.${pad(v.getUTCMilliseconds(), 3)}`;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * Transactions for both databases. SQLite has one connection per process, so TypeORM would interleave
 * concurrent transactions on it; here they queue and run one after another. Every write goes through tx().
 */
@Injectable()
export class Db {
  readonly isPostgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly ds: DataSource) {
    this.isPostgres = ds.options.type === 'postgres';
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  private readonly commitHooks = new WeakMap<EntityManager, (() => void)[]>();
  private readonly finalSteps = new WeakMap<EntityManager, (() => Promise<void>)[]>();

  /** SQLite: transactions queued or running through tx() (an atomic() body runs at once only when this is 0). */
  private pendingTx = 0;

  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const hooks: (() => void)[] = [];
    const start = () =>
      this.ds
        .transaction(async (m) => {
          this.commitHooks.set(m, hooks);
          const steps: (() => Promise<void>)[] = [];
          this.finalSteps.set(m, steps);
          const result = await fn(m);
          for (const step of steps) await step();
          return result;
        })
        .then((result) => {
          for (const hook of hooks) setImmediate(hook);
          return result;
        });
    if (this.isPostgres) return start();
    return this.enqueue(start);
  }

  private enqueue<T>(start: () => Promise<T> | T): Promise<T> {
    this.pendingTx++;
    const run = this.queue.then(start).finally(() => void this.pendingTx--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A transaction whose body is a generator of statements (the hot path: the portal hand-off), without TypeORM's
   * query runner. SQLite: ONE synchronous better-sqlite3 transaction on the one connection — at once when no tx()
   * is open or queued, else in its turn on the same queue (so it never lands inside another transaction).
   * PostgreSQL: one pool client, BEGIN, each statement as a named prepared statement, COMMIT (ROLLBACK on error).
   * Statement errors are QueryFailedErrors thrown into the body; afterCommit hooks run as tx()'s do.
   */
  atomic<T>(body: AtomicBody<T>): Promise<T> {
    if (this.isPostgres) return this.atomicPg(body);
    const handle = this.sqliteHandle();
    if (!handle) return this.atomicViaTx(body);
    const run = (): T => {
      const hooks: (() => void)[] = [];
      // drive() without await: better-sqlite3 runs the whole body in one synchronous transaction.
      const result = handle.transaction(() => {
        const it = body({ afterCommit: (hook) => void hooks.push(hook) });
        let r = it.next();
        while (!r.done) {
          let rows: Record<string, unknown>[];
          try {
            rows = this.sqliteRun(r.value.sql, r.value.params);
          } catch (e) {
            r = it.throw(e);
            continue;
          }
          r = it.next(rows);
        }
        return r.value;
      })();
      for (const hook of hooks) setImmediate(hook);
      return result;
    };
    if (this.pendingTx === 0 && !handle.inTransaction) {
      try {
        return Promise.resolve(run());
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    return this.enqueue(run);
  }

  /** The fallback when the driver's own connection or pool is not reachable: the body's statements through tx() and sql(). */
  private atomicViaTx<T>(body: AtomicBody<T>): Promise<T> {
    return this.tx((m) => this.drive(body, { afterCommit: (hook) => this.afterCommit(m, hook) }, (st) => this.sql(m, st.sql, st.params)));
  }

  /** Runs a generator body against an async statement runner (PostgreSQL, and the fallbacks through tx()). */
  private async drive<T>(body: AtomicBody<T>, tx: AtomicTx, exec: (st: SqlStep) => Promise<Record<string, unknown>[]>): Promise<T> {
    const it = body(tx);
    let r = it.next();
    while (!r.done) {
      let rows: Record<string, unknown>[];
      try {
        rows = await exec(r.value);
      } catch (e) {
        r = it.throw(e);
        continue;
      }
      r = it.next(rows);
    }
    return r.value;
  }

  private async atomicPg<T>(body: AtomicBody<T>): Promise<T> {
    const pool = this.pgPool();
    if (!pool) return this.atomicViaTx(body);
    const client = await pool.connect();
    const hooks: (() => void)[] = [];
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.drive(body, { afterCommit: (hook) => void hooks.push(hook) }, (st) => this.pgRun(client, st.sql, st.params));
      await client.query('COMMIT');
      for (const hook of hooks) setImmediate(hook);
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((err: Error) => void (broken = err));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private readonly pgNames = new Map<string, string>();

  /** A statement on a pg client as a named prepared statement; the result shaped as TypeORM's query() shapes it. */
  private async pgRun(client: Pick<PgClient, 'query'>, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    let name = this.pgNames.get(sql);
    if (!name) this.pgNames.set(sql, (name = 'ad_' + createHash('sha1').update(sql).digest('hex').slice(0, 24)));
    let raw: Awaited<ReturnType<PgClient['query']>>;
    try {
      raw = await client.query({ name, text: sql, values: params });
    } catch (e) {
      throw new QueryFailedError(sql, params, e as Error);
    }
    // TypeORM answers [rows, rowCount] for UPDATE and DELETE (sql() keeps returning what m.query() returned).
    return raw.command === 'UPDATE' || raw.command === 'DELETE' ? ([raw.rows, raw.rowCount] as unknown as Record<string, unknown>[]) : raw.rows;
  }

  private pgPool(): PgPool | null {
    const pool = (this.ds.driver as unknown as { master?: PgPool }).master;
    return pool && typeof pool.connect === 'function' ? pool : null;
  }

  /**
   * Runs `hook` once the transaction `m` belongs to has committed (never when it rolls back), e.g. to wake a worker
   * that reads the rows through another connection. Outside a tx() it runs on the next turn of the event loop.
   * The hook must not throw.
   */
  afterCommit(m: EntityManager, hook: () => void): void {
    const hooks = this.commitHooks.get(m);
    if (hooks) hooks.push(hook);
    else setImmediate(hook);
  }

  /**
   * Runs `step` as the last statements of the transaction `m` belongs to, after everything `fn` did and just before
   * the commit (a failing step rolls the transaction back), e.g. to take a lock that is then held only until the
   * commit. Steps run in the order they were added. Outside a tx() it runs now.
   */
  async beforeCommit(m: EntityManager, step: () => Promise<void>): Promise<void> {
    const steps = this.finalSteps.get(m);
    if (steps) steps.push(step);
    else await step();
  }

  private readonly translated = new Map<string, { sql: string; order: number[]; stmt?: Statement }>();

  /**
   * Runs hand-written SQL with `$1…$n` placeholders on either database (hot paths where the query builder's
   * overhead matters). Dates and booleans are converted the way the entities store them.
   */
  async sql<T = Record<string, unknown>>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.isPostgres) {
      // Outside a transaction: a named prepared statement on the pool, without a TypeORM query runner per query.
      const pool = m.queryRunner ? null : this.pgPool();
      return pool ? ((await this.pgRun(pool, sql, params)) as T[]) : m.query(sql, params);
    }
    const t = this.translate(sql);
    const values = t.order.map((i) => toSqlite(params[i]));
    if (t.stmt && m.queryRunner?.isReleased !== true) return this.sqliteExec(t, values) as T[];
    const rows: unknown = await m.query(t.sql, values);
    return Array.isArray(rows) ? (rows as T[]) : [];
  }

  /**
   * Independent reads at once. On PostgreSQL outside a transaction they are one statement — each read a subquery
   * whose rows come back as one JSON array, in the read's own order — so one round trip and one backend instead of
   * one per read (on two cores, parallel statements compete with each other's backends and with node). Elsewhere
   * (SQLite, whose statements are synchronous anyway, inside a transaction, or a single read) each read is run by sql().
   * Each read's rows are the rows it would give alone (test/db-read-all.e2e-spec.ts), bar the JSON types.
   */
  async readAll<R extends readonly Read<unknown>[]>(m: EntityManager, reads: R): Promise<ReadResults<R>> {
    for (const r of reads) if (this.placeholders(r.sql) > r.params.length) throw new Error(`readAll: a placeholder without a value in ${r.sql}`);
    const pool = this.isPostgres && !m.queryRunner && reads.length > 1 ? this.pgPool() : null;
    if (!pool) {
      const out: unknown[] = [];
      for (const r of reads) out.push(await this.readOne(m, r));
      return out as ReadResults<R>;
    }
    const params: unknown[] = [];
    const columns = reads.map((r, i) => {
      const offset = params.length;
      params.push(...r.params);
      return `(SELECT coalesce(json_agg(q), '[]'::json) FROM (${r.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)}) q) AS r${i}`;
    });
    const [row] = await this.pgRun(pool, `SELECT ${columns.join(',\n       ')}`, params);
    return reads.map((r, i) => r.parse(row[`r${i}`] as Record<string, unknown>[])) as ReadResults<R>;
  }

  /** One read by sql(), shaped by its parse function (what readAll() does for a single read, without its batching). */
  async readOne<T>(m: EntityManager, r: Read<T>): Promise<T> {
    return r.parse(await this.sql(m, r.sql, r.params));
  }

  private readonly maxPlaceholder = new Map<string, number>();

  /** The highest `$n` of a statement (0 without any). */
  private placeholders(sql: string): number {
    let n = this.maxPlaceholder.get(sql);
    if (n === undefined) this.maxPlaceholder.set(sql, (n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((x) => Number(x[1])))));
    return n;
  }

  private translate(sql: string): { sql: string; order: number[]; stmt?: Statement } {
    let t = this.translated.get(sql);
    if (!t) {
      const order: number[] = [];
      t = { sql: sql.replace(/\$(\d+)/g, (_, n) => (order.push(Number(n) - 1), '?')), order };
      // SQLite has one connection (every query runner and transaction uses it): the statement is prepared once on
      // it and run directly, without TypeORM's per-query work. Same connection, so the same transaction.
      const handle = this.sqliteHandle();
      if (handle) t.stmt = handle.prepare(t.sql);
      this.translated.set(sql, t);
    }
    return t;
  }

  private sqliteExec(t: { sql: string; stmt?: Statement }, values: unknown[]): Record<string, unknown>[] {
    try {
      if (t.stmt!.reader) return t.stmt!.all(values) as Record<string, unknown>[];
      t.stmt!.run(values);
      return [];
    } catch (e) {
      throw new QueryFailedError(t.sql, values, e as Error);
    }
  }

  private sqliteRun(sql: string, params: unknown[]): Record<string, unknown>[] {
    const t = this.translate(sql);
    return this.sqliteExec(t, t.order.map((i) => toSqlite(params[i])));
  }

  private sqliteHandle(): Database | null {
    const h = (this.ds.driver as unknown as { databaseConnection?: Database }).databaseConnection;
    return h && typeof h.prepare === 'function' ? h : null;
  }

  /**
   * A timestamp read by sql() or readAll(): SQLite keeps UTC text without a zone, PostgreSQL returns a Date (as JSON,
   * ISO text with its offset).
   */
  date(v: unknown): Date | null {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v;
    const s = `${v as string}`;
    return new Date(ZONED.test(s) ? s : s.replace(' ', 'T') + 'Z');
  }

  bool(v: unknown): boolean {
    return v === true || v === 1 || v === '1';
  }

  /** Serializes writers of one kind across processes (PostgreSQL advisory lock; SQLite is already serial). */
  async lock(m: EntityManager, name: string): Promise<void> {
    if (this.isPostgres) await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }
}
