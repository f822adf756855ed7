import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { hmacSha256Hex, safeEqualHex, sha256 } from '../common/crypto.js';
import { Db } from '../database/db.service.js';
import { AuthChallenge, Session } from './session.entity.js';

export type SessionKind = 'staff' | 'connect';
/** What the liveness check, the CSRF check and the step-up check read of a session. */
export type LiveSession = Pick<Session, 'id' | 'identityId' | 'lastSeenAt' | 'absoluteExpiresAt' | 'steppedUpAt'>;

/** Server-side sessions and sign-in challenges, kept in the database. Tokens are random; only hashes are stored. */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  token(): string {
    return this.random.bytes(32).toString('base64url');
  }

  async create(m: EntityManager, kind: SessionKind, identityId: string, ip: string | null, data: object | null = null): Promise<{ token: string; csrfToken: string; session: Session }> {
    const token = this.token();
    const id = sha256(token);
    const csrfToken = this.csrfFor(id);
    const now = this.clock.now();
    const session = m.getRepository(Session).create({
      id,
      kind,
      identityId,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3600_000),
      steppedUpAt: null,
      revokedAt: null,
      ip,
      data,
    });
    await m.getRepository(Session).insert(session);
    return { token, csrfToken, session };
  }

  /** The stored id of a cookie token, or null for a value that cannot be one (missing, not a string, too long). */
  idFor(token: unknown): string | null {
    if (!token || typeof token !== 'string' || token.length > 100) return null;
    return sha256(token);
  }

  /** A live session for the token, or null when unknown, revoked, idle too long or past its absolute lifetime. */
  async resolve(token: string | undefined, kind: SessionKind): Promise<Session | null> {
    const id = this.idFor(token);
    if (!id) return null;
    const s = await this.db.manager.getRepository(Session).findOneBy({ id, kind, revokedAt: IsNull() });
    return s && (await this.stillLive(s)) ? s : null;
  }

  /**
   * Whether a stored, unrevoked session is still within its absolute lifetime and idle timeout; a live one seen
   * more than 30 s ago gets its lastSeenAt moved to now (the idle clock). Every reader of sessions decides here.
   */
  async stillLive(s: LiveSession): Promise<boolean> {
    const now = this.clock.nowMs();
    if (now >= s.absoluteExpiresAt.getTime()) return false;
    if (now - s.lastSeenAt.getTime() >= this.config.sessionIdleMinutes * 60_000) return false;
    if (now - s.lastSeenAt.getTime() > 30_000) {
      await this.db.tx((m) => m.getRepository(Session).update({ id: s.id }, { lastSeenAt: new Date(now) }));
    }
    return true;
  }

  /** The header must carry the token derived from this session with the current SESSION_SECRET. */
  csrfMatches(session: Pick<Session, 'id'>, header: unknown): boolean {
    if (typeof header !== 'string' || header.length > 100) return false;
    return safeEqualHex(header, this.csrfFor(session.id));
  }

  /**
   * The session's CSRF token: derived from the session id with a server key, so a reloaded page (or a new tab)
   * can ask for it again through /me without invalidating the one other tabs hold.
   */
  csrfFor(sessionId: string): string {
    return hmacSha256Hex(this.config.sessionSecret, 'csrf:' + sessionId);
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.tx((m) => m.getRepository(Session).update({ id: sessionId }, { revokedAt: this.clock.now() }));
  }

  async markSteppedUp(sessionId: string): Promise<Date> {
    const now = this.clock.now();
    await this.db.tx((m) => m.getRepository(Session).update({ id: sessionId }, { steppedUpAt: now }));
    return now;
  }

  isSteppedUp(session: Pick<Session, 'steppedUpAt'>): boolean {
    return !!session.steppedUpAt && this.clock.nowMs() - session.steppedUpAt.getTime() < this.config.stepUpMinutes * 60_000;
  }

  // --- challenges (password accepted, second factor pending) ---

  async createChallenge(m: EntityManager, kind: SessionKind, identityId: string, stage: string, data: object | null = null, ttlSeconds = 300): Promise<string> {
    const token = this.token();
    const now = this.clock.now();
    await m.getRepository(AuthChallenge).insert({ id: sha256(token), kind, identityId, stage, data, createdAt: now, expiresAt: new Date(now.getTime() + ttlSeconds * 1000), usedAt: null, failures: 0 });
    return token;
  }

  async findChallenge(token: unknown, kind: SessionKind): Promise<AuthChallenge | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 100) return null;
    const c = await this.db.manager.getRepository(AuthChallenge).findOneBy({ id: sha256(token), kind, usedAt: IsNull() });
    if (!c || c.expiresAt.getTime() <= this.clock.nowMs()) return null;
    return c;
  }

  /** Marks the challenge used; false when another request used it first. */
  async consumeChallenge(m: EntityManager, id: string, stage?: string): Promise<boolean> {
    const qb = m.createQueryBuilder().update(AuthChallenge).set({ usedAt: this.clock.now() }).where('id = :id AND "usedAt" IS NULL', { id });
    if (stage) qb.andWhere('stage = :stage', { stage });
    const r = await qb.execute();
    return (r.affected ?? 0) === 1;
  }

  /** Counts a wrong second-factor code on a challenge; at the `challenge-codes` limit the challenge is spent. */
  async countChallengeFailure(id: string): Promise<void> {
    const { limit } = this.config.rateLimits['challenge-codes'];
    await this.db.tx(async (m) => {
      await m.createQueryBuilder().update(AuthChallenge).set({ failures: () => 'failures + 1' }).where('id = :id', { id }).execute();
      const c = await m.getRepository(AuthChallenge).findOneBy({ id });
      if (c && limit > 0 && c.failures >= limit) await this.updateChallenge(m, c.id, { expiresAt: this.clock.now() });
    });
  }

  async updateChallenge(m: EntityManager, id: string, patch: Partial<Pick<AuthChallenge, 'stage' | 'data' | 'failures' | 'expiresAt'>>): Promise<void> {
    await m.getRepository(AuthChallenge).update({ id }, patch);
  }
}
