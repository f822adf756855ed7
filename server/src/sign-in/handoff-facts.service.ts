import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { PortalConnection } from '../portals/portal.entity.js';
import { OrganizationAddon } from '../addons/addon.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { ADDON_FOR_PORTAL, PortalId } from '../../../shared/sign-in.js';
import { ConnectionFacts, HandoffFacts, OrganizationFacts, SeveraUserFacts } from './sign-in.rules.js';

/** What the rules need to know about one organization and portal, loaded once. */
export interface OrganizationHandoffContext {
  portalId: PortalId;
  organization: OrganizationFacts | null;
  /** For explanations only (the rules do not look at names). */
  organizationName: string | null;
  connection: PortalConnection | null;
  addonStatus: string | null;
  /** The organization's row for this portal's add-on (dates and actors, for explanations). */
  addon: OrganizationAddon | null;
}

export function connectionFacts(c: PortalConnection | null, request?: ConnectionFacts['request']): ConnectionFacts {
  if (!c) return { configured: false, enabled: false, request };
  const failing = !!c.lastFailureAt && (!c.lastSuccessAt || c.lastFailureAt.getTime() > c.lastSuccessAt.getTime());
  return {
    configured: true,
    enabled: c.enabled,
    request,
    health: request ? undefined : { failing, cause: failing ? c.lastFailureCause : null, since: failing ? c.lastFailureAt : null },
  };
}

export function toUserFacts(u: SeveraUser): SeveraUserFacts {
  return { id: u.id, email: u.email, active: u.active, activeChangedAt: u.activeChangedAt, activeChangedBy: u.activeChangedBy, activeChangeReason: u.activeChangeReason };
}

/** Loads the facts for evaluateHandoff() from the database: the only place those facts are read. */
@Injectable()
export class HandoffFactsService {
  constructor(private readonly db: Db) {}

  async context(portalId: PortalId, organizationId: string, m: EntityManager = this.db.manager): Promise<OrganizationHandoffContext> {
    const loads = [
      () => m.getRepository(Organization).findOneBy({ id: organizationId }),
      () => m.getRepository(PortalConnection).findOneBy({ portalId, organizationId }),
      () => m.getRepository(OrganizationAddon).findOneBy({ organizationId, addonId: ADDON_FOR_PORTAL[portalId] }),
    ] as const;
    // In parallel on the pool; one after another inside a transaction (one connection).
    const [org, connection, addon] = m.queryRunner
      ? [await loads[0](), await loads[1](), await loads[2]()]
      : await Promise.all([loads[0](), loads[1](), loads[2]()]);
    return {
      portalId,
      organization: org ? { id: org.id, severaStatus: org.severaStatus, severaEndedAt: org.severaEndedAt } : null,
      organizationName: org?.name ?? null,
      connection,
      addonStatus: addon?.status ?? null,
      addon,
    };
  }

  /**
   * The same facts as context() for the live hand-off, in one statement and without the explanation-only
   * columns (names, dates, actors): the hand-off is the hot path.
   */
  async handoffContext(portalId: PortalId, organizationId: string, m: EntityManager = this.db.manager): Promise<OrganizationHandoffContext> {
    const [row] = await this.db.sql<Record<string, unknown>>(
      m,
      `SELECT o."severaStatus" AS "severaStatus", c.id AS "connectionId", c."secretEnc" AS "secretEnc", c.enabled AS enabled,
              c."lastSuccessAt" AS "lastSuccessAt", c."lastFailureAt" AS "lastFailureAt", c."lastFailureCause" AS "lastFailureCause", a.status AS "addonStatus"
         FROM organizations o
         LEFT JOIN portal_connections c ON c."organizationId" = o.id AND c."portalId" = $2
         LEFT JOIN organization_addons a ON a."organizationId" = o.id AND a."addonId" = $3
        WHERE o.id = $1`,
      [organizationId, portalId, ADDON_FOR_PORTAL[portalId]],
    );
    if (!row) return { portalId, organization: null, organizationName: null, connection: null, addonStatus: null, addon: null };
    const connection = row.connectionId
      ? (Object.assign(new PortalConnection(), {
          id: row.connectionId as string,
          portalId,
          organizationId,
          secretEnc: row.secretEnc as string,
          enabled: this.db.bool(row.enabled),
          lastSuccessAt: this.db.date(row.lastSuccessAt),
          lastFailureAt: this.db.date(row.lastFailureAt),
          lastFailureCause: (row.lastFailureCause as string | null) ?? null,
        }) as PortalConnection)
      : null;
    return {
      portalId,
      organization: { id: organizationId, severaStatus: row.severaStatus as string, severaEndedAt: null },
      organizationName: null,
      connection,
      addonStatus: (row.addonStatus as string | null) ?? null,
      addon: null,
    };
  }

  /** exactMatches() without the explanation-only columns, for the live hand-off. */
  async handoffMatches(organizationId: string, email: string, m: EntityManager = this.db.manager): Promise<SeveraUserFacts[]> {
    const rows = await this.db.sql<{ id: string; email: string; active: unknown }>(m, `SELECT id, email, active FROM severa_users WHERE "organizationId" = $1 AND email = $2`, [organizationId, email]);
    return rows.map((u) => ({ id: u.id, email: u.email, active: this.db.bool(u.active), activeChangedAt: null, activeChangedBy: null, activeChangeReason: null }));
  }

  /** Severa users of the organization with exactly this e-mail (the database may compare case-insensitively; the rules re-check). */
  async exactMatches(organizationId: string, email: string, m: EntityManager = this.db.manager): Promise<SeveraUserFacts[]> {
    const rows = await m.getRepository(SeveraUser).findBy({ organizationId, email });
    return rows.map(toUserFacts);
  }

  facts(ctx: OrganizationHandoffContext, email: string, exactMatches: SeveraUserFacts[], request?: ConnectionFacts['request']): HandoffFacts {
    return {
      portalId: ctx.portalId,
      email,
      organization: ctx.organization,
      connection: connectionFacts(ctx.connection, request),
      addonStatus: ctx.addonStatus,
      exactMatches,
    };
  }

  /** All Severa users of an organization grouped by exact e-mail, for org-wide evaluations. */
  async usersByEmail(organizationId: string, m: EntityManager = this.db.manager): Promise<Map<string, SeveraUserFacts[]>> {
    const rows = await m.getRepository(SeveraUser).findBy({ organizationId });
    const map = new Map<string, SeveraUserFacts[]>();
    for (const u of rows) {
      const list = map.get(u.email) ?? [];
      list.push(toUserFacts(u));
      map.set(u.email, list);
    }
    return map;
  }
}
