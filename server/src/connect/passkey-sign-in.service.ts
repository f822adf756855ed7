import { Injectable } from '@nestjs/common';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db } from '../database/db.service.js';
import { Identity } from '../identities/identity.entity.js';
import { AuthChallenge } from '../staff-auth/session.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { ConnectSignInService, type SignInDone } from './connect-sign-in.service.js';
import { PasskeyAuthService, type AssertionOutcome, type PendingAssertion } from './passkey-auth.service.js';
import { WEBAUTHN_CHALLENGE_SECONDS } from './webauthn.js';

/** The stage of a password-less sign-in challenge: no identity is known until the passkey answers. */
const DISCOVERABLE = 'passkey';

const invalid = () => new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'The e-mail, password or code is not correct.');
const cloned = () =>
  new DomainError(401, ErrorCode.PASSKEY_COUNTER_REPLAY, 'This passkey or security key answered like a copy of itself and was refused. Use another method, and remove the key in your security settings if you did not expect this.');

/**
 * Signing in with a passkey or security key (seed 004 "Sign in with security key or biometrics"):
 * - as the second factor after the password: `challenge` from POST /sign-in (stage password-ok);
 * - password-less from the first page: no challenge given, any discoverable credential of this site, with user
 *   verification required (the passkey is then both factors).
 * The WebAuthn challenge lives in the sign-in challenge's row and is taken out before it is checked: one answer each.
 */
@Injectable()
export class PasskeySignInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly signIn: ConnectSignInService,
    private readonly auth: PasskeyAuthService,
  ) {}

  async options(challengeToken: string | undefined, ip: string | null): Promise<{ challenge: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    await this.signIn.ipGate(ip);
    if (challengeToken) {
      const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok');
      const { options, pending } = await this.auth.options(identity.id, 'preferred');
      await this.db.tx((m) => this.sessions.updateChallenge(m, challenge.id, { data: { ...(challenge.data ?? {}), passkey: pending } }));
      return { challenge: challengeToken, options };
    }
    const { options, pending } = await this.auth.options(null, 'required');
    const token = await this.db.tx((m) => this.sessions.createChallenge(m, 'connect', '', DISCOVERABLE, { passkey: pending }, WEBAUTHN_CHALLENGE_SECONDS));
    return { challenge: token, options };
  }

  async verify(challengeToken: string, response: AuthenticationResponseJSON, ip: string | null): Promise<SignInDone> {
    await this.signIn.ipGate(ip);
    const found = await this.sessions.findChallenge(challengeToken, 'connect');
    if (!found || (found.stage !== 'password-ok' && found.stage !== DISCOVERABLE)) throw invalid();
    const pending = await this.takePending(found.id);
    if (found.stage === 'password-ok') {
      const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok');
      const outcome = await this.auth.verify(response, pending, identity.id, false);
      if (!outcome.ok) {
        await this.signIn.challengeFailure(challenge);
        await this.signIn.recordFailure(identity, ip, identity.email, 'passkey');
        throw outcome.reason === 'counter' ? cloned() : invalid();
      }
      return this.signIn.complete(challenge, identity, 'passkey', ip);
    }
    // Password-less: one answer per options call (the pending WebAuthn challenge was taken out above).
    const outcome: AssertionOutcome = await this.auth.verify(response, pending, null, true);
    const identity = outcome.ok ? await this.db.manager.getRepository(Identity).findOneBy({ id: outcome.credential.identityId }) : null;
    const usable = !!identity && identity.status === 'active' && !(identity.lockedUntil && identity.lockedUntil.getTime() > this.clock.nowMs());
    if (!outcome.ok || !usable) {
      const owner = !outcome.ok ? null : identity && identity.status === 'active' ? identity : null;
      await this.signIn.recordFailure(owner, ip, '(passkey)', 'passkey');
      await this.db.tx((m) => this.sessions.consumeChallenge(m, found.id, DISCOVERABLE));
      throw !outcome.ok && outcome.reason === 'counter' ? cloned() : invalid();
    }
    return this.signIn.complete(found, identity, 'passkey (password-less)', ip, DISCOVERABLE);
  }

  /** Takes the pending WebAuthn challenge out of the sign-in challenge (under a lock): a second answer finds none. */
  private async takePending(challengeId: string): Promise<PendingAssertion | null> {
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'auth-challenge:' + challengeId);
      const c = await m.getRepository(AuthChallenge).findOneBy({ id: challengeId });
      const pending = (c?.data as { passkey?: PendingAssertion | null } | null | undefined)?.passkey ?? null;
      if (c && pending) await this.sessions.updateChallenge(m, c.id, { data: { ...(c.data ?? {}), passkey: null } });
      return pending;
    });
  }
}
