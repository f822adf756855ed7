/**
 * npm run backup -- <file>: a consistent online copy of the SQLite database (better-sqlite3's backup API),
 * safe while the server runs. For PostgreSQL use pg_dump (see README, Operations).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScriptConfig } from './script-context.js';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run backup -- <file>');
  process.exit(2);
}
const config = loadScriptConfig();
if (config.database.kind !== 'sqlite') {
  console.error('DATABASE_URL points to PostgreSQL: back it up with pg_dump (see README, Operations).');
  process.exit(2);
}
if (!existsSync(config.database.path)) {
  console.error(`No database at ${config.database.path}`);
  process.exit(1);
}
const out = resolve(target);
if (existsSync(out)) {
  console.error(`${out} exists; refusing to overwrite it`);
  process.exit(1);
}
const db = new Database(config.database.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const started = Date.now();
await db.backup(out, {
  progress: ({ totalPages, remainingPages }) => {
    process.stdout.write(`\rcopied ${totalPages - remainingPages}/${totalPages} pages`);
    return 200;
  },
});
db.close();
const check = new Database(out, { readonly: true });
const ok = String(check.pragma('integrity_check', { simple: true }));
check.close();
console.log(`\nBackup written to ${out} in ${Date.now() - started} ms (integrity: ${ok}).`);
if (ok !== 'ok') process.exit(1);
