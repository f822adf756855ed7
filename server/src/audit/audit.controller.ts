import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from './audit.service.js';
import { Db } from '../database/db.service.js';
import { AuditEvent } from './audit-event.entity.js';
import { F, ListSpec, parseListQuery, runList } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { DomainError } from '../common/errors.js';
import { ApiList } from '../common/api-docs.js';

export const AUDIT_LIST: ListSpec = {
  resource: 'audit-events',
  countCap: 10_000,
  sortable: { id: 'e.id', createdAt: 'e.id', action: 'e.action' },
  defaultSort: ['id', 'DESC'],
  filters: {
    id: F.intIds('e.id'),
    actorId: F.eq('e.actorId'),
    actorEmail: F.contains('e.actorEmail'),
    action: F.eq('e.action'),
    targetType: F.eq('e.targetType'),
    targetId: F.eq('e.targetId'),
    organizationId: F.eq('e.organizationId'),
    ticketId: F.eq('e.ticketId'),
    createdAt_gte: F.gte('e.createdAt'),
    createdAt_lte: F.lte('e.createdAt'),
  },
};

/** Read-only: there is no route that changes or removes an audit event. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiList('audit-events')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const qb = this.db.manager.getRepository(AuditEvent).createQueryBuilder('e');
    scopeToActor(qb, 'e.organizationId', actor);
    return runList(qb, parseListQuery(query, AUDIT_LIST), AUDIT_LIST);
  }

  /** The newest event's id and keyed hash, for an external copy that anchors the chain (supervisors). */
  @Get('head')
  @ApiOperation({ summary: 'Head of the keyed audit chain: id and HMAC of the newest event' })
  head() {
    return this.audit.head();
  }

  @Get(':id')
  async get(@Param('id', new ParseIntPipe({ exceptionFactory: () => DomainError.notFound('Audit event') })) id: number, @CurrentActor() actor: Actor) {
    const e = await this.db.manager.getRepository(AuditEvent).findOneBy({ id });
    if (!e) throw DomainError.notFound('Audit event');
    assertInScope(actor, e.organizationId, 'Audit event');
    return e;
  }
}
