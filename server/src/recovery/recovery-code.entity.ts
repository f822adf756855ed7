import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';

/** A one-time sign-in code issued by customer service. Only its hash is kept. */
@Entity('recovery_codes')
@Index('IDX_recovery_codes_identity_status', ['identityId', 'status'])
@Index('IDX_recovery_codes_ticket', ['ticketId'])
@Index('IDX_recovery_codes_identity_created', ['identityId', 'createdAt'])
export class RecoveryCode {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @Column({ type: 'varchar', length: 36 }) ticketId: string;
  /** Null while the request waits for a second person's approval. */
  @Index('UQ_recovery_codes_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  codeHash: string | null;
  @Column({ type: 'varchar', length: 20 }) status: RecoveryCodeStatus;
  @Column({ type: 'integer' }) lifetimeMinutes: number;
  @TimestampColumn({ nullable: true }) expiresAt: Date | null;
  @Column({ type: 'varchar', length: 36 }) requestedById: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) issuedById: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) approvedById: string | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) issuedAt: Date | null;
  @TimestampColumn({ nullable: true }) redeemedAt: Date | null;
  @TimestampColumn({ nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) revokedById: string | null;
}
