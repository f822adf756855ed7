import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';

/** An invitation an agent asked for from a ticket; sent only once an org admin of the organization confirms it. */
@Entity('invitation_requests')
@Index('IDX_invitation_requests_org_status', ['organizationId', 'status'])
export class InvitationRequest {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) ticketId: string | null;
  @Column({ type: 'varchar', length: 320 }) email: string;
  @Column({ type: 'varchar', length: 200 }) displayName: string;
  /** pending | confirmed | rejected */
  @Column({ type: 'varchar', length: 10 }) status: string;
  @Column({ type: 'varchar', length: 36 }) requestedById: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) decidedById: string | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) decidedAt: Date | null;
}
