import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Db } from '../database/db.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { F, ListSpec, parseListQuery, runList } from '../common/pagination.js';
import { DomainError } from '../common/errors.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { redactOutboxBody, redactOutboxError } from './outbox-redaction.js';
import { PURGED_BODY } from './notifications.purge.js';

export const OUTBOX_LIST: ListSpec = {
  resource: 'outbox',
  sortable: { createdAt: 'o.createdAt', sentAt: 'o.sentAt', status: 'o.status', kind: 'o.kind', recipient: 'o.recipient', attempts: 'o.attempts', id: 'o.id' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: F.ids('o.id'),
    status: F.eq('o.status', ['pending', 'sending', 'sent', 'failed', 'held']),
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

export { redactOutboxBody };

/**
 * Never the sealed copy; bodies and errors written before redaction are redacted on the way out too. `claimedAt` is
 * shown as `sendingSince` (when a process took a `sending` message). An empty body of a sent message was removed by
 * the scheduled purge (RETENTION outbox-bodies): `bodyPurged`.
 */
function forStaff(row: OutboxMessage) {
  const { bodyEnc: _sealed, claimedAt, ...rest } = row;
  return {
    ...rest,
    body: redactOutboxBody(row.body),
    bodyPurged: row.status === 'sent' && row.body === PURGED_BODY,
    lastError: row.lastError === null ? null : redactOutboxError(row.lastError),
    sendingSince: row.status === 'sending' ? claimedAt : null,
  };
}

/**
 * What would be or was sent (supervisors). Without SMTP_URL messages stay here as `held`; a message the transport
 * refused after OUTBOX_MAX_ATTEMPTS tries is `failed`, with its last error.
 */
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
