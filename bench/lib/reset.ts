/**
 * Each run starts from the generated data (bench/README.md, "eighth round"): the rows earlier runs wrote — hand-off
 * attempts and their reasons, Severa sessions, nonces, rejection counts, all dated after the generator's fixed "now"
 * (the generated ones are before it) — are deleted before the server starts, and on PostgreSQL those tables are
 * vacuumed (this machine's PostgreSQL runs without autovacuum; the generator leaves its tables vacuumed). Without it
 * every run measured a database grown by the runs before it: the deep page of attempts by reason on PostgreSQL went
 * from 13 to 29 ms over twelve runs, its walk passing the earlier runs' not-yet-vacuumed index entries first.
 * A run's own writes stay for its later phases. `--no-reset` skips it.
 */
import { onBenchDatabase, withSqlite, type BenchDb } from './bench-db.js';
import { DATA_NOW, sqliteTime } from '../seed/data-now.js';

/** The tables the hand-off phase writes to, with their time column (staff sign-ins write elsewhere and are few). */
const WRITTEN: readonly [table: string, column: string][] = [
  ['login_attempt_reasons', 'createdAt'],
  ['login_attempts', 'createdAt'],
  ['severa_sessions', 'createdAt'],
  ['handoff_nonces', 'createdAt'],
  ['connection_rejections', 'bucket'],
];

export async function resetBenchWrites(opts: BenchDb): Promise<string> {
  let deleted = 0;
  return onBenchDatabase('Reset', opts, {
    postgres: async (c) => {
      for (const [table, column] of WRITTEN) deleted += (await c.query(`DELETE FROM "${table}" WHERE "${column}" > $1`, [new Date(DATA_NOW)])).rowCount ?? 0;
      if (deleted > 0) await c.query(`VACUUM (ANALYZE) ${WRITTEN.map(([t]) => `"${t}"`).join(', ')}`);
      return `${deleted.toLocaleString('en-US')} rows of earlier runs deleted${deleted > 0 ? ', tables vacuumed' : ''}`;
    },
    sqlite: (path) =>
      withSqlite(path, (db) => {
        db.transaction(() => {
          for (const [table, column] of WRITTEN) deleted += db.prepare(`DELETE FROM "${table}" WHERE "${column}" > ?`).run(sqliteTime(DATA_NOW)).changes;
        })();
        db.pragma('wal_checkpoint(TRUNCATE)');
        return `${deleted.toLocaleString('en-US')} rows of earlier runs deleted`;
      }),
  });
}
