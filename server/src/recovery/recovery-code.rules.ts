import { Brackets, type EntityManager } from 'typeorm';
import { RecoveryCode } from './recovery-code.entity.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';

/**
 * The status people see: an active code past its expiry, or a request for approval past its own (APPROVAL_VALID_MINUTES),
 * is `expired` (computed with the Clock, never stored).
 */
export function effectiveStatus(c: Pick<RecoveryCode, 'status' | 'expiresAt'>, now: Date): RecoveryCodeStatus {
  const timed = c.status === RecoveryCodeStatus.ACTIVE || c.status === RecoveryCodeStatus.PENDING_APPROVAL;
  if (timed && c.expiresAt && c.expiresAt.getTime() <= now.getTime()) return RecoveryCodeStatus.EXPIRED;
  return c.status;
}

/** Whether a code or request can still lead to a sign-in (active and unexpired, or waiting for approval). */
export function isOpen(c: Pick<RecoveryCode, 'status' | 'expiresAt'>, now: Date): boolean {
  const s = effectiveStatus(c, now);
  return s === RecoveryCodeStatus.ACTIVE || s === RecoveryCodeStatus.PENDING_APPROVAL;
}

/**
 * Revokes unused codes (active and unexpired) matching `where` with one conditional UPDATE per row, so a code
 * redeemed at the same moment is never reported as revoked. Returns the rows this call revoked.
 */
export async function revokeUnusedCodes(
  m: EntityManager,
  where: { identityId?: string; ticketId?: string; exceptId?: string },
  now: Date,
  revokedById: string | null,
  includePending = false,
): Promise<RecoveryCode[]> {
  const qb = m.getRepository(RecoveryCode).createQueryBuilder('c');
  if (where.identityId) qb.andWhere('c.identityId = :identityId', { identityId: where.identityId });
  if (where.ticketId) qb.andWhere('c.ticketId = :ticketId', { ticketId: where.ticketId });
  if (where.exceptId) qb.andWhere('c.id <> :exceptId', { exceptId: where.exceptId });
  qb.andWhere(
    new Brackets((b) => {
      b.where('(c.status = :active AND c.expiresAt > :now)', { active: RecoveryCodeStatus.ACTIVE, now });
      if (includePending) b.orWhere('(c.status = :pending AND (c.expiresAt IS NULL OR c.expiresAt > :now))', { pending: RecoveryCodeStatus.PENDING_APPROVAL, now });
    }),
  );
  const candidates = await qb.getMany();
  const revoked: RecoveryCode[] = [];
  for (const c of candidates) {
    const r = await m
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ status: c.status === RecoveryCodeStatus.PENDING_APPROVAL ? RecoveryCodeStatus.REJECTED : RecoveryCodeStatus.REVOKED, revokedAt: now, revokedById })
      .where('id = :id AND status = :status', { id: c.id, status: c.status })
      .execute();
    if ((r.affected ?? 0) === 1) revoked.push({ ...c, status: c.status === RecoveryCodeStatus.PENDING_APPROVAL ? RecoveryCodeStatus.REJECTED : RecoveryCodeStatus.REVOKED, revokedAt: now, revokedById });
  }
  return revoked;
}
