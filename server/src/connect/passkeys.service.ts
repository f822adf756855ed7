import { Inject, Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { EntityManager } from 'typeorm';
import { Identity } from '../identities/identity.entity.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { inventoryOf, signInMethods } from '../identities/second-factors.js';
import { effectiveTwoFactorPolicy } from '../identities/two-factor-policy.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import type { PasskeyView } from '../../../shared/security-settings.js';
import type { ConnectContext } from './connect-request.guard.js';
import { ConnectSessionsService } from './connect-sessions.service.js';
import { assertFreshStepUp } from './connect-step-up.js';
import { recordSecurityChange } from './security-notices.js';
import { WEBAUTHN_CHALLENGE_SECONDS, cleanPasskeyName, passkeyKind, passkeyView, relyingParty, toBase64Url, transportsOf, webauthnLib } from './webauthn.js';

/** At most this many passkeys and security keys per identity. */
export const MAX_PASSKEYS = 20;

/** The WebAuthn user handle of an identity: its id (a random UUID, nothing personal). */
export const userHandleOf = (identityId: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(identityId);

const notFound = () => new DomainError(404, ErrorCode.NOT_FOUND, 'No such passkey.');

/**
 * Passkeys and security keys (WebAuthn, @simplewebauthn/server): registration from the security settings (with a
 * fresh step-up) or during Customer Portal activation, and the person's own list, rename and remove.
 * Attestation `none`; discoverable credentials are asked for (resident key preferred), so a passkey can also sign
 * in without a password.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly connect: ConnectSessionsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get deps() {
    return { audit: this.audit, outbox: this.outbox };
  }

  /** Signed in: a fresh step-up; during activation (`add-phone`) enrolment needs none. */
  private guardChange(ctx: ConnectContext): void {
    if (ctx.data.stage === 'signed-in') assertFreshStepUp(ctx.session, this.clock.nowMs());
  }

  async registrationOptions(ctx: ConnectContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
    this.guardChange(ctx);
    await this.limits.consumeNamed('passkey-registration', ctx.identity.id, 'Too many passkey registrations were started. Wait a while and try again.');
    const rp = relyingParty(this.config);
    const existing = await this.db.manager.getRepository(WebAuthnCredential).findBy({ identityId: ctx.identity.id });
    if (existing.length >= MAX_PASSKEYS) throw DomainError.conflict(ErrorCode.CONFLICT, `At most ${MAX_PASSKEYS} passkeys and security keys can be registered. Remove one first.`);
    const { generateRegistrationOptions } = await webauthnLib();
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: ctx.identity.email,
      userDisplayName: ctx.identity.displayName,
      userID: userHandleOf(ctx.identity.id),
      challenge: new Uint8Array(this.random.bytes(32)),
      timeout: WEBAUTHN_CHALLENGE_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: transportsOf(c) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const expiresAt = new Date(this.clock.nowMs() + WEBAUTHN_CHALLENGE_SECONDS * 1000).toISOString();
    await this.connect.advance(ctx.session.id, ['add-phone', 'signed-in'], (_m, data) => ({ data: { ...data, passkeyRegistration: { challenge: options.challenge, expiresAt } }, result: undefined }));
    return options;
  }

  /**
   * Checks the browser's answer against the challenge of this session (single use: it is cleared whether the answer
   * is good or not), then stores the credential with the person's name for it.
   */
  async registrationVerify(ctx: ConnectContext, response: RegistrationResponseJSON, name: string): Promise<PasskeyView> {
    this.guardChange(ctx);
    const cleanName = cleanPasskeyName(name);
    if (!cleanName) throw DomainError.invalid('name', 'must be 1 to 60 characters, such as "YubiKey" or "This laptop"');
    const rp = relyingParty(this.config);
    // Take the pending challenge out first: a second answer to the same challenge finds none.
    const pending = await this.connect.advance(ctx.session.id, ['add-phone', 'signed-in'], (_m, data) => ({ data: { ...data, passkeyRegistration: null }, result: data.passkeyRegistration ?? null }));
    if (!pending) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'Start the registration first (POST /api/connect/passkeys/registration/options).');
    if (new Date(pending.expiresAt).getTime() <= this.clock.nowMs()) throw new DomainError(400, ErrorCode.VALIDATION_FAILED, 'The registration took too long.', { response: 'expired: start again' });
    const { verifyRegistrationResponse } = await webauthnLib();
    let info;
    try {
      const v = await verifyRegistrationResponse({ response, expectedChallenge: pending.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false });
      if (!v.verified) throw new Error('not verified');
      info = v.registrationInfo;
    } catch {
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, 'The passkey could not be registered.', { response: 'is not a valid answer to this registration' });
    }
    const transports = (info.credential.transports ?? response.response?.transports ?? []).filter((x) => typeof x === 'string').slice(0, 8);
    const now = this.clock.now();
    const row = Object.assign(new WebAuthnCredential(), {
      id: newId(),
      identityId: ctx.identity.id,
      credentialId: info.credential.id,
      publicKey: toBase64Url(info.credential.publicKey),
      counter: info.credential.counter,
      transports,
      kind: passkeyKind(transports, info.credentialDeviceType),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid ?? null,
      name: cleanName,
      createdAt: now,
      lastUsedAt: null,
    });
    await this.db.tx(async (m) => {
      const taken = await m.getRepository(WebAuthnCredential).existsBy({ credentialId: row.credentialId });
      if (taken) throw DomainError.conflict(ErrorCode.CONFLICT, 'This passkey or security key is already registered.');
      await m.getRepository(WebAuthnCredential).insert({ ...row, transports: [...transports] });
      await recordSecurityChange(this.deps, m, ctx.identity, 'passkey.registered', { name: cleanName, kind: row.kind, passkeyId: row.id }, now);
    });
    return passkeyView(row);
  }

  async list(ctx: ConnectContext): Promise<PasskeyView[]> {
    const rows = await this.db.manager.getRepository(WebAuthnCredential).find({ where: { identityId: ctx.identity.id }, order: { createdAt: 'ASC' } });
    return rows.map(passkeyView);
  }

  async rename(ctx: ConnectContext, id: string, name: string): Promise<PasskeyView> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    const cleanName = cleanPasskeyName(name);
    if (!cleanName) throw DomainError.invalid('name', 'must be 1 to 60 characters, such as "YubiKey" or "This laptop"');
    return this.db.tx(async (m) => {
      const row = await m.getRepository(WebAuthnCredential).findOneBy({ id, identityId: ctx.identity.id });
      if (!row) throw notFound();
      const from = row.name;
      await m.getRepository(WebAuthnCredential).update({ id: row.id }, { name: cleanName });
      await recordSecurityChange(this.deps, m, ctx.identity, 'passkey.renamed', { from, name: cleanName, passkeyId: row.id }, this.clock.now());
      return passkeyView({ ...row, name: cleanName });
    });
  }

  /** Never the last way to sign in while the policy requires 2FA. */
  async remove(ctx: ConnectContext, id: string): Promise<{ removed: true }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'second-factors:' + ctx.identity.id);
      const row = await m.getRepository(WebAuthnCredential).findOneBy({ id, identityId: ctx.identity.id });
      if (!row) throw notFound();
      await m.getRepository(WebAuthnCredential).delete({ id: row.id });
      await assertStillProtected(m, ctx);
      await recordSecurityChange(this.deps, m, ctx.identity, 'passkey.removed', { name: row.name, kind: row.kind, passkeyId: row.id }, this.clock.now());
      return { removed: true as const };
    });
  }
}

/**
 * After a removal inside the caller's transaction: at least one sign-in method must remain while the policy is
 * `required` (otherwise the transaction is rolled back with 409 LAST_SECOND_FACTOR).
 */
export async function assertStillProtected(m: EntityManager, ctx: ConnectContext): Promise<void> {
  const fresh = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
  const left = signInMethods(await inventoryOf(m, fresh), null);
  if (left.length === 0 && (await effectiveTwoFactorPolicy(m, fresh)) === TwoFactorPolicy.REQUIRED) {
    throw DomainError.conflict(ErrorCode.LAST_SECOND_FACTOR, 'This is your last way to sign in with two-step verification, which your organization requires. Add another method first.');
  }
}
