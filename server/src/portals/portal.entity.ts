import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';

@Entity('portals')
export class Portal {
  /** myvisma | azets-work */
  @Column({ type: 'varchar', length: 20, primary: true }) id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
}

/** A portal user account: separate from Severa users; nothing is created or synced. */
@Entity('portal_accounts')
@Index('IDX_portal_accounts_org_portal', ['organizationId', 'portalId'])
@Index('IDX_portal_accounts_email', ['email'])
export class PortalAccount {
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
}

/** Nonces already used in hand-offs: a replay is refused. */
@Entity('handoff_nonces')
@Index('IDX_handoff_nonces_created', ['createdAt'])
export class HandoffNonce {
  /** portal:organization:nonce */
  @Column({ type: 'varchar', length: 400, primary: true }) key: string;
  @TimestampColumn() createdAt: Date;
}
