import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { In, type SelectQueryBuilder } from 'typeorm';
import { LoginAttempt, LoginAttemptReason } from './login-attempt.entity.js';
import { capTotal, countRows, F, FilterDef, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
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
   * the page's ids and the capped count come from the index alone, then only the page's rows are read. The reason
   * alone (no other filter, every organization) starts the walk at the page's day (reasonPageByDays).
   */
  private async listByReason(q: ListQuery, actor?: Actor): Promise<Page<LoginAttempt>> {
    const m = this.db.manager;
    const ids = m.getRepository(LoginAttemptReason).createQueryBuilder('r').select('r.attemptId', 'id').where('r.reason = :reason', { reason: q.filter.reason });
    const { reason: _reason, createdAt_gte, createdAt_lte, ...rest } = q.filter;
    if (createdAt_gte) ids.andWhere('r.createdAt >= :from', { from: createdAt_gte });
    if (createdAt_lte) ids.andWhere('r.createdAt <= :to', { to: createdAt_lte });
    const byAttempt = Object.keys(rest).length > 0 || (!!actor && !actor.allOrganizations);
    if (byAttempt) {
      ids.innerJoin(LoginAttempt, 'a', 'a.id = r.attemptId');
      scopeToActor(ids, 'a.organizationId', actor);
      let i = 0;
      for (const [k, v] of Object.entries(rest)) LOGIN_ATTEMPT_LIST.filters[k].apply(ids, v, `f${i++}_${k}`);
    }
    const { total, capped, pageIds } =
      !byAttempt && !createdAt_gte && !createdAt_lte ? await this.reasonPageByDays(q.filter.reason as string, q) : await this.reasonPageByWalk(ids, q);
    const rows = pageIds.length ? await m.getRepository(LoginAttempt).findBy({ id: In(pageIds.map((r) => r.id)) }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Page(LOGIN_ATTEMPT_LIST.resource, pageIds.map((r) => byId.get(r.id)!).filter(Boolean), q.offset, total, capped);
  }

  /** The capped count and the page by walking the reason index (joined to the attempts for their filters or scope). */
  private async reasonPageByWalk(ids: SelectQueryBuilder<LoginAttemptReason>, q: ListQuery): Promise<{ total: number; capped: boolean; pageIds: { id: string }[] }> {
    const { total, capped } = await countRows(ids, LOGIN_ATTEMPT_LIST.countCap);
    const order = q.sort[1];
    const pageIds: { id: string }[] =
      capped || total > q.offset ? await ids.orderBy('r.createdAt', order).addOrderBy('r.attemptId', order).offset(q.offset).limit(q.limit).getRawMany() : [];
    return { total, capped, pageIds };
  }

  /**
   * A reason alone, every organization: the day counts (login_attempt_reason_days, exact by triggers) give the total
   * and the day the page starts in, so the index walk starts at that day's end (newest first; its start, oldest first)
   * with the entries of the days before it skipped by count instead of walked: a page at offset 100,000 walks at most
   * one day's entries. The day counts and the page are two statements: only rows of the days up to the page's day could
   * move it between them, and attempts are recorded at the time they are made (the newest day).
   */
  private async reasonPageByDays(reason: string, q: ListQuery): Promise<{ total: number; capped: boolean; pageIds: { id: string }[] }> {
    const desc = q.sort[1] === 'DESC';
    const days = await this.db.sql<{ day: string; n: number | string }>(
      this.db.manager,
      `SELECT day, SUM(count) AS n FROM login_attempt_reason_days WHERE reason = $1 GROUP BY day ORDER BY day ${desc ? 'DESC' : 'ASC'}`,
      [reason],
    );
    let all = 0;
    let skipped = 0;
    let start: string | null = null;
    for (const d of days) {
      const n = Number(d.n);
      if (start === null && all + n > q.offset) [start, skipped] = [d.day, all];
      all += n;
    }
    const { total, capped } = capTotal(all, LOGIN_ATTEMPT_LIST.countCap);
    if (start === null) return { total, capped, pageIds: [] };
    const dayStart = Date.parse(`${start}T00:00:00Z`);
    const pageIds = await this.db.sql<{ id: string }>(
      this.db.manager,
      `SELECT "attemptId" AS id FROM login_attempt_reasons WHERE reason = $1 AND "createdAt" ${desc ? '<' : '>='} $2
        ORDER BY "createdAt" ${desc ? 'DESC' : 'ASC'}, "attemptId" ${desc ? 'DESC' : 'ASC'} LIMIT $3 OFFSET $4`,
      [reason, new Date(desc ? dayStart + 86_400_000 : dayStart), q.limit, q.offset - skipped],
    );
    return { total, capped, pageIds };
  }

  async get(id: string, actor?: Actor): Promise<LoginAttemptView> {
    const a = await this.db.manager.getRepository(LoginAttempt).findOneBy({ id });
    if (!a) throw DomainError.notFound('Login attempt');
    assertInScope(actor, a.organizationId, 'Login attempt');
    return toLoginAttemptView(a);
  }
}
