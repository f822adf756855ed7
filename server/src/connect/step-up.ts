import type { EntityManager } from 'typeorm';
import { sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Identity } from '../identities/identity.entity.js';
import { Session } from '../staff-auth/session.entity.js';
import type { SessionService } from '../staff-auth/session.service.js';

/**
 * Step-up for the person (not staff): a second factor proven within the last five minutes (`Session.steppedUpAt`,
 * the same column and window as staff step-up). Signing in with a second factor counts; so does a later step-up.
 */
export function assertFreshSecondFactor(sessions: SessionService, session: Pick<Session, 'steppedUpAt'>): void {
  if (!sessions.isSteppedUp(session)) {
    throw new DomainError(401, ErrorCode.STEP_UP_REQUIRED, 'Confirm it is you with a second factor first (within the last 5 minutes).');
  }
}

/** A second factor was proven now for this new session: it is stepped up, and the identity's last second factor is now. */
export async function recordSecondFactor(m: EntityManager, identityId: string, sessionToken: string, now: Date): Promise<void> {
  await m.getRepository(Session).update({ id: sha256(sessionToken) }, { steppedUpAt: now });
  await m.getRepository(Identity).update({ id: identityId }, { lastSecondFactorAt: now });
}
