import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { PortalAccount } from '../portals/portal.entity.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../../../shared/sign-in.js';
import type { Diagnosis, DiagnosisAttempt, PortalAccountCandidate, Preflight, PreflightAccount } from '../../../shared/diagnosis.js';
import { emailsMatchExactly, evaluateHandoff } from './sign-in.rules.js';
import { verdictOf } from './diagnosis-verdict.js';
import { recordedCause } from './recorded-cause.js';
import { HandoffFactsService, OrganizationHandoffContext } from './handoff-facts.service.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { findNearMisses, NearMissCandidate } from './near-miss.js';
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
    const ctx = await this.scopedContext(portal, organizationId, actor);
    const [matches, candidates, attempts, accounts, byEmail] = await Promise.all([
      this.facts.exactMatches(organizationId, email),
      // Only what near-miss detection needs, for every Severa user of the organization.
      this.db
        .sql<{ id: string; email: string; name: string; active: unknown }>(this.db.manager, `SELECT id, email, name, active FROM severa_users WHERE "organizationId" = $1`, [organizationId])
        .then((rows): NearMissCandidate[] => rows.map((r) => ({ id: r.id, email: r.email, name: r.name, active: this.db.bool(r.active) }))),
      this.db.manager.getRepository(LoginAttempt).find({
        select: { id: true, createdAt: true, result: true, reasons: true, detail: true },
        where: { email, portalId: portal, organizationId },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: RECENT_ATTEMPTS,
      }),
      // The portal side: this portal's accounts of the organization (for the exact account and near misses).
      this.db.manager.getRepository(PortalAccount).find({ select: { id: true, email: true, name: true }, where: { organizationId, portalId: portal }, order: { email: 'ASC', id: 'ASC' } }),
      this.facts.usersByEmail(organizationId),
    ]);
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
      recentAttempts: attempts.map(
        (a): DiagnosisAttempt => ({ id: a.id, createdAt: a.createdAt.toISOString(), result: a.result, reasons: a.reasons as FailureReason[], detail: a.detail, ...recordedCause(a.detail) }),
      ),
    };
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
