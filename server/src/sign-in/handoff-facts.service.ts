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
    const [org, connection, addon] = await Promise.all([
      m.getRepository(Organization).findOneBy({ id: organizationId }),
      m.getRepository(PortalConnection).findOneBy({ portalId, organizationId }),
      m.getRepository(OrganizationAddon).findOneBy({ organizationId, addonId: ADDON_FOR_PORTAL[portalId] }),
    ]);
    return {
      portalId,
      organization: org ? { id: org.id, severaStatus: org.severaStatus, severaEndedAt: org.severaEndedAt } : null,
      organizationName: org?.name ?? null,
      connection,
      addonStatus: addon?.status ?? null,
      addon,
    };
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
