import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, sealContext, sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db, newId } from '../database/db.service.js';
import { HandoffNonce, PortalConnection } from '../portals/portal.entity.js';
import { FailureReason, LoginResult, PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import { evaluateHandoff, HandoffDecision } from './sign-in.rules.js';
import { HandoffFactsService } from './handoff-facts.service.js';
import { causeFor, CONNECTION_CAUSES, isFresh, nonceKey, NONCE_RETENTION_SECONDS, parseHandoffBody, signatureMatches } from './handoff-request.js';

export type HandoffOutcome =
  | { kind: 'signed-in'; token: string; attemptId: string; expiresAt: Date; portalId: PortalId; authentic: boolean }
  | { kind: 'refused'; attemptId: string; portalId: PortalId; authentic: boolean };

/** Successful hand-offs update lastSuccessAt at most this often per connection (keeps the row from becoming a hot spot). */
const CONNECTION_STAMP_MS = 1000;

/**
 * The live portal → Severa hand-off: verifies the signed request, asks the rules engine, records the attempt,
 * and opens a Severa session on success. It never creates, links or changes a Severa user.
 */
@Injectable()
export class HandoffService {
  private readonly logger = new Logger('Handoff');
  private lastNoncePrune = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly facts: HandoffFactsService,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  portalFrom(param: string): PortalId {
    if (!PORTAL_IDS.includes(param as PortalId)) throw DomainError.notFound('Portal');
    return param as PortalId;
  }

  /**
   * Unauthentic requests (bad or missing signature, stale, replayed, malformed) are counted per client address;
   * over the limit the address gets 429 until the window passes. Authentic hand-offs are never throttled: a busy
   * portal sends them all from a few servers.
   */
  private async refuseIfAbusive(ip: string): Promise<void> {
    const { limit } = this.config.rateLimits.handoff;
    if (limit === 0) return;
    const r = await this.limits.peek(`handoff-unauthentic:${ip}`);
    if (r.count >= limit) throw DomainError.tooMany('Too many hand-offs that could not be verified from this address. Try again later.', r.retryAfterSeconds);
  }

  private async countUnauthentic(ip: string): Promise<void> {
    const { limit, windowSeconds } = this.config.rateLimits.handoff;
    if (limit > 0) await this.limits.hit(`handoff-unauthentic:${ip}`, limit, windowSeconds);
  }

  async handoff(portalParam: string, body: unknown, rawBody: Buffer | undefined, signature: unknown, ip = 'unknown'): Promise<HandoffOutcome> {
    const portalId = this.portalFrom(portalParam);
    await this.refuseIfAbusive(ip);
    const now = this.clock.now();
    const parsed = parseHandoffBody(rawBody ? body : undefined);
    const orgId = parsed.ok ? parsed.body.organizationId : parsed.organizationId;
    const ctx = orgId ? await this.facts.context(portalId, orgId) : null;

    const secret = this.openSecret(ctx?.connection ?? null);
    const signatureValid = !!secret && !!rawBody && signatureMatches(secret, rawBody, signature);

    if (!parsed.ok) {
      // Recorded when the organization and portal are known: the portal sent something Severa cannot read.
      if (ctx?.organization) {
        const detail = `${CONNECTION_CAUSES.malformed}: ${Object.entries(parsed.errors)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')}`.slice(0, 500);
        const cause = signatureValid ? detail : causeFor('bad-signature', { missingSignature: signature === undefined, secretUnreadable: !!ctx.connection && !secret });
        await this.db.tx(async (m) => {
          await this.recordAttempt(m, { portalId, organizationId: ctx.organization!.id, email: parsed.email ?? '', failures: [FailureReason.PORTAL_CONNECTION_FAILED], detail, now });
          if (ctx.connection) await this.stampFailure(m, ctx.connection.id, cause.slice(0, 500), now);
        });
      }
      await this.countUnauthentic(ip);
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, `Malformed hand-off: ${Object.keys(parsed.errors).join(', ')}`, parsed.errors);
    }

    const { email, issuedAt, nonce } = parsed.body;
    const context = ctx!;
    const fresh = isFresh(issuedAt, now.getTime());
    const matches = context.organization ? await this.facts.exactMatches(orgId!, email) : [];

    const outcome = await this.db.tx(async (m) => {
      // Only an authentic, fresh request spends its nonce; the insert refuses a duplicate key.
      const nonceUnused = signatureValid && fresh ? await this.claimNonce(m, nonceKey(portalId, orgId!, nonce), now) : true;
      const decision = evaluateHandoff(this.facts.facts(context, email, matches, { signatureValid, fresh, nonceUnused }));
      const connectionOutcome = decision.checks[0];
      const cause = connectionOutcome.status === 'fail' ? causeFor(connectionOutcome.detail as never, { missingSignature: signature === undefined, secretUnreadable: !!context.connection && !secret }) : null;
      const detail = context.organization ? cause : `Unknown organization id ${JSON.stringify(orgId)}`;
      const attemptId = await this.recordAttempt(m, { portalId, organizationId: context.organization?.id ?? null, email, failures: decision.failures, detail, now });
      if (context.connection) {
        if (cause) await this.stampFailure(m, context.connection.id, cause, now);
        else await this.stampSuccess(m, context.connection.id, now);
      }
      await this.pruneNonces(m, now);
      const authentic = signatureValid && fresh && nonceUnused;
      if (!decision.ok) return { kind: 'refused', attemptId, portalId, authentic } as const;
      return { kind: 'signed-in', attemptId, portalId, authentic, ...(await this.openSession(m, decision, portalId, now)) } as const;
    });
    if (!outcome.authentic) await this.countUnauthentic(ip);
    return outcome;
  }

  private openSecret(c: PortalConnection | null): string | null {
    if (!c) return null;
    try {
      return this.box.open(c.secretEnc, sealContext('portal_connections', 'secretEnc', c.id));
    } catch {
      this.logger.error({ connectionId: c.id }, 'Portal connection secret cannot be decrypted');
      return null;
    }
  }

  /** True when the nonce was not used before (the row was inserted); false for a replay. */
  private async claimNonce(m: EntityManager, key: string, now: Date): Promise<boolean> {
    const [sql, params] = m.connection.driver.escapeQueryWithParameters(
      'INSERT INTO "handoff_nonces" ("key", "createdAt") VALUES (:key, :now) ON CONFLICT ("key") DO NOTHING RETURNING "key"',
      { key, now },
    );
    const rows: unknown = await m.query(sql, params);
    return Array.isArray(rows) && rows.length === 1;
  }

  /** Drops nonces too old to matter (a replay of them is stale), at most once a minute per process. */
  private async pruneNonces(m: EntityManager, now: Date): Promise<void> {
    if (now.getTime() - this.lastNoncePrune < 60_000) return;
    this.lastNoncePrune = now.getTime();
    await m
      .createQueryBuilder()
      .delete()
      .from(HandoffNonce)
      .where('"createdAt" < :cutoff', { cutoff: new Date(now.getTime() - NONCE_RETENTION_SECONDS * 1000) })
      .execute();
  }

  private async recordAttempt(
    m: EntityManager,
    a: { portalId: PortalId; organizationId: string | null; email: string; failures: FailureReason[]; detail: string | null; now: Date },
  ): Promise<string> {
    const id = newId();
    const result = a.failures.length ? LoginResult.FAILURE : LoginResult.SUCCESS;
    await this.db.sql(
      m,
      `INSERT INTO login_attempts (id, "portalId", "organizationId", email, result, reasons, detail, "requestId", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, a.portalId, a.organizationId, a.email.slice(0, 320), result, JSON.stringify(a.failures), a.detail ? a.detail.slice(0, 500) : null, RequestContext.current()?.requestId ?? null, a.now],
    );
    for (const reason of a.failures) {
      await this.db.sql(m, `INSERT INTO login_attempt_reasons ("attemptId", reason, "createdAt") VALUES ($1, $2, $3)`, [id, reason, a.now]);
    }
    return id;
  }

  /** The connection worked (the request was authentic, fresh, unused, and the connection enabled). */
  private async stampSuccess(m: EntityManager, connectionId: string, now: Date): Promise<void> {
    await this.db.sql(
      m,
      `UPDATE portal_connections SET "lastSuccessAt" = $2 WHERE id = $1
         AND ("lastSuccessAt" IS NULL OR "lastSuccessAt" < $3 OR ("lastFailureAt" IS NOT NULL AND "lastFailureAt" >= "lastSuccessAt"))`,
      [connectionId, now, new Date(now.getTime() - CONNECTION_STAMP_MS)],
    );
  }

  private async stampFailure(m: EntityManager, connectionId: string, cause: string, now: Date): Promise<void> {
    await this.db.sql(
      m,
      `UPDATE portal_connections SET "lastFailureAt" = $2, "lastFailureCause" = $3 WHERE id = $1
         AND ("lastFailureAt" IS NULL OR "lastFailureAt" < $4 OR "lastFailureCause" IS NULL OR "lastFailureCause" <> $3
              OR ("lastSuccessAt" IS NOT NULL AND "lastSuccessAt" >= "lastFailureAt"))`,
      [connectionId, now, cause, new Date(now.getTime() - CONNECTION_STAMP_MS)],
    );
  }

  private async openSession(m: EntityManager, decision: HandoffDecision, portalId: PortalId, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = this.random.bytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3600_000);
    await this.db.sql(m, `INSERT INTO severa_sessions (id, "severaUserId", "portalId", "createdAt", "expiresAt") VALUES ($1, $2, $3, $4, $5)`, [sha256(token), decision.user!.id, portalId, now, expiresAt]);
    return { token, expiresAt };
  }
}
