import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';

/**
 * A mail or SMS to send; kept after sending so staff can see what went out. `body` is the staff view (codes and link
 * tokens redacted); the deliverable text is sealed in `bodyEnc` (bound to this row) and wiped once delivered or given
 * up on. Status: held (no transport) | pending | sending (claimed by one process) | sent | failed (gave up).
 */
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
  /** The text as the recipient gets it, sealed with the data encryption key; null once delivered or given up on. */
  @Column({ type: 'text', nullable: true }) bodyEnc: string | null;
  @Column({ type: 'varchar', length: 10 }) status: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) identityId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) ticketId: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  /** A pending message is not tried again before this time (backoff after a failed attempt). */
  @TimestampColumn({ nullable: true }) nextAttemptAt: Date | null;
  /** When a process claimed it for sending; a claim older than the lease is taken over (the process died). */
  @TimestampColumn({ nullable: true }) claimedAt: Date | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) sentAt: Date | null;
}
