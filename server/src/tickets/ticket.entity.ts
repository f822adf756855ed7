import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';
import type { TicketStatus } from '../../../shared/identity.js';

@Entity('tickets')
@Index('IDX_tickets_status_created', ['status', 'createdAt'])
@Index('IDX_tickets_identity', ['identityId'])
export class Ticket {
  @IdColumn() id: string;
  /** Human ticket number (#N). */
  @Index('UQ_tickets_number', { unique: true })
  @Column({ type: 'integer' })
  number: number;
  @Column({ type: 'varchar', length: 36, nullable: true }) identityId: string | null;
  /** The e-mail the caller gave; never used to send anything. */
  @Column({ type: 'varchar', length: 320, nullable: true }) callerEmail: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  @Column({ type: 'varchar', length: 10 }) channel: string;
  @Column({ type: 'varchar', length: 200 }) subject: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'varchar', length: 20 }) status: TicketStatus;
  @Column({ type: 'varchar', length: 36, nullable: true }) assigneeId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) createdById: string | null;
  /** The ticket says the phone is lost or stolen: checks that rely on it do not count. */
  @Column({ type: 'boolean', default: false }) phoneLost: boolean;
  /** When staff first answered (took it, replied, verified): measured against the channel's first-response target. */
  @TimestampColumn({ nullable: true }) firstResponseAt: Date | null;
  @TimestampColumn({ nullable: true }) resolvedAt: Date | null;
  /** The desk is waiting for the person: a reply went out or a code was issued, and nothing came back yet. */
  @Column({ type: 'boolean', default: false }) waitingForPerson: boolean;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() updatedAt: Date;
}

@Entity('ticket_comments')
@Index('IDX_ticket_comments_ticket', ['ticketId', 'createdAt'])
export class TicketComment {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) ticketId: string;
  /** The staff member; null for a message that came in by e-mail. */
  @Column({ type: 'varchar', length: 36, nullable: true }) authorId: string | null;
  /** note (internal) | reply (mailed to the claimed sender) | inbound (an e-mail that arrived) */
  @Column({ type: 'varchar', length: 10, default: 'note' }) kind: string;
  /** For inbound mail: the From address, a claim only. */
  @Column({ type: 'varchar', length: 320, nullable: true }) fromAddress: string | null;
  @Column({ type: 'text' }) body: string;
  @TimestampColumn() createdAt: Date;
}

/** An attachment of an inbound e-mail: its content is kept only when small and of an allowed type. */
@Entity('ticket_attachments')
@Index('IDX_ticket_attachments_ticket', ['ticketId'])
export class TicketAttachment {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) ticketId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) commentId: string | null;
  @Column({ type: 'varchar', length: 255 }) filename: string;
  @Column({ type: 'varchar', length: 100 }) contentType: string;
  @Column({ type: 'integer' }) size: number;
  /** Base64; null when not stored (see `refusedReason`). */
  @Column({ type: 'text', nullable: true }) content: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) refusedReason: string | null;
  @TimestampColumn() createdAt: Date;
}

export interface VerificationCheckResult {
  check: string;
  passed: boolean;
  note?: string;
}

@Entity('ticket_verifications')
@Index('IDX_ticket_verifications_ticket', ['ticketId', 'createdAt'])
export class TicketVerification {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) ticketId: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @JsonColumn() checks: VerificationCheckResult[];
  @Column({ type: 'integer' }) passedCount: number;
  @Column({ type: 'integer' }) requiredCount: number;
  @Column({ type: 'boolean' }) sufficient: boolean;
  @Column({ type: 'varchar', length: 36 }) performedById: string;
  @TimestampColumn() createdAt: Date;
}
