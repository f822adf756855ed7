import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { In } from 'typeorm';
import { LoginAttempt, LoginAttemptReason } from './login-attempt.entity.js';
import { countRows, F, FilterDef, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';
import { FAILURE_REASONS, PORTAL_IDS } from '../../../shared/sign-in.js';
import type { LoginAttemptView } from '../../../shared/records.js';
import { recordedCause } from './recorded-cause.js';

/** An attempt as the API answers it: the row (its English `detail` kept for API clients) and the cause as a code. */
export const toLoginAttemptView = (a: LoginAttempt): LoginAttemptView => ({ ...a, ...recordedCause(a.detail) });

const reasonFilter: FilterDef = {
  type: 'string',
  values: FAILURE_REASONS,
  apply: (qb, v, p) => qb.andWhere(`a.id IN (SELECT r."attemptId" FROM login_attempt_reasons r WHERE r.reason = :${p})`, { [p]: v }),
};

export const LOGIN_ATTEMPT_LIST: ListSpec = {
  resource: 'login-attempts',
  countCap: 10_000,
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

  async list(q: ListQuery, actor?: Actor): Promise<Page<LoginAttemptView>> {
    return (await this.rows(q, actor)).map(toLoginAttemptView);
  }

  private rows(q: ListQuery, actor?: Actor): Promise<Page<LoginAttempt>> {
    if (typeof q.filter.reason === 'string' && q.sort[0] === 'createdAt') return this.listByReason(q, actor);
    const qb = this.db.manager.getRepository(LoginAttempt).createQueryBuilder('a');
    scopeToActor(qb, 'a.organizationId', actor);
    return runList(qb, q, LOGIN_ATTEMPT_LIST);
  }

  /**
   * "Attempts failing for reason X, newest first" walks the covering (reason, createdAt, attemptId) index:
   * the page's ids and the capped count come from the index alone, then only the page's rows are read.
   */
  private async listByReason(q: ListQuery, actor?: Actor): Promise<Page<LoginAttempt>> {
    const m = this.db.manager;
    const ids = m.getRepository(LoginAttemptReason).createQueryBuilder('r').select('r.attemptId', 'id').where('r.reason = :reason', { reason: q.filter.reason });
    const { reason: _reason, createdAt_gte, createdAt_lte, ...rest } = q.filter;
    if (createdAt_gte) ids.andWhere('r.createdAt >= :from', { from: createdAt_gte });
    if (createdAt_lte) ids.andWhere('r.createdAt <= :to', { to: createdAt_lte });
    if (Object.keys(rest).length || (actor && !actor.allOrganizations)) {
      ids.innerJoin(LoginAttempt, 'a', 'a.id = r.attemptId');
      scopeToActor(ids, 'a.organizationId', actor);
      let i = 0;
      for (const [k, v] of Object.entries(rest)) LOGIN_ATTEMPT_LIST.filters[k].apply(ids, v, `f${i++}_${k}`);
    }
    const { total, capped } = await countRows(ids, LOGIN_ATTEMPT_LIST.countCap);
    const order = q.sort[1];
    const pageIds: { id: string }[] =
      capped || total > q.offset ? await ids.orderBy('r.createdAt', order).addOrderBy('r.attemptId', order).offset(q.offset).limit(q.limit).getRawMany() : [];
    const rows = pageIds.length ? await m.getRepository(LoginAttempt).findBy({ id: In(pageIds.map((r) => r.id)) }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Page(LOGIN_ATTEMPT_LIST.resource, pageIds.map((r) => byId.get(r.id)!).filter(Boolean), q.offset, total, capped);
  }

  async get(id: string, actor?: Actor): Promise<LoginAttemptView> {
    const a = await this.db.manager.getRepository(LoginAttempt).findOneBy({ id });
    if (!a) throw DomainError.notFound('Login attempt');
    assertInScope(actor, a.organizationId, 'Login attempt');
    return toLoginAttemptView(a);
  }
}
