import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Database, Statement } from 'better-sqlite3';

export const newId = (): string => randomUUID();

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
    const run = this.queue.then(start);
    this.queue = run.catch(() => undefined);
    return run;
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
    if (this.isPostgres) return m.query(sql, params);
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
    const values = t.order.map((i) => toSqlite(params[i]));
    if (t.stmt && m.queryRunner?.isReleased !== true) {
      try {
        if (t.stmt.reader) return t.stmt.all(values) as T[];
        t.stmt.run(values);
        return [];
      } catch (e) {
        throw new QueryFailedError(t.sql, values, e as Error);
      }
    }
    const rows: unknown = await m.query(t.sql, values);
    return Array.isArray(rows) ? (rows as T[]) : [];
  }

  private sqliteHandle(): Database | null {
    const h = (this.ds.driver as unknown as { databaseConnection?: Database }).databaseConnection;
    return h && typeof h.prepare === 'function' ? h : null;
  }

  /** A timestamp read by sql(): SQLite keeps UTC text, PostgreSQL returns a Date. */
  date(v: unknown): Date | null {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v;
    return new Date(`${v as string}`.replace(' ', 'T') + 'Z');
  }

  bool(v: unknown): boolean {
    return v === true || v === 1 || v === '1';
  }

  /** Serializes writers of one kind across processes (PostgreSQL advisory lock; SQLite is already serial). */
  async lock(m: EntityManager, name: string): Promise<void> {
    if (this.isPostgres) await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }
}
