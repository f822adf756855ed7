import { DomainError, ErrorCode } from '../common/errors.js';
import type { Session } from '../staff-auth/session.entity.js';

/** Minutes a proven second factor lets a Connect session change its security settings (the staff step-up window). */
export const CONNECT_STEP_UP_MINUTES = 5;

export const connectStepUpRequired = () =>
  new DomainError(403, ErrorCode.CONNECT_STEP_UP_REQUIRED, `Confirm it is you with a second factor first (valid ${CONNECT_STEP_UP_MINUTES} minutes).`);

/** Until when the session may change security settings, or null when its last second factor is too old. */
export function stepUpUntil(session: Pick<Session, 'steppedUpAt'>, nowMs: number, minutes = CONNECT_STEP_UP_MINUTES): Date | null {
  if (!session.steppedUpAt) return null;
  const until = session.steppedUpAt.getTime() + minutes * 60_000;
  return until > nowMs ? new Date(until) : null;
}

/** Every security-settings change calls this first: a second factor proven within the last 5 minutes. */
export function assertFreshStepUp(session: Pick<Session, 'steppedUpAt'>, nowMs: number): void {
  if (!stepUpUntil(session, nowMs)) throw connectStepUpRequired();
}
