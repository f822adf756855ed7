import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';
import type { LoginAttemptRecord } from '../../../shared/records.js';

/** One portal → Severa hand-off, with every failing reason. */
@Entity('login_attempts')
@Index('IDX_login_attempts_created', ['createdAt'])
@Index('IDX_login_attempts_org_created', ['organizationId', 'createdAt'])
@Index('IDX_login_attempts_email_portal_created', ['email', 'portalId', 'createdAt'])
@Index('IDX_login_attempts_result_created', ['result', 'createdAt'])
/**
 * The person search's failed attempts of one organization (look-back window): the e-mail is tested in the index and
 * the matches' ids come from it, so only matching rows are read (people-search.service.ts).
 */
@Index('IDX_login_attempts_org_result_created', ['organizationId', 'result', 'createdAt', 'email', 'id'])
export class LoginAttempt implements LoginAttemptRecord {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 20 }) portalId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  /** As presented by the portal. */
  @Column({ type: 'varchar', length: 320 }) email: string;
  /** success | failure */
  @Column({ type: 'varchar', length: 10 }) result: string;
  @JsonColumn({ default: '[]' }) reasons: string[];
  /** Why a malformed request was refused, when it was. */
  @Column({ type: 'varchar', length: 500, nullable: true }) detail: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @TimestampColumn() createdAt: Date;
}

/**
 * One row per failing reason of an attempt, so "by reason, newest first" is a range scan of a covering index
 * (reason, createdAt, attemptId): pages and capped counts never touch the table.
 */
@Entity('login_attempt_reasons')
@Index('IDX_login_attempt_reasons_reason_created', ['reason', 'createdAt', 'attemptId'])
@Index('IDX_login_attempt_reasons_attempt', ['attemptId'])
export class LoginAttemptReason {
  @Column({ type: 'varchar', length: 36, primary: true }) attemptId: string;
  @Column({ type: 'varchar', length: 40, primary: true }) reason: string;
  @TimestampColumn() createdAt: Date;
}

/** A Severa session started by a successful hand-off: independent of the portal session. */
@Entity('severa_sessions')
export class SeveraSession {
  /** SHA-256 of the cookie token. */
  @Column({ type: 'varchar', length: 64, primary: true }) id: string;
  @Column({ type: 'varchar', length: 36 }) severaUserId: string;
  @Column({ type: 'varchar', length: 20 }) portalId: string;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() expiresAt: Date;
}
