import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';
import type { PublicKeyJwk } from '../../../shared/two-factor.js';

/** A Visma Authenticator app instance: it holds the private half of a P-256 key pair; only the public key is here. */
@Entity('authenticator_devices')
@Index('IDX_authenticator_devices_identity', ['identityId'])
export class AuthenticatorDevice {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @JsonColumn() publicKeyJwk: PublicKeyJwk;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) lastUsedAt: Date | null;
}

/** One push: a sign-in waiting for the person to approve it on a device, with the number shown on the sign-in page. */
@Entity('push_requests')
@Index('IDX_push_requests_identity_created', ['identityId', 'createdAt'])
@Index('IDX_push_requests_challenge', ['challengeId'])
export class PushRequest {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  /** The sign-in challenge (its hash, as stored in auth_challenges.id) the push belongs to. */
  @Column({ type: 'varchar', length: 64 }) challengeId: string;
  @Column({ type: 'integer' }) number: number;
  /** The three numbers the device offers (the right one among them). */
  @JsonColumn() choices: number[];
  /** pending | approved | denied | reported | expired | superseded */
  @Column({ type: 'varchar', length: 12 }) status: string;
  /** wrong-number | denied | reported | … */
  @Column({ type: 'varchar', length: 20, nullable: true }) reason: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) browser: string | null;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn() expiresAt: Date;
  @TimestampColumn({ nullable: true }) answeredAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) deviceId: string | null;
}

/** Nonces of device-signed requests already seen (a replay is refused); purged (connect.purge.ts) once older than the freshness window and the retention period. */
@Entity('device_nonces')
@Index('IDX_device_nonces_created', ['createdAt'])
export class DeviceNonce {
  @Column({ type: 'varchar', length: 200, primary: true }) key: string;
  @TimestampColumn() createdAt: Date;
}
