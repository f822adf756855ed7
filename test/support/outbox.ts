import type { FindOptionsWhere } from 'typeorm';
import { OutboxMessage } from '../../server/src/notifications/outbox-message.entity.js';
import { OutboxService } from '../../server/src/notifications/outbox.service.js';
import type { TestApp } from '../create-test-app.js';

/**
 * The text the recipient of the newest matching outbox message got. The outbox row itself only keeps the redacted
 * form (codes and link tokens are sealed until delivery), so a test reads what the transport delivered.
 */
export async function deliveredText(t: TestApp, where: FindOptionsWhere<OutboxMessage>): Promise<string> {
  const row = await t.ds.getRepository(OutboxMessage).findOneOrFail({ where, order: { createdAt: 'DESC' } });
  await t.app.get(OutboxService).deliverPending();
  const sent = t.mail.sent.filter((m) => m.to === row.recipient && m.subject === row.subject);
  if (!sent.length) throw new Error(`outbox message ${row.id} (${row.kind} to ${row.recipient}) was not delivered`);
  return sent[sent.length - 1].body;
}
