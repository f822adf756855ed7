/**
 * DDL of the trigram search indexes (see common/text-search.ts), used by migrations. SQLite: an FTS5 external-content
 * table with the `trigram` tokenizer and the three triggers that keep it in step with its table; PostgreSQL: pg_trgm
 * GIN indexes on LOWER(column).
 *
 * Keep in mind when a later migration rebuilds a table that has a search index (TypeORM's SQLite migrations copy the
 * table into `temporary_<name>` and rename it): the triggers go with the old table and the rowids may change, so
 * such a migration must end with `sqliteDropSearchIndex` + `sqliteExactSearchIndex` for that table (it rebuilds the
 * index). `sqliteSearchIndex` is the first version's DDL, kept for the migrations that ran it.
 */
export interface SearchIndexDdl {
  table: string;
  fts: string;
  columns: readonly string[];
}

const q = (s: string) => `"${s}"`;

export function sqliteSearchIndex(d: SearchIndexDdl): string[] {
  const cols = d.columns.map(q).join(', ');
  const newCols = d.columns.map((c) => `new.${q(c)}`).join(', ');
  const oldCols = d.columns.map((c) => `old.${q(c)}`).join(', ');
  const del = `INSERT INTO ${q(d.fts)} (${q(d.fts)}, rowid, ${cols}) VALUES ('delete', old.rowid, ${oldCols});`;
  const ins = `INSERT INTO ${q(d.fts)} (rowid, ${cols}) VALUES (new.rowid, ${newCols});`;
  return [
    `CREATE VIRTUAL TABLE ${q(d.fts)} USING fts5(${cols}, content=${q(d.table)}, content_rowid='rowid', tokenize='trigram')`,
    `CREATE TRIGGER ${q(d.fts + '_ai')} AFTER INSERT ON ${q(d.table)} BEGIN ${ins} END`,
    `CREATE TRIGGER ${q(d.fts + '_ad')} AFTER DELETE ON ${q(d.table)} BEGIN ${del} END`,
    `CREATE TRIGGER ${q(d.fts + '_au')} AFTER UPDATE OF ${cols} ON ${q(d.table)} BEGIN ${del} ${ins} END`,
    `INSERT INTO ${q(d.fts)} (${q(d.fts)}) VALUES ('rebuild')`,
  ];
}

/**
 * The exact index (migration ExactSearchIndexes, what common/text-search.ts expects): a contentless FTS5 table
 * (`contentless_delete=1`: rows are deleted by rowid) over `LOWER(column)` with the trigram tokenizer made case
 * sensitive. A phrase of three or more characters then matches exactly the rows where `LOWER(column)` contains the
 * (lower-cased) term — what `LOWER(column) LIKE '%term%'` answers, since neither side has an ASCII capital left and
 * SQLite's LIKE compares other characters as they are — so the index alone can count and pick the matches. (The
 * first version folded case itself, Unicode-wide, which LOWER() does not: it only gave candidates.) Contentless, not
 * an external-content table over a view of the lower-cased columns: a view on the table would make TypeORM's table
 * rebuilds (`ALTER TABLE temporary_x RENAME TO x` after dropping x) fail with "error in view".
 */
export function sqliteExactSearchIndex(d: SearchIndexDdl): string[] {
  const cols = d.columns.map(q).join(', ');
  const lowered = (row: string) => d.columns.map((c) => `LOWER(${row}${q(c)})`).join(', ');
  const del = `DELETE FROM ${q(d.fts)} WHERE rowid = old.rowid;`;
  const ins = `INSERT INTO ${q(d.fts)} (rowid, ${cols}) VALUES (new.rowid, ${lowered('new.')});`;
  return [
    `CREATE VIRTUAL TABLE ${q(d.fts)} USING fts5(${cols}, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`,
    `CREATE TRIGGER ${q(d.fts + '_ai')} AFTER INSERT ON ${q(d.table)} BEGIN ${ins} END`,
    `CREATE TRIGGER ${q(d.fts + '_ad')} AFTER DELETE ON ${q(d.table)} BEGIN ${del} END`,
    `CREATE TRIGGER ${q(d.fts + '_au')} AFTER UPDATE OF ${cols} ON ${q(d.table)} BEGIN ${del} ${ins} END`,
    `INSERT INTO ${q(d.fts)} (rowid, ${cols}) SELECT rowid, ${lowered('')} FROM ${q(d.table)}`,
    // One b-tree segment instead of the many a bulk insert leaves: a phrase reads one doclist per trigram.
    `INSERT INTO ${q(d.fts)} (${q(d.fts)}) VALUES ('optimize')`,
  ];
}

export function sqliteDropSearchIndex(d: SearchIndexDdl): string[] {
  return [...['_ai', '_ad', '_au'].map((s) => `DROP TRIGGER IF EXISTS ${q(d.fts + s)}`), `DROP TABLE IF EXISTS ${q(d.fts)}`];
}

export const postgresTrigramIndexName = (table: string, column: string) => `IDX_${table}_${column}_trgm`;

export function postgresSearchIndex(d: SearchIndexDdl): string[] {
  return d.columns.map((c) => `CREATE INDEX ${q(postgresTrigramIndexName(d.table, c))} ON ${q(d.table)} USING gin (LOWER(${q(c)}) gin_trgm_ops)`);
}

export function postgresDropSearchIndex(d: SearchIndexDdl): string[] {
  return d.columns.map((c) => `DROP INDEX IF EXISTS ${q(postgresTrigramIndexName(d.table, c))}`);
}

/** The search indexes as the migration `TrigramSearch` created them. */
export const SEARCH_INDEXES_V1: readonly SearchIndexDdl[] = [
  { table: 'severa_users', fts: 'severa_users_search', columns: ['email', 'name'] },
  { table: 'portal_accounts', fts: 'portal_accounts_search', columns: ['email', 'name'] },
  { table: 'identities', fts: 'identities_search', columns: ['emailNormalized', 'displayName'] },
  { table: 'organizations', fts: 'organizations_search', columns: ['name'] },
];
