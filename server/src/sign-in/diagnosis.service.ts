import { Injectable } from '@nestjs/common';
import { Db, read, type Read } from '../database/db.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { PortalAccount } from '../portals/portal.entity.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../../../shared/sign-in.js';
import type { Diagnosis, DiagnosisAttempt, PortalAccountCandidate, Preflight, PreflightAccount } from '../../../shared/diagnosis.js';
import { emailsMatchExactly, evaluateHandoff, type SeveraUserFacts } from './sign-in.rules.js';
import { verdictOf } from './diagnosis-verdict.js';
import { recordedCause } from './recorded-cause.js';
import { HandoffFactsService, OrganizationHandoffContext } from './handoff-facts.service.js';
import { findNearMisses, NearMissCandidate, widestKey } from './near-miss.js';
import { nearMissFilterSql } from './near-miss-sql.js';
import { explainChecks } from './diagnosis-explain.js';

export const RECENT_ATTEMPTS = 20;

/** The diagnosis and the org-wide preflight: the same rules engine as the live hand-off, explained. */
@Injectable()
export class DiagnosisService {
  constructor(
    private readonly db: Db,
    private readonly facts: HandoffFactsService,
    private readonly clock: Clock,
  ) {}

  private async scopedContext(portal: PortalId, organizationId: string, actor: Actor): Promise<OrganizationHandoffContext> {
    assertInScope(actor, organizationId, 'Organization');
    const ctx = await this.facts.contextWithHealth(portal, organizationId);
    if (!ctx.organization) throw DomainError.notFound('Organization');
    return ctx;
  }

  async diagnose(portal: PortalId, organizationId: string, email: string, actor: Actor): Promise<Diagnosis> {
    // The scope is checked before anything is read; the organization's context and the reads below are independent,
    // so they go out together (Db.readAll: on PostgreSQL one statement). An unknown organization reads nothing in the
    // others and is refused once the context says so.
    assertInScope(actor, organizationId, 'Organization');
    // Near misses share the presented e-mail's widest key: only the users and accounts that may have it are read
    // (near-miss-sql.ts, a superset; findNearMisses still compares every candidate), not the whole organization.
    const key = widestKey(email);
    const accountFilter = nearMissFilterSql(this.db.isPostgres, 'email', organizationId, [key], 2);
    const [bare, buckets, matches, users, attempts, accounts] = await this.db.readAll(this.db.manager, [
      this.facts.contextRead(portal, organizationId),
      this.facts.rejectionsRead(portal, organizationId),
      this.facts.exactMatchesRead(organizationId, email),
      this.facts.nearMissCandidatesRead(organizationId, key),
      this.recentAttemptsRead(portal, organizationId, email),
      // The portal side: this portal's accounts of the organization that may be the exact account or a near miss.
      read(
        `SELECT id, email, name FROM portal_accounts WHERE "portalId" = $1 AND ${accountFilter ? accountFilter.sql : '"organizationId" = $2'} ORDER BY email, id`,
        [portal, ...(accountFilter ? accountFilter.params : [organizationId])],
        (rows) => rows as { id: string; email: string; name: string }[],
      ),
    ] as const);
    const ctx = this.facts.withHealth(bare, buckets);
    if (!ctx.organization) throw DomainError.notFound('Organization');
    const candidates: NearMissCandidate[] = users.map((u) => ({ id: u.id, email: u.email, name: u.name, active: u.active }));
    // Users with exactly a candidate account's e-mail have its key too: they are among `users`.
    const byEmail = new Map<string, SeveraUserFacts[]>();
    for (const { name: _name, ...u } of users) byEmail.set(u.email, [...(byEmail.get(u.email) ?? []), u]);
    const decision = evaluateHandoff(this.facts.facts(ctx, email, matches));
    const { nearMisses, ambiguous } = findNearMisses(email, candidates);
    // What the portal would really send: only an account with exactly this e-mail makes a hand-off with it.
    const exact = accounts.find((a) => emailsMatchExactly(a.email, email)) ?? null;
    const portalAccountCandidates: PortalAccountCandidate[] = exact
      ? []
      : findNearMisses(
          email,
          accounts.map((a) => ({ id: a.id, email: a.email, name: a.name, active: true })),
        ).nearMisses.map((n) => {
          // Each candidate's own verdict, from the same rules engine, for what the portal sends for it.
          const own = evaluateHandoff(this.facts.facts(ctx, n.email, byEmail.get(n.email) ?? []));
          return { id: n.severaUserId, email: n.email, name: n.name, kinds: n.kinds, why: n.why, canSignIn: own.ok, failures: own.failures };
        });
    const checks = explainChecks({
      decision,
      portalId: portal,
      email,
      organization: ctx.organization,
      organizationId,
      organizationName: ctx.organizationName,
      connection: ctx.connection,
      health: ctx.health,
      addon: ctx.addon,
      exactMatches: matches,
      names: new Map(candidates.map((c) => [c.id, c.name])),
      nearMisses,
      caller: actor,
      now: this.clock.now(),
      portalAccountExists: !!exact,
    });
    const canSignIn = decision.ok && !!exact;
    return {
      canSignIn,
      verdict: verdictOf(canSignIn, exact, portalAccountCandidates, decision.failures, portal),
      portalAccount: exact ? { id: exact.id, email: exact.email, name: exact.name } : null,
      portalAccountCandidates,
      portal,
      organizationId,
      organizationName: ctx.organizationName ?? '',
      email,
      severaUserId: decision.user?.id ?? null,
      checks,
      failures: decision.failures,
      nearMisses,
      ambiguous,
      recentAttempts: attempts,
    };
  }

