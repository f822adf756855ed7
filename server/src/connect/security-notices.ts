import type { EntityManager } from 'typeorm';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Identity } from '../identities/identity.entity.js';
import type { SecurityChangeKind } from '../../../shared/security-settings.js';
import { userActor } from './connect-sessions.service.js';

const WHAT: Record<SecurityChangeKind, (p: Record<string, string>) => string> = {
  'passkey.registered': (p) => `A ${p.kind === 'security-key' ? 'security key' : 'passkey'} named "${p.name}" was added`,
  'passkey.renamed': (p) => `A passkey was renamed from "${p.from}" to "${p.name}"`,
  'passkey.removed': (p) => `The ${p.kind === 'security-key' ? 'security key' : 'passkey'} "${p.name}" was removed`,
  'totp.added': () => 'An authenticator app was set up',
  'totp.replaced': () => 'A new authenticator app was set up (the previous one no longer works)',
  'totp.removed': () => 'The authenticator app was removed',
  'sms.removed': (p) => `The phone number ${p.phone} was removed from SMS sign-in`,
  'emergency-code.renewed': () => 'A new emergency code was created (the previous one no longer works)',
  'default-method.changed': (p) => `The default sign-in method is now: ${p.method}`,
  'push-device.removed': (p) => `The device "${p.name}" was removed from Visma Authenticator sign-in approvals`,
};

/**
 * Every change of the security settings: an audit event and a notice to the registered e-mail address (never an
 * address from the request), in the caller's transaction. Parameters carry no secret.
 */
export async function recordSecurityChange(
  deps: { audit: AuditService; outbox: OutboxService },
  m: EntityManager,
  identity: Identity,
  kind: SecurityChangeKind,
  params: Record<string, string>,
  now: Date,
): Promise<void> {
  await deps.audit.record({ action: kind, targetType: 'identity', targetId: identity.id, after: { ...params, via: 'security-settings' }, actor: userActor(identity) }, m);
  const what = WHAT[kind](params);
  await deps.outbox.enqueue(m, {
    kind: `connect.security.${kind}`,
    recipient: identity.email,
    subject: 'Your Visma Connect security settings were changed',
    body:
      `Hello ${identity.displayName},\n\n${what} on your Visma Connect account at ${now.toISOString().replace('T', ' ').slice(0, 16)} UTC. ` +
      `Two-step verification belongs to your Visma Connect identity, so this applies to every Visma application you use.\n\n` +
      `If this wasn't you, contact Severa customer service immediately.`,
    identityId: identity.id,
  });
}
