/**
 * The database's files into the operating system's page cache before the server starts (bench/README.md, "seventh
 * round"). On this kind of VM the host takes the guest's page cache back (seen: 1.5 GB cached with 22 GB free, the
 * 5 GB SQLite file 13 % resident an hour after it was written), so without this a run measures the disk — whatever
 * ran before it — rather than the server; a machine serving the data has it cached. `--cold` skips it.
 */
import { createReadStream, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { log } from '../options.js';

async function readFile(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) bytes += (chunk as Buffer).length;
  return bytes;
}

/** SQLite: reads the database file and its WAL once. PostgreSQL: pg_prewarm's 'read' mode over every table and index. */
export async function warmPageCache(opts: { sqlitePath?: string; pgUrl?: string }): Promise<string> {
  const t0 = performance.now();
  let what: string;
  if (opts.pgUrl) {
    const c = new pg.Client({ connectionString: opts.pgUrl });
    await c.connect();
    try {
      await c.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
      const r = await c.query<{ blocks: string }>(
        `SELECT COALESCE(SUM(pg_prewarm(c.oid, 'read')), 0) AS blocks FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'`,
      );
      what = `PostgreSQL: ${Math.round((Number(r.rows[0].blocks) * 8) / 1024)} MB read (pg_prewarm)`;
    } catch (e) {
      what = `PostgreSQL: not warmed (${(e as Error).message})`;
    } finally {
      await c.end();
    }
  } else {
    const bytes = (await readFile(opts.sqlitePath!)) + (await readFile(opts.sqlitePath + '-wal'));
    what = `SQLite: ${Math.round(bytes / 2 ** 20)} MB read`;
  }
  const s = `${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(`Page cache: ${s}`);
  return s;
}

/**
 * After the hand-off phase (bench/README.md, "eighth round"): the write-back its ~50,000 transactions left — dirty
 * pages in PostgreSQL's shared buffers, SQLite's WAL — is written now (PostgreSQL `CHECKPOINT`, SQLite
 * `wal_checkpoint(TRUNCATE)`), as the database's own checkpointer would within minutes, instead of by the next
 * phase's requests: a PostgreSQL backend that must evict a dirty buffer to read a page writes it first, and flushes
 * the WAL up to it. The next phase then measures its own requests rather than the order of the phases.
 */
export async function settleWrites(opts: { sqlitePath?: string; pgUrl?: string }): Promise<string> {
  const t0 = performance.now();
  let what: string;
  if (opts.pgUrl) {
    const c = new pg.Client({ connectionString: opts.pgUrl });
    await c.connect();
    try {
      await c.query('CHECKPOINT');
      what = 'PostgreSQL CHECKPOINT';
    } catch (e) {
      what = `PostgreSQL: no checkpoint (${(e as Error).message})`;
    } finally {
      await c.end();
    }
  } else {
    const db = new Database(opts.sqlitePath);
    try {
      db.pragma('busy_timeout = 5000');
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      what = `SQLite wal_checkpoint(TRUNCATE): ${r.checkpointed} of ${r.log} WAL pages${r.busy ? ' (busy)' : ''}`;
    } finally {
      db.close();
    }
  }
  const s = `${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(`After the hand-off: ${s}`);
  return s;
}
