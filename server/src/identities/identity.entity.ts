import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';
import { StaffRole } from '../../../shared/roles.js';

/** A Visma Connect identity: one per person, across every application. 2FA lives here (seed 003). */
@Entity('identities')
export class Identity {
  @IdColumn() id: string;
  /** As the person typed it. */
  @Column({ type: 'varchar', length: 320 }) email: string;
  /** Lower-cased for sign-in look-ups (Connect sign-in is not case-sensitive; the Severa hand-off is). */
  @Index('UQ_identities_email_normalized', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  emailNormalized: string;
  @Column({ type: 'varchar', length: 200 }) displayName: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) passwordHash: string | null;
  @Column({ type: 'varchar', length: 20, default: 'active' }) status: string;
  /** AES-GCM sealed base32 secret. */
  @Column({ type: 'text', nullable: true }) totpSecretEnc: string | null;
  @TimestampColumn({ nullable: true }) totpEnrolledAt: Date | null;
  /** Highest TOTP time step accepted: a code is accepted once. */
  @Column({ type: 'integer', nullable: true }) totpLastStep: number | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) emergencyCodeHash: string | null;
  @TimestampColumn({ nullable: true }) emergencyCodeCreatedAt: Date | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) smsNumber: string | null;
  @Column({ type: 'boolean', default: false }) smsVerified: boolean;
  @Column({ type: 'boolean', default: false }) vismaAuthenticatorPush: boolean;
  /** The method the sign-in page opens with (security settings): totp, sms, passkey… or null for the first available. */
  @Column({ type: 'varchar', length: 20, nullable: true }) defaultSecondFactor: string | null;
  /** The person's language (shared/locales.ts) for the console, the Connect pages, e-mails and SMS; null until first contact. */
  @Column({ type: 'varchar', length: 8, nullable: true }) locale: string | null;
  /** Marked privileged: recovery needs a second person even without a console role. */
  @Column({ type: 'boolean', default: false }) privileged: boolean;
  @Column({ type: 'integer', default: 0 }) failedSignIns: number;
  @TimestampColumn({ nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'integer', default: 0 }) failedOneTimeCodes: number;
  @TimestampColumn({ nullable: true }) oneTimeCodeLockedUntil: Date | null;
  /** When a second factor was last proven at sign-in (the Adaptive policy asks again after 30 days). */
  @TimestampColumn({ nullable: true }) lastSecondFactorAt: Date | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() updatedAt: Date;
}

/** A console role held by an identity; org admins hold one row per organization. */
@Entity('staff_roles')
@Index('IDX_staff_roles_identity', ['identityId'])
@Index('UQ_staff_roles_grant', ['identityId', 'role', 'organizationId'], { unique: true })
export class StaffRoleGrant {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @Column({ type: 'varchar', length: 20 }) role: StaffRole;
  /** Set for org admins only. */
  @Column({ type: 'varchar', length: 36, nullable: true }) organizationId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) grantedBy: string | null;
  @TimestampColumn() grantedAt: Date;
}

/** Activation and password-reset links (hashed tokens). */
@Entity('identity_tokens')
@Index('IDX_identity_tokens_identity', ['identityId'])
export class IdentityToken {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @Column({ type: 'varchar', length: 20 }) purpose: string;
  @Index('UQ_identity_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;
  @TimestampColumn() expiresAt: Date;
  @TimestampColumn({ nullable: true }) usedAt: Date | null;
  @TimestampColumn() createdAt: Date;
}

/** A new identity: no second factor, no failures, the 2FA policy Required. Callers say who it is and its status. */
export function newIdentityRow(p: { id: string; email: string; displayName: string; status: string; passwordHash: string | null; now: Date; locale?: string | null }): Identity {
  return Object.assign(new Identity(), {
    id: p.id,
    email: p.email,
    emailNormalized: p.email.toLowerCase(),
    displayName: p.displayName,
    passwordHash: p.passwordHash,
    status: p.status,
    totpSecretEnc: null,
    totpEnrolledAt: null,
    totpLastStep: null,
    emergencyCodeHash: null,
    emergencyCodeCreatedAt: null,
    smsNumber: null,
    smsVerified: false,
    vismaAuthenticatorPush: false,
    defaultSecondFactor: null,
    locale: p.locale ?? null,
    privileged: false,
    failedSignIns: 0,
    lockedUntil: null,
    failedOneTimeCodes: 0,
    oneTimeCodeLockedUntil: null,
    lastSecondFactorAt: null,
    createdAt: p.now,
    updatedAt: p.now,
  });
}
