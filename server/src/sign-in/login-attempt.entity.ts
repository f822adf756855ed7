import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';
import type { LoginAttemptRecord } from '../../../shared/records.js';

/** One portal → Severa hand-off, with every failing reason. */
@Entity('login_attempts')
@Index('IDX_login_attempts_created', ['createdAt'])
@Index('IDX_login_attempts_org_created', ['organizationId', 'createdAt'])
/** The diagnosis's recent attempts of one person, newest first (diagnosis.service.ts). */
@Index('IDX_login_attempts_email_portal_org_created', ['email', 'portalId', 'organizationId', 'createdAt'])
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

/**
 * How many attempts failed for each reason on each UTC day (`day` = `YYYY-MM-DD`), kept exact by triggers on
 * login_attempt_reasons (migration ReasonDayCounts): every insert, delete and update of a reason row changes its day's
 * count in the same transaction. On PostgreSQL a reason's day is spread over eight rows (`shard`, a hash of the attempt
 * id) so concurrent failing hand-offs do not all wait for one row; a day's count is the sum of its shards. A hand-off
 * records one attempt per transaction with its reasons in the rules engine's order, so any two take these rows' locks
 * in the same order; a transaction that records several attempts could deadlock with another (PostgreSQL then aborts
 * one of them) and should insert their reasons in one statement, which takes its locks in key order. A deep page of
 * "attempts failing for reason X" starts its index walk at the right day instead of walking every newer entry
 * (login-attempts.service.ts).
 */
@Entity('login_attempt_reason_days')
export class LoginAttemptReasonDay {
  @Column({ type: 'varchar', length: 40, primary: true }) reason: string;
  @Column({ type: 'varchar', length: 10, primary: true }) day: string;
  @Column({ type: 'integer', primary: true }) shard: number;
  @Column({ type: 'integer' }) count: number;
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
