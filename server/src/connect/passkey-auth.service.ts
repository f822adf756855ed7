import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { localeOf, mail, t } from '../i18n/i18n.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { WEBAUTHN_CHALLENGE_SECONDS, fromBase64Url, relyingParty, transportsOf, webauthnLib } from './webauthn.js';

export interface PendingAssertion {
  challenge: string;
  expiresAt: string;
}

export type AssertionOutcome = { ok: true; credential: WebAuthnCredential; userVerified: boolean } | { ok: false; reason: 'unknown-credential' | 'invalid' | 'expired' | 'counter' };

const system = { id: null, email: null, role: 'system' };

/**
 * Asking a passkey or security key to sign (WebAuthn authentication), for the sign-in's second step, the
 * password-less sign-in and the security settings' step-up. A credential whose signature counter does not move
 * forward is refused (a cloned authenticator), audited and reported to the person.
 */
@Injectable()
export class PasskeyAuthService {
  private readonly log = new Logger(PasskeyAuthService.name);
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Options for navigator.credentials.get(); `identityId` null asks for any discoverable credential of this site. */
  async options(identityId: string | null, userVerification: 'required' | 'preferred'): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; pending: PendingAssertion }> {
    const rp = relyingParty(this.config);
    const creds = identityId ? await this.db.manager.getRepository(WebAuthnCredential).findBy({ identityId }) : [];
    if (identityId && creds.length === 0) throw DomainError.conflict(ErrorCode.CONFLICT, 'No passkey or security key is registered for this account.');
    const { generateAuthenticationOptions } = await webauthnLib();
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      challenge: new Uint8Array(this.random.bytes(32)),
      timeout: WEBAUTHN_CHALLENGE_SECONDS * 1000,
      userVerification,
      allowCredentials: creds.map((c) => ({ id: c.credentialId, transports: transportsOf(c) })),
    });
    return { options, pending: { challenge: options.challenge, expiresAt: new Date(this.clock.nowMs() + WEBAUTHN_CHALLENGE_SECONDS * 1000).toISOString() } };
  }

  /**
   * Verifies an answer against a pending challenge (which the caller has already taken out: single use). With
   * `identityId` the credential must belong to that identity; without it (password-less), the credential decides
   * who signs in and its user handle must agree. The counter moves forward with a conditional UPDATE, so two
   * answers with the same counter cannot both pass.
   */
  async verify(response: AuthenticationResponseJSON, pending: PendingAssertion | null | undefined, identityId: string | null, requireUserVerification: boolean): Promise<AssertionOutcome> {
    if (!pending) return { ok: false, reason: 'invalid' };
    if (new Date(pending.expiresAt).getTime() <= this.clock.nowMs()) return { ok: false, reason: 'expired' };
    const credentialId = typeof response?.id === 'string' ? response.id : '';
    if (!credentialId || credentialId.length > 1400) return { ok: false, reason: 'invalid' };
    const row = await this.db.manager.getRepository(WebAuthnCredential).findOneBy(identityId ? { credentialId, identityId } : { credentialId });
    if (!row) return { ok: false, reason: 'unknown-credential' };
    if (!identityId) {
      const handle = typeof response.response?.userHandle === 'string' ? response.response.userHandle : null;
      const decoded = handle ? Buffer.from(handle, 'base64url').toString('utf8') : null;
      if (decoded !== row.identityId) return { ok: false, reason: 'invalid' };
    }
    const rp = relyingParty(this.config);
    const { verifyAuthenticationResponse } = await webauthnLib();
    let info;
    try {
      const v = await verifyAuthenticationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification,
        credential: { id: row.credentialId, publicKey: fromBase64Url(row.publicKey), counter: row.counter, transports: transportsOf(row) },
      });
      if (!v.verified) return { ok: false, reason: 'invalid' };
      info = v.authenticationInfo;
    } catch (e) {
      if (e instanceof Error && /counter value/i.test(e.message)) {
        await this.counterReplay(row);
        return { ok: false, reason: 'counter' };
      }
      this.log.debug(`passkey assertion refused: ${e instanceof Error ? e.message : String(e)}`);
      return { ok: false, reason: 'invalid' };
    }
    const now = this.clock.now();
    const moved = await this.db.tx((m) =>
      m
        .createQueryBuilder()
        .update(WebAuthnCredential)
        .set({ counter: info.newCounter, lastUsedAt: now, backedUp: info.credentialBackedUp })
        .where('id = :id AND counter = :old', { id: row.id, old: row.counter })
        .execute(),
    );
    if ((moved.affected ?? 0) !== 1) {
      // Another answer of this credential got in first with the same or a newer counter.
      if (info.newCounter > 0) {
        await this.counterReplay(row);
        return { ok: false, reason: 'counter' };
      }
    }
    return { ok: true, credential: { ...row, counter: info.newCounter, lastUsedAt: now }, userVerified: info.userVerified };
  }

  /** A response whose counter did not move forward: the authenticator may have been copied. */
  private async counterReplay(row: WebAuthnCredential): Promise<void> {
    await this.db.tx(async (m) => {
      const identity = await m.getRepository(Identity).findOneBy({ id: row.identityId });
      await this.audit.record({ action: 'passkey.counter-replayed', targetType: 'identity', targetId: row.identityId, after: { passkeyId: row.id, name: row.name, storedCounter: row.counter }, actor: system }, m);
      if (identity) {
        await this.outbox.enqueue(m, {
          kind: 'connect.passkey-clone-suspected',
          recipient: identity.email,
          ...mail(localeOf(identity), 'passkeyCloneSuspected', {
            name: identity.displayName,
            credential: t(localeOf(identity), row.kind === 'security-key' ? 'mail.passkeyCloneSuspected.securityKey' : 'mail.passkeyCloneSuspected.passkey', { key: row.name }),
          }),
          identityId: identity.id,
        });
      }
    });
  }
}
