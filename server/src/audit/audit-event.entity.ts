import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TimestampColumn } from '../database/columns.js';
import type { AuditEventRecord } from '../../../shared/records.js';

/** Append-only, hash-chained record of every change. */
@Entity('audit_events')
@Index('IDX_audit_events_created', ['createdAt'])
@Index('IDX_audit_events_actor', ['actorId', 'createdAt'])
@Index('IDX_audit_events_target', ['targetType', 'targetId'])
@Index('IDX_audit_events_org', ['organizationId', 'createdAt'])
@Index('IDX_audit_events_ticket', ['ticketId'])
@Index('IDX_audit_events_action', ['action', 'createdAt'])
export class AuditEvent implements AuditEventRecord {
  /** Position in the chain. */
  @PrimaryGeneratedColumn('increment') id: number;
  @TimestampColumn() createdAt: Date;
  @Column({ type: 'varchar', length: 36, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) actorEmail: string | null;
  /** Role the actor acted in, or `system` / `user` / `portal`. */
  @Column({ type: 'varchar', length: 40 }) actorRole: string;
  @Column({ type: 'varchar', length: 60 }) action: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) targetType: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) targetId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) ticketId: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @JsonColumn({ nullable: true }) before: Record<string, unknown> | null;
  @JsonColumn({ nullable: true }) after: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 64 }) prevHash: string;
  @Column({ type: 'varchar', length: 64 }) hash: string;
}
