import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { PortalAccount } from './portal.entity.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { TextSearchIndex } from '../common/text-search.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';
import { PORTAL_IDS } from '../../../shared/sign-in.js';

/** `q`: name or e-mail contains (trigram index from the migration TrigramSearch). */
export const PORTAL_ACCOUNT_SEARCH: TextSearchIndex = { table: 'portal_accounts', fts: 'portal_accounts_search', columns: ['email', 'name'], pgWalkColumn: 'email' };

export const PORTAL_ACCOUNT_LIST: ListSpec = {
  resource: 'portal-accounts',
  sortable: { email: 'a.email', name: 'a.name', portalId: 'a.portalId', createdAt: 'a.createdAt', id: 'a.id' },
  defaultSort: ['email', 'ASC'],
  filters: {
    id: F.ids('a.id'),
    organizationId: F.eq('a.organizationId'),
    portalId: F.eq('a.portalId', PORTAL_IDS),
    email: F.eq('a.email'),
    q: F.search(PORTAL_ACCOUNT_SEARCH),
  },
};

@Injectable()
export class PortalAccountsService {
  constructor(private readonly db: Db) {}

  list(q: ListQuery, actor?: Actor): Promise<Page<PortalAccount>> {
    const qb = this.db.manager.getRepository(PortalAccount).createQueryBuilder('a');
    scopeToActor(qb, 'a.organizationId', actor);
    return runList(qb, q, PORTAL_ACCOUNT_LIST);
  }

  async get(id: string, actor?: Actor): Promise<PortalAccount> {
    const a = await this.db.manager.getRepository(PortalAccount).findOneBy({ id });
    if (!a) throw DomainError.notFound('Portal account');
    assertInScope(actor, a.organizationId, 'Portal account');
    return a;
  }
}
