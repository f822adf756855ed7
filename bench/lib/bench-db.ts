/** One step on the benchmark's database before or between phases (page-cache.ts, reset.ts). */
import Database from 'better-sqlite3';
import pg from 'pg';
import { log } from '../options.js';

export interface BenchDb {
  sqlitePath?: string;
  pgUrl?: string;
}

/**
 * Runs the step for the database in use — on PostgreSQL with a client connected for it — and logs and answers what
 * it says with its duration.
 */
export async function onBenchDatabase(label: string, opts: BenchDb, step: { postgres: (c: pg.Client) => Promise<string>; sqlite: (path: string) => Promise<string> | string }): Promise<string> {
  const t0 = performance.now();
  let what: string;
  if (opts.pgUrl) {
    const c = new pg.Client({ connectionString: opts.pgUrl });
    await c.connect();
    try {
      what = await step.postgres(c);
    } finally {
      await c.end();
    }
  } else {
    what = await step.sqlite(opts.sqlitePath!);
  }
  const s = `${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(`${label}: ${s}`);
  return s;
}

/** The SQLite file opened for `fn` (waiting up to 5 s for the server's lock) and closed after. */
export function withSqlite<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}
