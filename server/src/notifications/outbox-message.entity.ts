import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';

/** A mail or SMS to send; kept after sending so staff can see what went out. */
@Entity('outbox_messages')
@Index('IDX_outbox_status_created', ['status', 'createdAt'])
@Index('IDX_outbox_recipient', ['recipient'])
export class OutboxMessage {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  @Column({ type: 'varchar', length: 60 }) kind: string;
  @Column({ type: 'varchar', length: 320 }) recipient: string;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 10 }) status: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) identityId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) ticketId: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) sentAt: Date | null;
}
