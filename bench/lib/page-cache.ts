/**
 * The database's files into the operating system's page cache before the server starts (bench/README.md, "seventh
 * round"). On this kind of VM the host takes the guest's page cache back (seen: 1.5 GB cached with 22 GB free, the
 * 5 GB SQLite file 13 % resident an hour after it was written), so without this a run measures the disk — whatever
 * ran before it — rather than the server; a machine serving the data has it cached. `--cold` skips it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { onBenchDatabase, withSqlite, type BenchDb } from './bench-db.js';

async function readFile(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) bytes += (chunk as Buffer).length;
  return bytes;
}

/** SQLite: reads the database file and its WAL once. PostgreSQL: pg_prewarm's 'read' mode over every table and index. */
export function warmPageCache(opts: BenchDb): Promise<string> {
  return onBenchDatabase('Page cache', opts, {
    postgres: async (c) => {
      try {
        await c.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
        const r = await c.query<{ blocks: string }>(
          `SELECT COALESCE(SUM(pg_prewarm(c.oid, 'read')), 0) AS blocks FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'`,
        );
        return `PostgreSQL: ${Math.round((Number(r.rows[0].blocks) * 8) / 1024)} MB read (pg_prewarm)`;
      } catch (e) {
        return `PostgreSQL: not warmed (${(e as Error).message})`;
      }
    },
    sqlite: async (path) => `SQLite: ${Math.round(((await readFile(path)) + (await readFile(path + '-wal'))) / 2 ** 20)} MB read`,
  });
}

/**
 * After the hand-off phase (bench/README.md, "eighth round"): the write-back its ~50,000 transactions left — dirty
 * pages in PostgreSQL's shared buffers, SQLite's WAL — is written now (PostgreSQL `CHECKPOINT`, SQLite
 * `wal_checkpoint(TRUNCATE)`), as the database's own checkpointer would within minutes, instead of by the next
 * phase's requests: a PostgreSQL backend that must evict a dirty buffer to read a page writes it first, and flushes
 * the WAL up to it. The next phase then measures its own requests rather than the order of the phases.
 */
export function settleWrites(opts: BenchDb): Promise<string> {
  return onBenchDatabase('After the hand-off', opts, {
    postgres: async (c) => {
      try {
        await c.query('CHECKPOINT');
        return 'PostgreSQL CHECKPOINT';
      } catch (e) {
        return `PostgreSQL: no checkpoint (${(e as Error).message})`;
      }
    },
    sqlite: (path) =>
      withSqlite(path, (db) => {
        const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
        return `SQLite wal_checkpoint(TRUNCATE): ${r.checkpointed} of ${r.log} WAL pages${r.busy ? ' (busy)' : ''}`;
      }),
  });
}
