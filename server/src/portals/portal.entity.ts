import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';
import type { PortalAccountRecord } from '../../../shared/records.js';

@Entity('portals')
export class Portal {
  /** myvisma | azets-work */
  @Column({ type: 'varchar', length: 20, primary: true }) id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
}

/** A portal user account: separate from Severa users; nothing is created or synced. */
@Entity('portal_accounts')
@Index('IDX_portal_accounts_org_portal', ['organizationId', 'portalId'])
// The near-miss key (sign-in/near-miss-sql.ts), an expression index made by migration NearMissKeyIndexes: declared so
// that schema synchronization leaves it alone (TypeORM cannot express it).
@Index('IDX_portal_accounts_near_miss_key', { synchronize: false })
// An organization's accounts by e-mail (the list by organization): without it PostgreSQL walked the whole e-mail index
// for an organization with no accounts (1.1 s at 1M).
@Index('IDX_portal_accounts_org_email', ['organizationId', 'email', 'id'])
// (email, id, name): the e-mail-sorted list (id breaks ties) reads it in order and stops after one page; a search (`q`)
// that walks it tests both searched columns without reading the table (common/text-search.ts). On PostgreSQL it also
// holds LOWER(email) and LOWER(name) (migration SearchWalkIndexes; TypeORM sees its columns).
@Index('IDX_portal_accounts_email', ['email', 'id', 'name'])
export class PortalAccount implements PortalAccountRecord {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 20 }) portalId: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 320 }) email: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @TimestampColumn() createdAt: Date;
}

/** The signed connection between a portal and Severa for one organization. */
@Entity('portal_connections')
@Index('UQ_portal_connections_portal_org', ['portalId', 'organizationId'], { unique: true })
@Index('IDX_portal_connections_org', ['organizationId'])
export class PortalConnection {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 20 }) portalId: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  /** The shared HMAC secret, sealed with the data encryption key (it must be recoverable to verify signatures). */
  @Column({ type: 'text' }) secretEnc: string;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @TimestampColumn({ nullable: true }) lastSuccessAt: Date | null;
  @TimestampColumn({ nullable: true }) lastFailureAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastFailureCause: string | null;
  @TimestampColumn({ nullable: true }) secretRotatedAt: Date | null;
  @TimestampColumn() createdAt: Date;
  /** After a rotation with an overlap: the previous secret (sealed), still accepted until previousSecretUntil. */
  @Column({ type: 'text', nullable: true }) previousSecretEnc: string | null;
  @TimestampColumn({ nullable: true }) previousSecretUntil: Date | null;
  /** The last signed hand-off that verified with the previous secret (the portal has not switched yet). */
  @TimestampColumn({ nullable: true }) previousSecretLastUsedAt: Date | null;
  /** Created, re-enabled or rotated at: until a signed hand-off arrives after it, the connection is "unverified". */
  @TimestampColumn({ nullable: true }) unverifiedSince: Date | null;
  /** Allowed source networks (CIDR, comma-separated); null: any source. */
  @Column({ type: 'varchar', length: 2000, nullable: true }) allowedSources: string | null;
}

/**
 * Hand-off requests a connection refused before the rules engine (a signature that does not verify, a source outside
 * the allowed networks, a stale or replayed signed request), counted per connection, minute and kind. Health and
 * "rejected requests in the last hour" are read from here; nothing here names a person.
 */
@Entity('connection_rejections')
@Index('IDX_connection_rejections_bucket', ['bucket'])
export class ConnectionRejection {
  @Column({ type: 'varchar', length: 36, primary: true }) connectionId: string;
  /** The minute the requests arrived in (UTC, seconds cut off). */
  @TimestampColumn({ primary: true }) bucket: Date;
  /** bad-signature | source | stale | replayed | malformed */
  @Column({ type: 'varchar', length: 20, primary: true }) kind: string;
  @Column({ type: 'integer', default: 0 }) count: number;
}

/** Nonces already used in hand-offs: a replay is refused. */
@Entity('handoff_nonces')
@Index('IDX_handoff_nonces_created', ['createdAt'])
export class HandoffNonce {
  /** portal:organization:nonce */
  @Column({ type: 'varchar', length: 400, primary: true }) key: string;
  @TimestampColumn() createdAt: Date;
}
