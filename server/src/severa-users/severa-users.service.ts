import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { Clock } from '../common/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { SeveraUser } from './severa-user.entity.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { TextSearchIndex } from '../common/text-search.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';

/** `q`: name or e-mail contains (trigram index from the migration TrigramSearch). */
export const SEVERA_USER_SEARCH: TextSearchIndex = { table: 'severa_users', fts: 'severa_users_search', columns: ['email', 'name'], pgWalkColumn: 'email' };

export const SEVERA_USER_LIST: ListSpec = {
  resource: 'severa-users',
  countCap: 10_000,
  sortable: { email: 'u.email', name: 'u.name', active: 'u.active', createdAt: 'u.createdAt', activeChangedAt: 'u.activeChangedAt', id: 'u.id' },
  defaultSort: ['email', 'ASC'],
  filters: {
    id: F.ids('u.id'),
    organizationId: F.eq('u.organizationId'),
    active: F.bool('u.active'),
    email: F.eq('u.email'),
    q: F.search(SEVERA_USER_SEARCH),
    identityId: F.eq('u.identityId'),
  },
};

@Injectable()
export class SeveraUsersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

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

  /**
   * Activates or deactivates a Severa user, recording who, when and why (the route asks for step-up either way:
   * activation grants Severa access, deactivation removes it). Setting the status it already has changes nothing.
   * Never touches the e-mail or any portal account.
   */
  async setActive(id: string, active: boolean, reason: string, actor: Actor): Promise<SeveraUser> {
    const why = reason.trim();
    return this.db.tx(async (m) => {
      const repo = m.getRepository(SeveraUser);
      const before = await repo.findOneBy({ id });
      if (!before) throw DomainError.notFound('Severa user');
      assertInScope(actor, before.organizationId, 'Severa user');
      if (before.active === active) return before;
      const now = this.clock.now();
      const r = await m
        .createQueryBuilder()
        .update(SeveraUser)
        .set({ active, activeChangedAt: now, activeChangedBy: actor.email, activeChangeReason: why })
        .where('id = :id AND active = :was', { id, was: before.active })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict('CONFLICT', 'The Severa user was changed at the same time. Reload and try again.');
      const after = await repo.findOneByOrFail({ id });
      const view = (u: SeveraUser) => ({ email: u.email, active: u.active, activeChangedAt: u.activeChangedAt, activeChangedBy: u.activeChangedBy, activeChangeReason: u.activeChangeReason });
      await this.audit.record(
        { action: active ? 'severa-user.activated' : 'severa-user.deactivated', targetType: 'severa-user', targetId: id, organizationId: before.organizationId, before: view(before), after: view(after) },
        m,
      );
      return after;
    });
  }
}
