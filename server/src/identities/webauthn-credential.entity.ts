import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';

/** A WebAuthn counter is an unsigned 32-bit number: stored as bigint, read back as a number on both databases. */
const counterColumn = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? 0 : Number(v)) };

/**
 * A passkey or security key of an identity (WebAuthn, seed 003: "plug in a USB key or use your laptop's
 * FaceID/Fingerprint"). Only public data: the credential id, its COSE public key and the signature counter.
 */
@Entity('webauthn_credentials')
@Index('IDX_webauthn_credentials_identity', ['identityId'])
export class WebAuthnCredential {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) identityId: string;
  /** base64url, as the browser reports it (credential ids are at most 1023 bytes). */
  @Index('UQ_webauthn_credentials_credential', { unique: true })
  @Column({ type: 'varchar', length: 1400 })
  credentialId: string;
  /** COSE public key, base64url. */
  @Column({ type: 'text' }) publicKey: string;
  /** The authenticator's signature counter: a response whose counter does not move forward is refused (a cloned key). */
  @Column({ type: 'bigint', default: 0, transformer: counterColumn }) counter: number;
  /** usb, nfc, ble, internal, hybrid… (what the browser reported at registration). */
  @JsonColumn({ default: '[]' }) transports: string[];
  /** `passkey` (platform or synced) or `security-key` (roaming, e.g. a USB YubiKey). */
  @Column({ type: 'varchar', length: 20 }) kind: string;
  /** singleDevice | multiDevice (backup eligible). */
  @Column({ type: 'varchar', length: 20 }) deviceType: string;
  @Column({ type: 'boolean', default: false }) backedUp: boolean;
  @Column({ type: 'varchar', length: 36, nullable: true }) aaguid: string | null;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @TimestampColumn() createdAt: Date;
  @TimestampColumn({ nullable: true }) lastUsedAt: Date | null;
}
