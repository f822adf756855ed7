import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { F, FilterDef, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';
import { FAILURE_REASONS, PORTAL_IDS } from '../../../shared/sign-in.js';

const reasonFilter: FilterDef = {
  type: 'string',
  values: FAILURE_REASONS,
  apply: (qb, v, p) => qb.andWhere(`a.id IN (SELECT r."attemptId" FROM login_attempt_reasons r WHERE r.reason = :${p})`, { [p]: v }),
};

export const LOGIN_ATTEMPT_LIST: ListSpec = {
  resource: 'login-attempts',
  sortable: { createdAt: 'a.createdAt', email: 'a.email', portalId: 'a.portalId', result: 'a.result', id: 'a.id' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: F.ids('a.id'),
    portalId: F.eq('a.portalId', PORTAL_IDS),
    organizationId: F.eq('a.organizationId'),
    email: F.eq('a.email'),
    q: F.contains('a.email'),
    result: F.eq('a.result', ['success', 'failure']),
    reason: reasonFilter,
    createdAt_gte: F.gte('a.createdAt'),
    createdAt_lte: F.lte('a.createdAt'),
  },
};

@Injectable()
export class LoginAttemptsService {
  constructor(private readonly db: Db) {}

  list(q: ListQuery, actor?: Actor): Promise<Page<LoginAttempt>> {
    const qb = this.db.manager.getRepository(LoginAttempt).createQueryBuilder('a');
    scopeToActor(qb, 'a.organizationId', actor);
    return runList(qb, q, LOGIN_ATTEMPT_LIST);
  }

  async get(id: string, actor?: Actor): Promise<LoginAttempt> {
    const a = await this.db.manager.getRepository(LoginAttempt).findOneBy({ id });
    if (!a) throw DomainError.notFound('Login attempt');
    assertInScope(actor, a.organizationId, 'Login attempt');
    return a;
  }
}
