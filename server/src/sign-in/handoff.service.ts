import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, sealContext, sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { addressKey, RateLimitService } from '../common/rate-limit.service.js';
import { Db, newId, step, type SqlStep } from '../database/db.service.js';
import { addressInNetworks } from '../common/cidr.js';
import { rejectionBucket } from './connection-health.js';
import type { RejectionKind } from '../../../shared/connections.js';
import { FailureReason, LoginResult, PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import { evaluateHandoff, HandoffDecision, type SeveraUserFacts } from './sign-in.rules.js';
import { HandoffFactsService, type HandoffConnection, type LiveHandoffContext } from './handoff-facts.service.js';
import { causeFor, CONNECTION_CAUSES, type HandoffBody, isFreshHandoff, nonceKey, parseHandoffBody, signatureMatches, splitSources } from './handoff-request.js';
import { ReplayGuard } from '../common/replay-guard.js';

export type HandoffOutcome =
  | { kind: 'signed-in'; token: string; attemptId: string; expiresAt: Date; portalId: PortalId; authentic: boolean }
  /** `reference`: the login attempt, or (when nothing was recorded: an unauthentic request) the request id. */
  | { kind: 'refused'; attemptId: string | null; reference: string; portalId: PortalId; authentic: boolean };

/** Successful hand-offs update lastSuccessAt at most this often per connection (keeps the row from becoming a hot spot). */
const CONNECTION_STAMP_MS = 1000;
/** How many opened connection secrets are kept in memory (about one per active connection). */
const OPENED_SECRETS_MAX = 2000;

type Rows = Record<string, unknown>[];

/**
 * The live portal → Severa hand-off: verifies the signed request, asks the rules engine, records the attempt,
 * and opens a Severa session on success. It never creates, links or changes a Severa user.
 *
 * Order (issue 13): the connection's allowed sources, then the signature. A request whose signature does not
 * verify is only counted (per connection and minute, and per client address for the 429 limit): it records no
 * login attempt and never changes what the console says about the connection. Authentic requests are never
 * throttled. Nonces are single-use across every portal and organization.
 */
@Injectable()
export class HandoffService {
  private readonly logger = new Logger('Handoff');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly facts: HandoffFactsService,
    private readonly limits: RateLimitService,
    private readonly replay: ReplayGuard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  portalFrom(param: string): PortalId {
    if (!PORTAL_IDS.includes(param as PortalId)) throw DomainError.notFound('Portal');
    return param as PortalId;
  }

  /** Over the per-address limit of unauthentic requests: 429 until the window passes (never asked for authentic ones). */
  private async refuseIfAbusive(ip: string): Promise<void> {
    const { limit } = this.config.rateLimits.handoff;
    if (limit === 0) return;
    const r = await this.limits.peek(`handoff-unauthentic:${addressKey(ip)}`);
    if (r.count >= limit) throw DomainError.tooMany('Too many hand-offs that could not be verified from this address. Try again later.', r.retryAfterSeconds);
  }

  private async countUnauthentic(ip: string): Promise<void> {
    const { limit, windowSeconds } = this.config.rateLimits.handoff;
    if (limit > 0) await this.limits.hit(`handoff-unauthentic:${addressKey(ip)}`, limit, windowSeconds);
  }

  private requestReference(): string {
    return RequestContext.current()?.requestId ?? newId();
  }

  async handoff(portalParam: string, body: unknown, rawBody: Buffer | undefined, signature: unknown, ip = 'unknown'): Promise<HandoffOutcome> {
    const portalId = this.portalFrom(portalParam);
    const now = this.clock.now();
    const parsed = parseHandoffBody(rawBody ? body : undefined);
    const orgId = parsed.ok ? parsed.body.organizationId : parsed.organizationId;
    const ctx = orgId ? await this.facts.liveContext(portalId, orgId) : null;
    const connection = ctx?.connection ?? null;

    // 1. Allowed sources: a request from elsewhere is refused before anything else, and only counted.
    const sources = splitSources(connection?.allowedSources ?? null);
    if (connection && sources.length && !addressInNetworks(ip, sources)) {
      await this.refuseIfAbusive(ip);
      await this.countRejectionNow(connection.id, 'source', now);
      await this.countUnauthentic(ip);
      return { kind: 'refused', attemptId: null, reference: this.requestReference(), portalId, authentic: false };
    }

    // 2. The signature: the current secret, or the previous one during a rotation's overlap.
    const verified = rawBody ? this.verify(connection, rawBody, signature, now) : { valid: false, previous: false };
    if (!verified.valid) {
      await this.refuseIfAbusive(ip);
      if (connection) await this.countRejectionNow(connection.id, 'bad-signature', now);
      await this.countUnauthentic(ip);
      if (!parsed.ok) throw new DomainError(400, ErrorCode.VALIDATION_FAILED, `Malformed hand-off: ${Object.keys(parsed.errors).join(', ')}`, parsed.errors);
      return { kind: 'refused', attemptId: null, reference: this.requestReference(), portalId, authentic: false };
    }

    // From here on the portal (or a copy of what it sent) signed the request. Its writes are one Db.atomic()
    // transaction (on SQLite one synchronous better-sqlite3 transaction).
    const context = ctx!;
    if (!parsed.ok) {
      const detail = `${CONNECTION_CAUSES.malformed}: ${Object.entries(parsed.errors)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}`.slice(0, 500);
      await this.db.atomic(() => this.recordMalformed(portalId, context.organization!.id, parsed.email ?? '', connection!.id, detail, now));
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, `Malformed hand-off: ${Object.keys(parsed.errors).join(', ')}`, parsed.errors);
    }

    const { email, issuedAt } = parsed.body;
    const fresh = isFreshHandoff(issuedAt, now.getTime());
    // A signed but stale request may be an old copy sent by anyone: it is limited like an unauthentic one.
    if (!fresh) await this.refuseIfAbusive(ip);
    const matches = context.organization ? await this.facts.exactMatches(orgId!, email) : [];
    const outcome = await this.db.atomic(() => this.decideAndRecord({ portalId, context, body: parsed.body, matches, fresh, previousSecret: verified.previous, now }));
    if (!outcome.authentic) await this.countUnauthentic(ip);
    return outcome;
  }

  /** A signed but malformed hand-off: the attempt, the connection's failure and the rejection count. */
  private *recordMalformed(portalId: PortalId, organizationId: string, email: string, connectionId: string, detail: string, now: Date): Generator<SqlStep, void, Rows> {
    yield* this.recordAttempt({ portalId, organizationId, email, failures: [FailureReason.PORTAL_CONNECTION_FAILED], detail, now });
    yield this.stampFailure(connectionId, detail, now);
    yield this.countRejection(connectionId, 'malformed', now);
  }

  /** A signed, well-formed hand-off: spends the nonce, asks the rules engine, records the attempt, opens the session. */
  private *decideAndRecord(a: {
    portalId: PortalId;
    context: LiveHandoffContext;
    body: HandoffBody;
    matches: SeveraUserFacts[];
    fresh: boolean;
    previousSecret: boolean;
    now: Date;
  }): Generator<SqlStep, HandoffOutcome, Rows> {
    const { portalId, context, fresh, now } = a;
    const { email, nonce } = a.body;
    const connection = context.connection!;
    // Only a fresh, signed request spends its nonce; the insert refuses a duplicate key (any portal, any organization).
    const nonceUnused = fresh ? yield* this.replay.claimNonce('handoff_nonces', nonceKey(nonce), now) : true;
    const decision = evaluateHandoff(this.facts.facts(context, email, a.matches, { signatureValid: true, fresh, nonceUnused }));
    const connectionOutcome = decision.checks[0];
    const cause = connectionOutcome.status === 'fail' ? causeFor(connectionOutcome.detail as never, { missingSignature: false, secretUnreadable: false }) : null;
    const attemptId = yield* this.recordAttempt({ portalId, organizationId: context.organization!.id, email, failures: decision.failures, detail: cause, now });
    if (!fresh) {
      yield this.stampFailure(connection.id, cause!, now);
      yield this.countRejection(connection.id, 'stale', now);
    } else if (!nonceUnused) {
      // A replayed copy: counted, never evidence (anyone who saw the request can send it again).
      yield this.countRejection(connection.id, 'replayed', now);
    } else if (cause) {
      yield this.stampFailure(connection.id, cause, now);
    } else {
      yield* this.stampSuccess(connection.id, now, a.previousSecret);
    }
    const authentic = fresh && nonceUnused;
    if (!decision.ok) return { kind: 'refused', attemptId, reference: attemptId, portalId, authentic };
    const session = this.newSession(decision, portalId, now);
    yield session.insert;
    return { kind: 'signed-in', attemptId, portalId, authentic, token: session.token, expiresAt: session.expiresAt };
  }

  /** Counts a refused request for the connection in the current minute (one upsert). */
  private countRejection(connectionId: string, kind: RejectionKind, now: Date): SqlStep {
    return step(
      `INSERT INTO connection_rejections ("connectionId", bucket, kind, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT ("connectionId", bucket, kind) DO UPDATE SET count = connection_rejections.count + 1`,
      [connectionId, rejectionBucket(now), kind],
    );
  }

  /** countRejection() in a transaction of its own. */
  private async countRejectionNow(connectionId: string, kind: RejectionKind, now: Date): Promise<void> {
    const upsert = this.countRejection(connectionId, kind, now);
    await this.db.atomic(function* (): Generator<SqlStep, void, Rows> {
      yield upsert;
    });
  }

  /** Which secret the signature verifies with, if any. */
  private verify(c: HandoffConnection | null, rawBody: Buffer, signature: unknown, now: Date): { valid: boolean; previous: boolean } {
    const secret = this.openSecret(c, c?.secretEnc ?? null, 'secretEnc');
    if (secret && signatureMatches(secret, rawBody, signature)) return { valid: true, previous: false };
    if (c?.previousSecretEnc && c.previousSecretUntil && now.getTime() < c.previousSecretUntil.getTime()) {
      const previous = this.openSecret(c, c.previousSecretEnc, 'previousSecretEnc');
      if (previous && signatureMatches(previous, rawBody, signature)) return { valid: true, previous: true };
    }
    return { valid: false, previous: false };
  }

  /**
   * Opened connection secrets by connection, column and sealed value (AES-GCM per hand-off was a tenth of its CPU).
   * A rotation or re-seal stores a new sealed value, so a changed secret is never served from here; least recently
   * used entries go first. Values that do not open are not kept (each attempt is logged, as before).
   */
  private readonly opened = new Map<string, string>();

  private openSecret(c: HandoffConnection | null, sealed: string | null, column: 'secretEnc' | 'previousSecretEnc'): string | null {
    if (!c || !sealed) return null;
    const key = `${c.id}\n${column}\n${sealed}`;
    const hit = this.opened.get(key);
    if (hit !== undefined) {
      this.opened.delete(key);
      this.opened.set(key, hit);
      return hit;
    }
    try {
      const secret = this.box.open(sealed, sealContext('portal_connections', column, c.id));
      this.opened.set(key, secret);
      if (this.opened.size > OPENED_SECRETS_MAX) this.opened.delete(this.opened.keys().next().value!);
      return secret;
    } catch {
      this.logger.error({ connectionId: c.id }, 'Portal connection secret cannot be decrypted');
      return null;
    }
  }

  private *recordAttempt(a: { portalId: PortalId; organizationId: string | null; email: string; failures: FailureReason[]; detail: string | null; now: Date }): Generator<SqlStep, string, Rows> {
    const id = newId();
    const result = a.failures.length ? LoginResult.FAILURE : LoginResult.SUCCESS;
    yield step(
      `INSERT INTO login_attempts (id, "portalId", "organizationId", email, result, reasons, detail, "requestId", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, a.portalId, a.organizationId, a.email.slice(0, 320), result, JSON.stringify(a.failures), a.detail ? a.detail.slice(0, 500) : null, RequestContext.current()?.requestId ?? null, a.now],
    );
    for (const reason of a.failures) {
      yield step(`INSERT INTO login_attempt_reasons ("attemptId", reason, "createdAt") VALUES ($1, $2, $3)`, [id, reason, a.now]);
    }
    return id;
  }

  /** The connection worked (the request was authentic, fresh, unused, and the connection enabled). */
  private *stampSuccess(connectionId: string, now: Date, previousSecret: boolean): Generator<SqlStep, void, Rows> {
    if (previousSecret) yield step(`UPDATE portal_connections SET "previousSecretLastUsedAt" = $2 WHERE id = $1`, [connectionId, now]);
    yield step(
      `UPDATE portal_connections SET "lastSuccessAt" = $2 WHERE id = $1
         AND ("lastSuccessAt" IS NULL OR "lastSuccessAt" < $3 OR ("lastFailureAt" IS NOT NULL AND "lastFailureAt" >= "lastSuccessAt"))`,
      [connectionId, now, new Date(now.getTime() - CONNECTION_STAMP_MS)],
    );
  }

  private stampFailure(connectionId: string, cause: string, now: Date): SqlStep {
    return step(
      `UPDATE portal_connections SET "lastFailureAt" = $2, "lastFailureCause" = $3 WHERE id = $1
         AND ("lastFailureAt" IS NULL OR "lastFailureAt" < $4 OR "lastFailureCause" IS NULL OR "lastFailureCause" <> $3
              OR ("lastSuccessAt" IS NOT NULL AND "lastSuccessAt" >= "lastFailureAt"))`,
      [connectionId, now, cause, new Date(now.getTime() - CONNECTION_STAMP_MS)],
    );
  }

  /** A new Severa session: the token for the cookie, and the insert of its hash. */
  private newSession(decision: HandoffDecision, portalId: PortalId, now: Date): { token: string; expiresAt: Date; insert: SqlStep } {
    const token = this.random.bytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3600_000);
    const insert = step(`INSERT INTO severa_sessions (id, "severaUserId", "portalId", "createdAt", "expiresAt") VALUES ($1, $2, $3, $4, $5)`, [sha256(token), decision.user!.id, portalId, now, expiresAt]);
    return { token, expiresAt, insert };
  }
}
