import type { DataSource, EntityManager } from 'typeorm';
import { SecretBox, sealContext } from './crypto.js';

export interface SealedColumn {
  table: string;
  column: string;
  primary: string;
}

/** Every column that holds a sealed value: the entity property's name ends in "Enc" (e.g. totpSecretEnc, bodyEnc). */
export function sealedColumns(ds: DataSource): SealedColumn[] {
  return ds.entityMetadatas.flatMap((meta) =>
    meta.columns.filter((c) => c.propertyName.endsWith('Enc')).map((c) => ({ table: meta.tableName, column: c.databaseName, primary: meta.primaryColumns[0].databaseName })),
  );
}

/**
 * Rewrites sealed values inside the given transaction: `transform` gets each stored value and its context
 * (`table:column:row-id`) and returns the new value, or null to leave the row alone. Returns how many rows changed.
 */
export async function rewriteSealedValues(m: EntityManager, transform: (value: string, context: string) => string | null, where = ''): Promise<number> {
  const ds = m.connection;
  const q = (s: string) => ds.driver.escape(s);
  const pg = ds.options.type === 'postgres';
  let count = 0;
  for (const { table, column, primary } of sealedColumns(ds)) {
    const rows: { id: string | number; v: string }[] = await m.query(`SELECT ${q(primary)} AS id, ${q(column)} AS v FROM ${q(table)} WHERE ${q(column)} IS NOT NULL ${where.replaceAll('$col', q(column))}`);
    for (const row of rows) {
      const next = transform(row.v, sealContext(table, column, row.id));
      if (next === null || next === row.v) continue;
      await m.query(pg ? `UPDATE ${q(table)} SET ${q(column)} = $1 WHERE ${q(primary)} = $2` : `UPDATE ${q(table)} SET ${q(column)} = ? WHERE ${q(primary)} = ?`, [next, row.id]);
      count++;
    }
  }
  return count;
}

/**
 * Databases from before sealed values were bound to their place hold v1 values (raw key, no associated data):
 * at start they are re-sealed as v2 in one transaction. Idempotent; a value that does not open stops the start.
 */
export async function resealLegacyValues(ds: DataSource, box: SecretBox): Promise<number> {
  return ds.transaction((m) => rewriteSealedValues(m, (v, ctx) => (SecretBox.isLegacy(v) ? box.seal(box.openLegacy(v), ctx) : null), `AND $col LIKE 'v1.%'`));
}
