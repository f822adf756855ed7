import type { EntityManager } from 'typeorm';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Identity } from '../identities/identity.entity.js';
import type { SecurityChangeKind } from '../../../shared/security-settings.js';
import type { Locale } from '../../../shared/locales.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import { userActor } from './connect-sessions.service.js';

const METHOD: Record<string, 'push' | 'passkey' | 'totp' | 'sms' | 'emergencyCode'> = { push: 'push', passkey: 'passkey', totp: 'totp', sms: 'sms', 'emergency-code': 'emergencyCode' };

/** One line saying what changed, in the person's language (`mail.securityChanged.what.*`). */
const WHAT: Record<SecurityChangeKind, (l: Locale, p: Record<string, string>) => string> = {
  'passkey.registered': (l, p) => t(l, p.kind === 'security-key' ? 'mail.securityChanged.what.securityKeyRegistered' : 'mail.securityChanged.what.passkeyRegistered', { key: p.name }),
  'passkey.renamed': (l, p) => t(l, 'mail.securityChanged.what.passkeyRenamed', { from: p.from, key: p.name }),
  'passkey.removed': (l, p) => t(l, p.kind === 'security-key' ? 'mail.securityChanged.what.securityKeyRemoved' : 'mail.securityChanged.what.passkeyRemoved', { key: p.name }),
  'totp.added': (l) => t(l, 'mail.securityChanged.what.totpAdded'),
  'totp.replaced': (l) => t(l, 'mail.securityChanged.what.totpReplaced'),
  'totp.removed': (l) => t(l, 'mail.securityChanged.what.totpRemoved'),
  'sms.removed': (l, p) => t(l, 'mail.securityChanged.what.smsRemoved', { phone: p.phone }),
  'emergency-code.renewed': (l) => t(l, 'mail.securityChanged.what.emergencyCodeRenewed'),
  'default-method.changed': (l, p) => t(l, 'mail.securityChanged.what.defaultMethodChanged', { method: METHOD[p.method] ? t(l, `mail.securityChanged.method.${METHOD[p.method]}`) : p.method }),
  'push-device.removed': (l, p) => t(l, 'mail.securityChanged.what.pushDeviceRemoved', { device: p.name }),
};

/**
 * Every change of the security settings: an audit event and a notice to the registered e-mail address (never an
 * address from the request), in the caller's transaction, in the person's language. Parameters carry no secret.
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
  const locale = localeOf(identity);
  await deps.outbox.enqueue(m, {
    kind: `connect.security.${kind}`,
    recipient: identity.email,
    ...mail(locale, 'securityChanged', { name: identity.displayName, what: WHAT[kind](locale, params), at: formatInstant(now, locale) }),
    identityId: identity.id,
  });
}
