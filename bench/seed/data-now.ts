/** The generator's fixed "now" (UTC): the data is deterministic, attempts span the 90 days before it, and every row a benchmark run writes is dated after it (lib/reset.ts). */
export const DATA_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** A time as SQLite stores it (TypeORM's UTC text), for rows the bench writes or compares with. */
export const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
