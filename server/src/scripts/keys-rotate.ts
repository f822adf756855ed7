/**
 * npm run keys:rotate [-- --new-key <64 hex>]: re-encrypts every secret sealed with the data encryption key
 * (TOTP secrets, portal connection secrets, pending enrolment secrets) under a new key, in one transaction.
 * With a key file in DATA_DIR the file is replaced (the old one is kept as encryption.key.old until you delete it);
 * with DATA_ENCRYPTION_KEY from the environment, the new key is written to DATA_DIR/encryption.key.new (mode 0600) and
 * must be put in the environment before the next start.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseKey } from '../config/app-config.js';
import { SecretBox } from '../common/crypto.js';
import { openDatabase } from './script-context.js';
import { ENTITIES } from '../database/entities.js';

const arg = process.argv.indexOf('--new-key');
const newKey = arg > 0 ? parseKey(process.argv[arg + 1] ?? '') : randomBytes(32);
if (!newKey) {
  console.error('--new-key must be 32 bytes as 64 hex characters or base64');
  process.exit(2);
}
const { config, ds } = await openDatabase();
const oldBox = new SecretBox(config.encryptionKey);
const newBox = new SecretBox(newKey);

/** Every column that holds a sealed value: text columns whose name ends in "Enc". */
const targets = ENTITIES.flatMap((e) => {
  const meta = ds.getMetadata(e);
  return meta.columns.filter((c) => c.propertyName.endsWith('Enc')).map((c) => ({ meta, column: c.databaseName, primary: meta.primaryColumns[0].databaseName }));
});

let count = 0;
await ds.transaction(async (m) => {
  for (const { meta, column, primary } of targets) {
    const q = (s: string) => m.connection.driver.escape(s);
    const rows: Record<string, string | null>[] = await m.query(`SELECT ${q(primary)} AS id, ${q(column)} AS v FROM ${q(meta.tableName)} WHERE ${q(column)} IS NOT NULL`);
    for (const row of rows) {
      const resealed = newBox.seal(oldBox.open(row.v!));
      const sql = ds.options.type === 'postgres' ? `UPDATE ${q(meta.tableName)} SET ${q(column)} = $1 WHERE ${q(primary)} = $2` : `UPDATE ${q(meta.tableName)} SET ${q(column)} = ? WHERE ${q(primary)} = ?`;
      await m.query(sql, [resealed, row.id]);
      count++;
    }
  }
});
await ds.destroy();

if (config.encryptionKeySource === 'file') {
  const file = join(config.dataDir, 'encryption.key');
  renameSync(file, file + '.old');
  writeFileSync(file, newKey.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(`Re-encrypted ${count} stored values; new key written to ${file} (old key kept as encryption.key.old — delete it once backups are rotated).`);
} else {
  // The key never goes to the terminal: it lands in a 0600 file for the operator to move into their secret store.
  const file = join(config.dataDir, 'encryption.key.new');
  writeFileSync(file, newKey.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(`Re-encrypted ${count} stored values. The new key is in ${file} (mode 0600): set DATA_ENCRYPTION_KEY to its content before the next start, then delete the file.`);
}
