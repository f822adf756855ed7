import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { SeveraUser } from './severa-user.entity.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';

export const SEVERA_USER_LIST: ListSpec = {
  resource: 'severa-users',
  sortable: { email: 'u.email', name: 'u.name', active: 'u.active', createdAt: 'u.createdAt', activeChangedAt: 'u.activeChangedAt', id: 'u.id' },
  defaultSort: ['email', 'ASC'],
  filters: {
    id: F.ids('u.id'),
    organizationId: F.eq('u.organizationId'),
    active: F.bool('u.active'),
    email: F.eq('u.email'),
    q: F.contains('u.email'),
    identityId: F.eq('u.identityId'),
  },
};

@Injectable()
export class SeveraUsersService {
  constructor(private readonly db: Db) {}

  list(q: ListQuery, actor?: Actor): Promise<Page<SeveraUser>> {
    const qb = this.db.manager.getRepository(SeveraUser).createQueryBuilder('u');
    scopeToActor(qb, 'u.organizationId', actor);
    return runList(qb, q, SEVERA_USER_LIST);
  }

  async get(id: string, actor?: Actor): Promise<SeveraUser> {
    const u = await this.db.manager.getRepository(SeveraUser).findOneBy({ id });
    if (!u) throw DomainError.notFound('Severa user');
    assertInScope(actor, u.organizationId, 'Severa user');
    return u;
  }
}
