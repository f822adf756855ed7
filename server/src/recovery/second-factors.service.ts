import { Injectable } from '@nestjs/common';
import { IdentitiesService } from '../identities/identities.service.js';
import type { Actor } from '../common/request-context.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import type { PasskeyView } from '../../../shared/security-settings.js';
import type { AuthenticatorDeviceView } from '../../../shared/two-factor.js';
import { AuthenticatorDevice } from '../connect/authenticator.entity.js';
import { Db } from '../database/db.service.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { passkeyView } from '../connect/webauthn.js';
import { TwoFactorPolicyService } from '../organizations/two-factor-policy.js';

export type SecondFactorMethod = 'visma-authenticator' | 'totp' | 'passkey' | 'sms' | 'emergency-code';

export interface SecondFactorEntry {
  method: SecondFactorMethod;
  label: string;
  enrolled: boolean;
  /** When it was set up, where known. */
  enrolledAt: Date | string | null;
  detail: string | null;
}

export interface SecondFactorsOverview {
  identityId: string;
  email: string;
  policy: string;
  policyLabel: string;
  policyExplanation: string;
  methods: SecondFactorEntry[];
  /** Every passkey and security key: name, kind, last use (no key material). */
  passkeys: PasskeyView[];
  /** Every Visma Authenticator device: name, when it was added and last used (no key material). */
  devices: AuthenticatorDeviceView[];
  /** The method the person's sign-in opens with, when they chose one. */
  defaultMethod: string | null;
  enrolledCount: number;
  /** Seed 003: 2FA belongs to the identity, not to an application. */
  scopeNote: string;
}

const POLICY: Record<string, { label: string; explanation: string }> = {
  [TwoFactorPolicy.REQUIRED]: { label: 'Required', explanation: 'The second factor is asked at every sign-in.' },
  [TwoFactorPolicy.ADAPTIVE]: { label: 'Adaptive', explanation: 'The second factor is asked when the device is not remembered, when the last one is older than 30 days, or after failed attempts.' },
};

export const TWO_FACTOR_SCOPE_NOTE =
  'Two-factor authentication belongs to the Visma Connect identity, not to one application: a reset or a new enrolment applies to every Visma application this person uses (Severa, Visma Net, Expense, Payroll…) at once.';

/** Which second factors an identity has enrolled (seed 003), without any secret. */
@Injectable()
export class SecondFactorsService {
  constructor(
    private readonly identities: IdentitiesService,
    private readonly db: Db,
    private readonly policies: TwoFactorPolicyService,
  ) {}

  async overview(identityId: string, actor: Actor): Promise<SecondFactorsOverview> {
    const i = await this.identities.getEntity(identityId, actor);
    const rows = await this.db.manager.getRepository(WebAuthnCredential).find({ where: { identityId: i.id }, order: { createdAt: 'ASC' } });
    const passkeys = rows.map(passkeyView);
    const firstPasskey = passkeys[0]?.createdAt ?? null;
    const kindLabel = (k: string) => (k === 'security-key' ? 'security key' : 'passkey');
    const deviceRows = await this.db.manager.getRepository(AuthenticatorDevice).find({ where: { identityId: i.id }, order: { createdAt: 'ASC' } });
    const devices = deviceRows.map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt.toISOString(), lastUsedAt: d.lastUsedAt?.toISOString() ?? null }));
    const methods: SecondFactorEntry[] = [
      {
        method: 'visma-authenticator',
        label: 'Visma Authenticator (push)',
        enrolled: devices.length > 0,
        enrolledAt: devices[0]?.createdAt ?? null,
        detail: devices.length ? `${devices.length} device${devices.length > 1 ? 's' : ''}: ${devices.map((d) => d.name).join(', ')}` : null,
      },
      { method: 'totp', label: 'Authenticator app (TOTP code)', enrolled: !!i.totpSecretEnc, enrolledAt: i.totpSecretEnc ? i.totpEnrolledAt : null, detail: i.totpSecretEnc ? '6-digit codes from Google, Microsoft or another authenticator app' : null },
      {
        method: 'passkey',
        label: 'Security keys / passkeys',
        enrolled: passkeys.length > 0,
        enrolledAt: firstPasskey,
        detail: passkeys.length ? `${passkeys.length} registered: ${passkeys.map((p) => `${p.name} (${kindLabel(p.kind)})`).join(', ')}` : null,
      },
      { method: 'sms', label: 'SMS code', enrolled: !!i.smsNumber && i.smsVerified, enrolledAt: null, detail: i.smsNumber ? `${i.smsNumber}${i.smsVerified ? '' : ' (not verified)'}` : null },
      { method: 'emergency-code', label: 'Emergency code', enrolled: !!i.emergencyCodeHash, enrolledAt: i.emergencyCodeHash ? i.emergencyCodeCreatedAt : null, detail: i.emergencyCodeHash ? 'One unused emergency code is stored' : 'None: after a lost phone the person needs a code from customer service' },
    ];
    // The effective policy: the strictest of the identity's organizations' (seed 003).
    const effective = (await this.policies.effectiveFor(i.id)).policy;
    const policy = POLICY[effective] ?? { label: effective, explanation: '' };
    return {
      identityId: i.id,
      email: i.email,
      policy: effective,
      policyLabel: policy.label,
      policyExplanation: policy.explanation,
      methods,
      passkeys,
      devices,
      defaultMethod: i.defaultSecondFactor,
      enrolledCount: methods.filter((x) => x.enrolled).length,
      scopeNote: TWO_FACTOR_SCOPE_NOTE,
    };
  }
}
