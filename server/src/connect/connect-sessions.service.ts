import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull, Not } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db } from '../database/db.service.js';
import { Identity } from '../identities/identity.entity.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { Session } from '../staff-auth/session.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionService } from '../staff-auth/session.service.js';
import type { ConnectMe, ConnectStage } from '../../../shared/connect.js';
import { connectSessionRequired, type ConnectSessionData } from './connect-request.guard.js';
import { isLocale, type Locale } from '../../../shared/locales.js';
import { maskPhone } from './phone-mask.js';

export const userActor = (identity: Pick<Identity, 'id' | 'email'>) => ({ id: identity.id, email: identity.email, role: 'user' });

/** Connect sessions (SessionService, kind `connect`) and the stage each one is at. */
@Injectable()
export class ConnectSessionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** Starts a Connect session inside the caller's transaction; returns the cookie token. */
  async start(m: EntityManager, identity: Identity, ip: string | null, data: ConnectSessionData, opts: { steppedUp?: boolean } = {}): Promise<string> {
    const { token, session } = await this.sessions.create(m, 'connect', identity.id, ip, data);
    // A second factor was just proven: the security settings accept changes for the next few minutes (step-up).
    if (opts.steppedUp) await m.getRepository(Session).update({ id: session.id }, { steppedUpAt: this.clock.now() });
    return token;
  }

  /**
   * Reads the session again under a lock, checks it is still at one of `stages`, and lets `fn` change its data
   * (and anything else in the same transaction). Two requests of one session cannot both pass a stage.
   */
  async advance<T>(
    sessionId: string,
    stages: ConnectStage[],
    /** May be synchronous when the step only rewrites the session's data. */
    fn: (m: EntityManager, data: ConnectSessionData, identity: Identity) => { data: ConnectSessionData; result: T } | Promise<{ data: ConnectSessionData; result: T }>,
  ): Promise<T> {
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'connect-session:' + sessionId);
      const s = await m.getRepository(Session).findOneBy({ id: sessionId, revokedAt: IsNull() });
      if (!s) throw connectSessionRequired();
      const data = (s.data ?? { stage: 'signed-in', reason: null }) as ConnectSessionData;
      if (!stages.includes(data.stage)) throw new DomainError(409, ErrorCode.WRONG_STAGE, `This step is not available now (you are at: ${data.stage}).`);
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: s.identityId });
      const out = await fn(m, data, identity);
      await m.getRepository(Session).update({ id: sessionId }, { data: out.data });
      return out.result;
    });
  }

  /** Sign-out: the session ends at once (server-side), and the audit log says so. */
  async signOut(sessionId: string, identity: Identity): Promise<void> {
    await this.db.tx(async (m) => {
      await m.getRepository(Session).update({ id: sessionId }, { revokedAt: this.clock.now() });
      await this.audit.record({ action: 'connect.signed-out', targetType: 'identity', targetId: identity.id, actor: userActor(identity) }, m);
    });
  }

  /** Ends every other session of the identity (staff and Connect): used when its second factors are reset or the password changes. */
  async revokeOthers(m: EntityManager, identityId: string, keepSessionId: string | null): Promise<number> {
    const where = keepSessionId ? { identityId, revokedAt: IsNull(), id: Not(keepSessionId) } : { identityId, revokedAt: IsNull() };
    const r = await m.getRepository(Session).update(where, { revokedAt: this.clock.now() });
    return r.affected ?? 0;
  }

  /** The person's language: on first contact from the browser (Accept-Language), later only when they choose one. */
  async setLocale(m: EntityManager, identity: Identity, locale: Locale | null, { onlyIfUnset }: { onlyIfUnset: boolean }): Promise<void> {
    if (!locale || (onlyIfUnset && identity.locale) || identity.locale === locale) return;
    const qb = m.createQueryBuilder().update(Identity).set({ locale, updatedAt: this.clock.now() }).where('id = :id', { id: identity.id });
    if (onlyIfUnset) qb.andWhere('locale IS NULL');
    await qb.execute();
    identity.locale = locale;
  }

  async view(identity: Identity, data: ConnectSessionData): Promise<ConnectMe> {
    const passkeys = await this.db.manager.getRepository(WebAuthnCredential).countBy({ identityId: identity.id });
    return {
      identity: { id: identity.id, email: identity.email, displayName: identity.displayName, locale: isLocale(identity.locale) ? identity.locale : null },
      stage: data.stage,
      reason: data.reason ?? null,
      factors: {
        totp: !!identity.totpSecretEnc,
        sms: !!identity.smsNumber && identity.smsVerified,
        smsNumber: identity.smsVerified ? maskPhone(identity.smsNumber) : null,
        emergencyCode: !!identity.emergencyCodeHash,
        passkeys,
      },
    };
  }
}
