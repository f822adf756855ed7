import type { EntityManager } from 'typeorm';
import type { RandomSource } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { Identity } from '../identities/identity.entity.js';
import { localeOf, t } from '../i18n/i18n.js';
import { userActor } from './connect-sessions.service.js';

/** One body for every sign-in refusal: it never tells whether the e-mail has an account. */
export const invalidSignIn = () => new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'The e-mail, password or code is not correct.');

/** Six random digits (rejection sampling: no modulo bias). */
export function sixDigits(random: RandomSource): string {
  for (;;) {
    const n = random.bytes(4).readUInt32BE(0);
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, '0');
  }
}

/**
 * Texts a code to the identity's verified number, in its language, and audits that it was sent (never the code):
 * the SMS of a sign-in and of a step-up. Inside the caller's transaction, next to where it keeps the code's hash.
 */
export async function sendSmsCode(
  deps: { outbox: OutboxService; audit: AuditService },
  m: EntityManager,
  identity: Identity,
  code: string,
  purpose: 'sign-in' | 'step-up',
): Promise<void> {
  await deps.outbox.enqueue(m, {
    channel: 'sms',
    kind: purpose === 'sign-in' ? 'connect.sign-in-code' : 'connect.step-up-code',
    recipient: identity.smsNumber!,
    subject: t(localeOf(identity), 'sms.signInCodeSubject'),
    body: t(localeOf(identity), purpose === 'sign-in' ? 'sms.signInCode' : 'sms.stepUpCode', { code }),
    identityId: identity.id,
  });
  await deps.audit.record({ action: 'connect.sms-code.sent', targetType: 'identity', targetId: identity.id, after: { purpose }, actor: userActor(identity) }, m);
}
