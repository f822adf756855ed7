/**
 * Each run starts from the generated data (bench/README.md, "eighth round"): the rows earlier runs wrote — hand-off
 * attempts and their reasons, Severa sessions, nonces, rejection counts, all dated after the generator's fixed "now"
 * (the generated ones are before it) — are deleted before the server starts, and on PostgreSQL those tables are
 * vacuumed (this machine's PostgreSQL runs without autovacuum; the generator leaves its tables vacuumed). Without it
 * every run measured a database grown by the runs before it: the deep page of attempts by reason on PostgreSQL went
 * from 13 to 29 ms over twelve runs, its walk passing the earlier runs' not-yet-vacuumed index entries first.
 * A run's own writes stay for its later phases. `--no-reset` skips it.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { log } from '../options.js';
import { DATA_NOW } from '../seed/data-now.js';

/** The tables the benchmark writes to (the hand-off phase and the staff phases' sign-ins), with their time column. */
const WRITTEN: readonly [table: string, column: string][] = [
  ['login_attempt_reasons', 'createdAt'],
  ['login_attempts', 'createdAt'],
  ['severa_sessions', 'createdAt'],
  ['handoff_nonces', 'createdAt'],
  ['connection_rejections', 'bucket'],
];

const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

export async function resetBenchWrites(opts: { sqlitePath?: string; pgUrl?: string }): Promise<string> {
  const t0 = performance.now();
  let deleted = 0;
  if (opts.pgUrl) {
    const c = new pg.Client({ connectionString: opts.pgUrl });
    await c.connect();
    try {
      for (const [table, column] of WRITTEN) deleted += (await c.query(`DELETE FROM "${table}" WHERE "${column}" > $1`, [new Date(DATA_NOW)])).rowCount ?? 0;
      if (deleted > 0) await c.query(`VACUUM (ANALYZE) ${WRITTEN.map(([t]) => `"${t}"`).join(', ')}`);
    } finally {
      await c.end();
    }
  } else {
    const db = new Database(opts.sqlitePath);
    try {
      db.pragma('busy_timeout = 5000');
      db.transaction(() => {
        for (const [table, column] of WRITTEN) deleted += db.prepare(`DELETE FROM "${table}" WHERE "${column}" > ?`).run(sqliteTime(DATA_NOW)).changes;
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  const s = `${deleted.toLocaleString('en-US')} rows of earlier runs deleted${opts.pgUrl && deleted > 0 ? ', tables vacuumed' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(`Reset: ${s}`);
  return s;
}
