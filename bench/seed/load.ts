/**
 * The generator's loading machinery (bench/seed-scale.ts): progress lines, a fresh migrated database, and the bulk
 * sinks — SQLite with prepared statements in 200k-row transactions, PostgreSQL with `unnest` batches of 20k rows —
 * with the bulk tables' secondary indexes dropped for the load and rebuilt after.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

// ---------------------------------------------------------------- progress
export interface Progress {
  phase: (name: string, total: number) => void;
  progress: (done: number, final?: boolean) => void;
  /** The current phase was reported as done: the next phase() does not report it again. */
  end: () => void;
}

/** Phases with percentage, rows/s and ETA on stderr (one line per phase when `quiet`). */
export function createProgress(quiet: boolean): Progress {
  const started = Date.now();
  let phaseName = '';
  let phaseTotal = 0;
  let phaseStart = 0;
  let lastPrint = 0;
  function phase(name: string, total: number) {
    if (phaseName) progress(phaseTotal, true);
    phaseName = name;
    phaseTotal = total;
    phaseStart = Date.now();
    lastPrint = 0;
  }
  function progress(done: number, final = false) {
    const now = Date.now();
    if (!final && now - lastPrint < 500) return;
    lastPrint = now;
    const secs = (now - phaseStart) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const pct = phaseTotal ? (100 * done) / phaseTotal : 100;
    const eta = rate > 0 ? (phaseTotal - done) / rate : 0;
    const line = `${phaseName.padEnd(22)} ${pct.toFixed(1).padStart(5)}%  ${done.toLocaleString('en-US').padStart(11)}/${phaseTotal.toLocaleString('en-US')}  ${Math.round(rate).toLocaleString('en-US').padStart(9)} rows/s  ETA ${eta.toFixed(1)}s  (total ${((now - started) / 1000).toFixed(1)}s)`;
    if (quiet) {
      if (final) process.stderr.write(line + '\n');
    } else if (process.stderr.isTTY) process.stderr.write('\r' + line + (final ? '\n' : ''));
    else if (final || secs > 0) process.stderr.write(line + '\n');
  }
  return { phase, progress, end: () => void (phaseName = '') };
}

// ---------------------------------------------------------------- sinks (SQLite: prepared statements; PostgreSQL: unnest batches)
export interface Sink {
  table(name: string, columns: [string, string][]): TableSink;
  /** Synchronous for SQLite (better-sqlite3), a promise for PostgreSQL. */
  finish(): void | Promise<void>;
}
export interface TableSink {
  /** Returns a promise only when a batch had to be written (PostgreSQL). */
  add(row: unknown[]): Promise<void> | void;
  flush(): Promise<void> | void;
}

/** A fresh database (PostgreSQL: the `public` schema dropped; SQLite: the file removed) through the real migrations. */
export async function migrateFresh(PG_URL: string | undefined, OUT: string) {
  const { DataSource } = await import('typeorm');
  const { buildDataSourceOptions } = await import('../../server/src/database/data-source-options.js');
  if (PG_URL) {
    // Fresh: drop every table of the schema, then run the real migrations.
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await c.end();
  } else {
    for (const suffix of ['', '-wal', '-shm', '.manifest.json']) rmSync(OUT + suffix, { force: true });
    mkdirSync(dirname(OUT), { recursive: true });
  }
  const ds = new DataSource(buildDataSourceOptions({ database: PG_URL ? { kind: 'postgres', url: PG_URL } : { kind: 'sqlite', path: OUT } }));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}

/** Secondary indexes of the bulk tables: dropped for the load and rebuilt after (much faster than maintaining them). */
const BULK_TABLES = ['organizations', 'severa_users', 'portal_accounts', 'portal_connections', 'organization_addons', 'login_attempts', 'login_attempt_reasons'];

export async function sqliteSink(OUT: string, { phase, progress }: Progress): Promise<Sink & { db: import('better-sqlite3').Database }> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(OUT);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 2');
  db.pragma('foreign_keys = OFF');
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(',')})`).all(...BULK_TABLES) as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
  let pending = 0;
  db.exec('BEGIN');
  const tick = () => {
    if (++pending >= 200_000) {
      db.exec('COMMIT');
      db.exec('BEGIN');
      pending = 0;
    }
  };
  return {
    db,
    table(name, columns) {
      const stmt = db.prepare(`INSERT INTO "${name}" (${columns.map((c) => `"${c[0]}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
      return {
        add(row) {
          stmt.run(row);
          tick();
        },
        flush() {},
      };
    },
    finish() {
      db.exec('COMMIT');
      phase('building indexes', indexes.length);
      indexes.forEach((i, n) => {
        db.exec(i.sql);
        progress(n + 1);
      });
      progress(indexes.length, true);
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

export async function postgresSink(PG_URL: string, { phase, progress }: Progress): Promise<Sink> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  const idx = (
    await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT IN (SELECT conname FROM pg_constraint)`, [BULK_TABLES])
  ).rows as { indexname: string; indexdef: string }[];
  for (const i of idx) await c.query(`DROP INDEX "${i.indexname}"`);
  const BATCH = 20_000;
  return {
    table(name, columns) {
      const cols: unknown[][] = columns.map(() => []);
      const sql = `INSERT INTO "${name}" (${columns.map((c) => `"${c[0]}"`).join(',')}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(',')})`;
      const flush = async () => {
        if (cols[0].length === 0) return;
        const params = cols.map((a) => a.splice(0));
        await c.query(sql, params);
      };
      return {
        add(row) {
          for (let i = 0; i < row.length; i++) cols[i].push(row[i]);
          if (cols[0].length >= BATCH) return flush();
        },
        flush,
      };
    },
    async finish() {
      phase('building indexes', idx.length);
      for (let n = 0; n < idx.length; n++) {
        await c.query(idx[n].indexdef);
        progress(n + 1);
      }
      progress(idx.length, true);
      // VACUUM, not only ANALYZE: it sets the visibility map, without which every index-only scan (the deep pages by
      // reason) fetches each heap row; autovacuum does the same on a live database once enough rows were inserted.
      phase('VACUUM (ANALYZE)', 1);
      await c.query('VACUUM (ANALYZE)');
      progress(1, true);
      await c.end();
    },
  };
}
