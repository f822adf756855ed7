import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';

/** A message delivered to the built-in mailbox (MAILBOX): what the recipient would have received. */
@Entity('mailbox_messages')
@Index('IDX_mailbox_recipient', ['recipientNormalized', 'createdAt'])
export class MailboxMessage {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  @Column({ type: 'varchar', length: 320 }) recipient: string;
  @Column({ type: 'varchar', length: 320 }) recipientNormalized: string;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text' }) body: string;
  @TimestampColumn() createdAt: Date;
}
