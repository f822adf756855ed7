import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { Organization } from './organization.entity.js';
import type { TextSearchIndex } from '../common/text-search.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { scopeToActor, assertInScope } from '../common/scope.js';
import { DomainError } from '../common/errors.js';

/** `q`: name contains (trigram index from the migration TrigramSearch). */
export const ORGANIZATION_SEARCH: TextSearchIndex = { table: 'organizations', fts: 'organizations_search', columns: ['name'], pgWalkColumn: 'name' };

export const ORGANIZATION_LIST: ListSpec = {
  resource: 'organizations',
  sortable: { name: 'o.name', severaStatus: 'o.severaStatus', createdAt: 'o.createdAt', id: 'o.id' },
  defaultSort: ['name', 'ASC'],
  filters: { id: F.ids('o.id'), q: F.search(ORGANIZATION_SEARCH), severaStatus: F.eq('o.severaStatus', ['active', 'ended']) },
  rowCount: 'organizations',
};

@Injectable()
export class OrganizationsService {
  constructor(private readonly db: Db) {}

  list(q: ListQuery, actor?: Actor): Promise<Page<Organization>> {
    const qb = this.db.manager.getRepository(Organization).createQueryBuilder('o');
    scopeToActor(qb, 'o.id', actor);
    return runList(qb, q, ORGANIZATION_LIST);
  }

  async get(id: string, actor?: Actor): Promise<Organization> {
    assertInScope(actor, id, 'Organization');
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id });
    if (!org) throw DomainError.notFound('Organization');
    return org;
  }
}
