import { Logger } from '@nestjs/common';
import { hashPassword, passwordNeedsRehash } from '../common/password-hash.js';
import { KdfBusyError, type KdfGate } from '../common/kdf-gate.js';
import { serializeError } from '../common/error-serializer.js';
import type { Db } from '../database/db.service.js';
import { Identity } from './identity.entity.js';

const logger = new Logger('Passwords');

/**
 * After a successful password check: a legacy scrypt hash, or an argon2 hash with weaker parameters than today's
 * argon2id (`passwordNeedsRehash`, common/password-hash.ts), is replaced by one made now. Conditional on the stored hash being unchanged, so it never overwrites a password changed meanwhile. A failure
 * here never fails the sign-in (the old hash keeps working); the new hash waits its turn at the KDF gate like any other.
 */
export async function upgradePasswordHash(db: Db, gate: KdfGate, identity: Pick<Identity, 'id' | 'passwordHash'>, password: string): Promise<boolean> {
  if (!passwordNeedsRehash(identity.passwordHash)) return false;
  try {
    const next = await hashPassword(gate, password);
    const r = await db.tx((m) =>
      m.createQueryBuilder().update(Identity).set({ passwordHash: next }).where('id = :id AND "passwordHash" = :old', { id: identity.id, old: identity.passwordHash }).execute(),
    );
    return (r.affected ?? 0) === 1;
  } catch (e) {
    if (e instanceof KdfBusyError) return false; // busy now: the next sign-in tries again
    logger.warn({ identityId: identity.id, err: serializeError(e) }, 'Could not upgrade a password hash; the old one keeps working');
    return false;
  }
}
