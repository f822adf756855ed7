/**
 * npm run keys:rotate [-- --new-key <64 hex>]: re-encrypts every value sealed with the data encryption key
 * (TOTP secrets, portal connection secrets, sealed outbox bodies: every column whose name ends in "Enc") under a new
 * key, in one transaction; values still in the old v1 format are re-sealed bound to their place on the way.
 * With a key file in DATA_DIR the file is replaced (the old one is kept as encryption.key.old until you delete it);
 * with DATA_ENCRYPTION_KEY from the environment, the new key is written to DATA_DIR/encryption.key.new (mode 0600) and
 * must be put in the environment before the next start. Sign-ins in progress (SMS codes, pending authenticator
 * set-ups) have to start again.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseKey } from '../config/app-config.js';
import { SecretBox } from '../common/crypto.js';
import { rewriteSealedValues } from '../common/sealed-columns.js';
import { openDatabase } from './script-context.js';

const arg = process.argv.indexOf('--new-key');
const newKey = arg > 0 ? parseKey(process.argv[arg + 1] ?? '') : randomBytes(32);
if (!newKey) {
  console.error('--new-key must be 32 bytes as 64 hex characters or base64');
  process.exit(2);
}
const { config, ds } = await openDatabase();
const oldBox = new SecretBox(config.encryptionKey);
const newBox = new SecretBox(newKey);

const count = await ds.transaction((m) => rewriteSealedValues(m, (v, ctx) => newBox.seal(oldBox.openAny(v, ctx), ctx)));
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
