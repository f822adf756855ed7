import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export const newId = (): string => randomUUID();

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

  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.ds.transaction(fn);
    const run = this.queue.then(() => this.ds.transaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Serializes writers of one kind across processes (PostgreSQL advisory lock; SQLite is already serial). */
  async lock(m: EntityManager, name: string): Promise<void> {
    if (this.isPostgres) await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }
}
