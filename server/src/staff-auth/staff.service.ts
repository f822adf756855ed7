import { Injectable } from '@nestjs/common';
import { Db, newId } from '../database/db.service.js';
import { Clock } from '../common/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { IdentitiesService, IDENTITY_LIST, type IdentityView } from '../identities/identities.service.js';
import { ListSpec, Page, parseListQuery } from '../common/pagination.js';
import { StaffRole } from '../../../shared/roles.js';
import { In } from 'typeorm';

export const STAFF_LIST: ListSpec = { ...IDENTITY_LIST, resource: 'staff' };

export interface GrantInput {
  role: StaffRole;
  organizationId?: string | null;
}

type Grant = { role: string; organizationId: string | null };

const describe = (grants: Grant[]) => grants.map((g) => (g.organizationId ? `${g.role}@${g.organizationId}` : g.role)).sort();

/** The grants of one organization, described as the audit records them. */
const describeIn = (grants: Grant[], organizationId: string) => describe(grants.filter((g) => g.organizationId === organizationId));

/** Organizations whose scoped grants differ between `before` and `after` (sorted, for a stable order of events). */
export function changedOrganizations(before: Grant[], after: Grant[]): string[] {
  const orgs = new Set([...before, ...after].map((g) => g.organizationId).filter((x): x is string => !!x));
  return [...orgs].filter((o) => describeIn(before, o).join(',') !== describeIn(after, o).join(',')).sort();
}

/** Staff are identities that hold a console role; supervisors grant and revoke roles. */
@Injectable()
export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly identities: IdentitiesService,
  ) {}

  async list(query: Record<string, unknown>): Promise<Page<IdentityView>> {
    const q = parseListQuery(query, STAFF_LIST);
    q.filter.role ??= 'any';
    const page = await this.identities.list(q);
    return new Page('staff', page.rows, page.offset, page.total);
  }

  async get(id: string): Promise<IdentityView> {
    const view = await this.identities.get(id);
    if (view.roles.length === 0) throw DomainError.notFound('Staff member');
    return view;
  }

  /** Replaces the identity's console roles. Org admins need at least one organization. */
  async setRoles(id: string, grants: GrantInput[], actor: Actor): Promise<IdentityView> {
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id });
    if (!identity) throw DomainError.notFound('Identity');
    const errors: Record<string, string> = {};
    grants.forEach((g, i) => {
      if (g.role === StaffRole.ORG_ADMIN && !g.organizationId) errors[`roles.${i}.organizationId`] = 'is required for an org admin';
      if (g.role !== StaffRole.ORG_ADMIN && g.organizationId) errors[`roles.${i}.organizationId`] = 'only org admins are scoped to an organization';
    });
    if (Object.keys(errors).length) throw DomainError.badRequest('Invalid roles', errors);
    const orgIds = [...new Set(grants.map((g) => g.organizationId).filter((x): x is string => !!x))];
    if (orgIds.length) {
      const found = await this.db.manager.getRepository(Organization).findBy({ id: In(orgIds) });
      const missing = orgIds.filter((o) => !found.some((f) => f.id === o));
      if (missing.length) throw DomainError.invalid('roles', `unknown organization ${missing.join(', ')}`);
    }
    if (id === actor.id && !grants.some((g) => g.role === StaffRole.SUPERVISOR)) {
      throw DomainError.conflict('CANNOT_DEMOTE_SELF', 'You cannot remove your own supervisor role; ask another supervisor.');
    }
    await this.db.tx(async (m) => {
      const repo = m.getRepository(StaffRoleGrant);
      const before = await repo.findBy({ identityId: id });
      await repo.delete({ identityId: id });
      const unique = new Map(grants.map((g) => [`${g.role}|${g.organizationId ?? ''}`, g]));
      for (const g of unique.values()) {
        await repo.insert({ id: newId(), identityId: id, role: g.role, organizationId: g.organizationId ?? null, grantedBy: actor.id, grantedAt: this.clock.now() });
      }
      const afterGrants = [...unique.values()].map((g) => ({ role: g.role, organizationId: g.organizationId ?? null }));
      // One event per organization whose grants changed, carrying only that organization's grants, so its org admins
      // see the change in their (tenant-scoped) audit log and nothing of other organizations' grants …
      for (const organizationId of changedOrganizations(before, afterGrants)) {
        await this.audit.record({ action: 'staff.roles.changed', targetType: 'identity', targetId: id, organizationId, before: { roles: describeIn(before, organizationId) }, after: { roles: describeIn(afterGrants, organizationId) } }, m);
      }
      // … and the whole change last, for supervisors (no organization: no org admin's audit log lists it).
      await this.audit.record({ action: 'staff.roles.changed', targetType: 'identity', targetId: id, before: { roles: describe(before) }, after: { roles: describe(afterGrants) } }, m);
    });
    return this.identities.get(id);
  }
}
