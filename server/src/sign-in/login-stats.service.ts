import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../../../shared/sign-in.js';
import { LoginAttemptReason } from './login-attempt.entity.js';

export interface LoginFailureDay {
  date: string;
  counts: Record<FailureReason, number>;
}

const DAY_MS = 86_400_000;

/** Failed hand-offs per day (UTC) and reason, for the dashboard chart. */
@Injectable()
export class LoginStatsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async failuresByDay(days: number, actor: Actor, filter: { organizationId?: string; portal?: PortalId } = {}): Promise<{ days: LoginFailureDay[] }> {
    if (filter.organizationId) assertInScope(actor, filter.organizationId, 'Organization');
    const todayStart = Math.floor(this.clock.nowMs() / DAY_MS) * DAY_MS;
    const since = new Date(todayStart - (days - 1) * DAY_MS);
    const dayExpr = this.db.isPostgres ? `to_char(r."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `substr(r."createdAt", 1, 10)`;

    const qb = this.db.manager
      .getRepository(LoginAttemptReason)
      .createQueryBuilder('r')
      .select(dayExpr, 'day')
      .addSelect('r.reason', 'reason')
      .addSelect('COUNT(*)', 'n')
      .where('r.reason IN (:...reasons)', { reasons: FAILURE_REASONS })
      .andWhere('r.createdAt >= :since', { since });
    const orgIds = filter.organizationId ? [filter.organizationId] : actor.allOrganizations ? null : actor.organizationIds;
    if (orgIds || filter.portal) {
      qb.innerJoin('login_attempts', 'a', 'a.id = r."attemptId"');
      if (orgIds) qb.andWhere(orgIds.length ? 'a."organizationId" IN (:...orgIds)' : '1 = 0', { orgIds });
      if (filter.portal) qb.andWhere('a."portalId" = :portal', { portal: filter.portal });
    }
    const rows = await qb.groupBy('1').addGroupBy('2').getRawMany<{ day: string; reason: FailureReason; n: string | number }>();

    const byDay = new Map<string, LoginFailureDay>();
    for (let i = 0; i < days; i++) {
      const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      byDay.set(date, { date, counts: Object.fromEntries(FAILURE_REASONS.map((r) => [r, 0])) as Record<FailureReason, number> });
    }
    for (const row of rows) {
      const d = byDay.get(row.day);
      if (d) d.counts[row.reason] += Number(row.n);
    }
    return { days: [...byDay.values()] };
  }
}
