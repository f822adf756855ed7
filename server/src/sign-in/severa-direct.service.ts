import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { sha256 } from '../common/crypto.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity } from '../identities/identity.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { PortalId } from '../../../shared/sign-in.js';
import type { SeveraChoice } from '../../../shared/two-factor.js';
import { evaluateHandoff, type HandoffDecision } from './sign-in.rules.js';
import { HandoffFactsService } from './handoff-facts.service.js';

/** `severa_sessions.portalId` of a session opened through Visma Connect rather than a portal. */
export const VISMA_CONNECT_SOURCE = 'visma-connect';

export type DirectOutcome =
  | { kind: 'signed-in'; token: string; expiresAt: Date }
  | { kind: 'choose'; choices: SeveraChoice[] }
  | { kind: 'refused'; reference: string };

interface Candidate {
  organizationId: string;
  organizationName: string;
  decision: HandoffDecision;
}

/**
 * Severa reached through Visma Connect (seed 001): the person signed in to Connect gets the same Severa session a
 * portal hand-off gives, for the Severa user whose e-mail equals the identity's exactly. The same rules engine
 * decides; the portal connection and the portal add-on are `not-applicable` to a direct sign-in.
 */
@Injectable()
export class SeveraDirectService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly facts: HandoffFactsService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The identity of a Connect session that is fully signed in (not in the middle of enrolment), or null. */
  async signedInIdentity(cookie: unknown): Promise<Identity | null> {
    const session = await this.sessions.resolve(typeof cookie === 'string' ? cookie : undefined, 'connect');
    if (!session || ((session.data as { stage?: string } | null)?.stage ?? 'signed-in') !== 'signed-in') return null;
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: session.identityId });
    return identity && identity.status === 'active' ? identity : null;
  }

  /** Every organization with a Severa user of exactly this e-mail, each with the engine's decision for a direct sign-in. */
  private async candidates(identity: Identity): Promise<Candidate[]> {
    const orgs = await this.db.sql<{ organizationId: string }>(this.db.manager, `SELECT DISTINCT "organizationId" FROM severa_users WHERE email = $1`, [identity.email]);
    const out: Candidate[] = [];
    for (const { organizationId } of orgs) {
      // The one loader of hand-off facts; its portal-specific parts are not used by a direct sign-in.
      const ctx = await this.facts.context(PortalId.MYVISMA, organizationId);
      const matches = await this.facts.exactMatches(organizationId, identity.email);
      const decision = evaluateHandoff({ ...this.facts.facts(ctx, identity.email, matches), portalId: null });
      out.push({ organizationId, organizationName: ctx.organizationName ?? '', decision });
    }
    return out.sort((a, b) => a.organizationName.localeCompare(b.organizationName));
  }

  /** Opens the Severa session, asks which organization when several allow it, or refuses (with a reference for the admin). */
  async signIn(identity: Identity, organizationId: string | null): Promise<DirectOutcome> {
    const candidates = await this.candidates(identity);
    const allowed = candidates.filter((c) => c.decision.ok);
    const chosen = organizationId ? allowed.find((c) => c.organizationId === organizationId) : allowed.length === 1 ? allowed[0] : undefined;
    const actor = { id: identity.id, email: identity.email, role: 'user' };
    if (!chosen && !organizationId && allowed.length > 1) {
      return { kind: 'choose', choices: allowed.map((c) => ({ organizationId: c.organizationId, organizationName: c.organizationName })) };
    }
    if (!chosen) {
      const event = await this.audit.record({
        action: 'severa.direct-sign-in.refused',
        targetType: 'identity',
        targetId: identity.id,
        organizationId: candidates.length === 1 ? candidates[0].organizationId : null,
        after: { via: VISMA_CONNECT_SOURCE, requestedOrganizationId: organizationId, organizations: candidates.map((c) => ({ organizationId: c.organizationId, failures: c.decision.failures })) },
        actor,
      });
      return { kind: 'refused', reference: `AE-${event.id}` };
    }
    const token = this.random.bytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3600_000);
    await this.db.tx(async (m) => {
      await this.db.sql(m, `INSERT INTO severa_sessions (id, "severaUserId", "portalId", "createdAt", "expiresAt") VALUES ($1, $2, $3, $4, $5)`, [sha256(token), chosen.decision.user!.id, VISMA_CONNECT_SOURCE, now, expiresAt]);
      await this.audit.record({ action: 'severa.signed-in', targetType: 'identity', targetId: identity.id, organizationId: chosen.organizationId, after: { via: VISMA_CONNECT_SOURCE, severaUserId: chosen.decision.user!.id }, actor }, m);
    });
    return { kind: 'signed-in', token, expiresAt };
  }
}
