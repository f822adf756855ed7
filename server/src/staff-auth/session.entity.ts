import { Column, Entity, Index } from 'typeorm';
import { JsonColumn, TimestampColumn } from '../database/columns.js';

/** A signed-in staff or Connect session. The cookie holds a random token; only its hash is stored. */
@Entity('sessions')
@Index('IDX_sessions_identity', ['identityId'])
export class Session {
  @Column({ type: 'varchar', length: 64, primary: true }) id: string;
  /** staff | connect */
  @Column({ type: 'varchar', length: 10 }) kind: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() lastSeenAt: Date;
  @TimestampColumn() absoluteExpiresAt: Date;
  @TimestampColumn({ nullable: true }) steppedUpAt: Date | null;
  @TimestampColumn({ nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @JsonColumn({ nullable: true }) data: object | null;
}

/** A half-finished sign-in (password accepted, second factor pending). */
@Entity('auth_challenges')
@Index('IDX_auth_challenges_expires', ['expiresAt'])
export class AuthChallenge {
  @Column({ type: 'varchar', length: 64, primary: true }) id: string;
  @Column({ type: 'varchar', length: 10 }) kind: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  /** Where the flow is (e.g. password-ok, one-time-code-ok, enrolling). */
  @Column({ type: 'varchar', length: 30 }) stage: string;
  @JsonColumn({ nullable: true }) data: object | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() expiresAt: Date;
  @TimestampColumn({ nullable: true }) usedAt: Date | null;
  @Column({ type: 'integer', default: 0 }) failures: number;
}
