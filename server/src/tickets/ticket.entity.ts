import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';

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
  @Column({ type: 'varchar', length: 20 }) status: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) assigneeId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) createdById: string | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() updatedAt: Date;
}

@Entity('ticket_comments')
@Index('IDX_ticket_comments_ticket', ['ticketId', 'createdAt'])
export class TicketComment {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) ticketId: string;
  @Column({ type: 'varchar', length: 36 }) authorId: string;
  @Column({ type: 'text' }) body: string;
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