  /**
   * The person's last RECENT_ATTEMPTS attempts in this organization and portal, newest first: one range of the index
   * on (email, portal, organization, time) (migration AttemptsByPersonIndex), not the organization's or the e-mail's
   * other attempts (PostgreSQL chooses it by its statistics; bench/README.md, eleventh round, says when it may not).
   */
  recentAttemptsRead(portal: PortalId, organizationId: string, email: string): Read<DiagnosisAttempt[]> {
    return read(
      `SELECT id, "createdAt", result, reasons, detail FROM login_attempts WHERE email = $1 AND "portalId" = $2 AND "organizationId" = $3 ORDER BY "createdAt" DESC, id DESC LIMIT ${RECENT_ATTEMPTS}`,
      [email, portal, organizationId],
      (rows) => rows.map((a) => this.attemptOf(a)),
    );
  }

  private attemptOf(a: Record<string, unknown>): DiagnosisAttempt {
    const detail = (a.detail as string | null) ?? null;
    return { id: a.id as string, createdAt: this.db.date(a.createdAt)!.toISOString(), result: a.result as string, reasons: JSON.parse(a.reasons as string) as FailureReason[], detail, ...recordedCause(detail) };
  }

  /** Every portal account of the organization through the rules engine: facts loaded once, evaluated in memory. */
  async preflight(portal: PortalId, organizationId: string, actor: Actor): Promise<Preflight> {
    const ctx = await this.scopedContext(portal, organizationId, actor);
    const [byEmail, accounts] = await Promise.all([
      this.facts.usersByEmail(organizationId),
      this.db.manager.getRepository(PortalAccount).find({
        select: { id: true, email: true, name: true },
        where: { organizationId, portalId: portal },
        order: { email: 'ASC', id: 'ASC' },
      }),
    ]);
    const counts = Object.fromEntries(FAILURE_REASONS.map((r) => [r, 0])) as Record<FailureReason, number>;
    let ok = 0;
    const rows: PreflightAccount[] = accounts.map((a) => {
      const d = evaluateHandoff(this.facts.facts(ctx, a.email, byEmail.get(a.email) ?? []));
      if (d.ok) ok++;
      for (const f of d.failures) counts[f]++;
      return { id: a.id, email: a.email, name: a.name, canSignIn: d.ok, failures: d.failures };
    });
    return {
      portal,
      organizationId,
      organizationName: ctx.organizationName ?? '',
      total: rows.length,
      canSignIn: ok,
      cannotSignIn: rows.length - ok,
      counts,
      accounts: rows,
    };
  }
}
