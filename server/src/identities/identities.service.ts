import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { WebAuthnCredential } from './webauthn-credential.entity.js';
import { Identity, StaffRoleGrant } from './identity.entity.js';
import { F, FilterDef, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { TextSearchIndex } from '../common/text-search.js';
import type { Actor } from '../common/request-context.js';
import { DomainError } from '../common/errors.js';
import { In } from 'typeorm';
import type { IdentityView } from '../../../shared/records.js';

export type { IdentityView };

const roleFilter: FilterDef = {
  type: 'string',
  values: ['support-agent', 'supervisor', 'org-admin', 'any'],
  apply: (qb, v, p) =>
    v === 'any'
      ? qb.andWhere('i.id IN (SELECT g."identityId" FROM staff_roles g)')
      : qb.andWhere(`i.id IN (SELECT g."identityId" FROM staff_roles g WHERE g.role = :${p})`, { [p]: v }),
};

/** `q`: e-mail or display name contains (trigram index from the migration TrigramSearch). */
export const IDENTITY_SEARCH: TextSearchIndex = { table: 'identities', fts: 'identities_search', columns: ['emailNormalized', 'displayName'] };

export const IDENTITY_LIST: ListSpec = {
  resource: 'identities',
  sortable: { email: 'i.emailNormalized', displayName: 'i.displayName', createdAt: 'i.createdAt', status: 'i.status', id: 'i.id' },
  defaultSort: ['email', 'ASC'],
  filters: { id: F.ids('i.id'), q: F.search(IDENTITY_SEARCH), status: F.eq('i.status', ['active', 'invited', 'disabled']), role: roleFilter },
};

@Injectable()
export class IdentitiesService {
  constructor(private readonly db: Db) {}

  async toViews(rows: Identity[]): Promise<IdentityView[]> {
    if (rows.length === 0) return [];
    const grants = await this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId: In(rows.map((r) => r.id)) });
    const passkeys = await this.db.manager
      .getRepository(WebAuthnCredential)
      .createQueryBuilder('w')
      .select('w.identityId', 'identityId')
      .addSelect('COUNT(*)', 'n')
      .where('w.identityId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .groupBy('w.identityId')
      .getRawMany<{ identityId: string; n: string | number }>();
    const passkeyCount = new Map(passkeys.map((p) => [p.identityId, Number(p.n)]));
    return rows.map((i) => {
      const mine = grants.filter((g) => g.identityId === i.id);
      return {
        id: i.id,
        email: i.email,
        displayName: i.displayName,
        status: i.status,
        totpEnrolled: !!i.totpSecretEnc,
        totpEnrolledAt: i.totpEnrolledAt,
        emergencyCodeSet: !!i.emergencyCodeHash,
        smsNumber: i.smsNumber,
        smsVerified: i.smsVerified,
        passkeyCount: passkeyCount.get(i.id) ?? 0,
        privileged: i.privileged,
        roles: [...new Set(mine.map((g) => g.role))],
        organizationIds: [...new Set(mine.filter((g) => g.organizationId).map((g) => g.organizationId!))],
        lockedUntil: i.lockedUntil,
        createdAt: i.createdAt,
        updatedAt: i.updatedAt,
      };
    });
  }

  /** Org admins see the identities linked to Severa users of their organizations. */
  private scoped(actor?: Actor) {
    const qb = this.db.manager.getRepository(Identity).createQueryBuilder('i');
    if (actor && !actor.allOrganizations) {
      if (actor.organizationIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('i.id IN (SELECT su."identityId" FROM severa_users su WHERE su."organizationId" IN (:...scopeOrgIds))', { scopeOrgIds: actor.organizationIds });
    }
    return qb;
  }

  async list(q: ListQuery, actor?: Actor): Promise<Page<IdentityView>> {
    const page = await runList(this.scoped(actor), q, IDENTITY_LIST);
    return new Page(page.resource, await this.toViews(page.rows), page.offset, page.total);
  }

  async getEntity(id: string, actor?: Actor): Promise<Identity> {
    const row = await this.scoped(actor).andWhere('i.id = :id', { id }).getOne();
    if (!row) throw DomainError.notFound('Identity');
    return row;
  }

  async get(id: string, actor?: Actor): Promise<IdentityView> {
    return (await this.toViews([await this.getEntity(id, actor)]))[0];
  }
}
