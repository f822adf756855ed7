import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Db } from '../database/db.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { F, ListSpec, parseListQuery, runList } from '../common/pagination.js';
import { DomainError } from '../common/errors.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

export const OUTBOX_LIST: ListSpec = {
  resource: 'outbox',
  sortable: { createdAt: 'o.createdAt', sentAt: 'o.sentAt', status: 'o.status', kind: 'o.kind', recipient: 'o.recipient', id: 'o.id' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: F.ids('o.id'),
    status: F.eq('o.status', ['pending', 'sent', 'failed', 'held']),
    channel: F.eq('o.channel', ['email', 'sms']),
    kind: F.eq('o.kind'),
    recipient: F.contains('o.recipient'),
    identityId: F.eq('o.identityId'),
    organizationId: F.eq('o.organizationId'),
    ticketId: F.eq('o.ticketId'),
    createdAt_gte: F.gte('o.createdAt'),
    createdAt_lte: F.lte('o.createdAt'),
  },
};

/**
 * What would be or was sent (supervisors). Without SMTP_URL messages stay here as `held`.
 * Notifications about one-time codes only say that a code was issued: no message ever carries the code.
 */
/** Link tokens and verification codes belong to the recipient alone: staff see that they were sent, not what they are. */
export function redactOutboxBody(body: string): string {
  return body
    .replace(/([?&]token=)[^\s&]+/g, '$1[hidden — only the recipient\'s copy carries it]')
    .replace(/\b\d{6,8}\b/g, '[code hidden]')
    .replace(/\b[0-9A-Z]{4}(-[0-9A-Z]{4}){4}\b/g, '[code hidden]');
}

function forStaff(row: OutboxMessage): OutboxMessage {
  return { ...row, body: redactOutboxBody(row.body) };
}

@ApiTags('outbox')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly db: Db) {}

  @Get()
  @ApiList('outbox')
  @ApiOperation({ summary: 'Outgoing e-mail and SMS, newest first' })
  list(@Query() query: Record<string, unknown>) {
    const qb = this.db.manager.getRepository(OutboxMessage).createQueryBuilder('o');
    return runList(qb, parseListQuery(query, OUTBOX_LIST), OUTBOX_LIST).then((page) => page.map(forStaff));
  }

  @Get(':id')
  async get(@Param('id', IdPipe) id: string) {
    const row = await this.db.manager.getRepository(OutboxMessage).findOneBy({ id });
    if (!row) throw DomainError.notFound('Outbox message');
    return forStaff(row);
  }
}
