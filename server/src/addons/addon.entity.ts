import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimestampColumn } from '../database/columns.js';
import { AddonStatus } from '../../../shared/sign-in.js';
import { AddonEventKind } from '../../../shared/addons.js';

@Entity('addons')
export class Addon {
  @Column({ type: 'varchar', length: 40, primary: true }) id: string;
  @Column({ type: 'varchar', length: 20 }) portalId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'integer', default: 0 }) priceCents: number;
  @Column({ type: 'varchar', length: 3, default: 'EUR' }) currency: string;
}

/** One row per organization and add-on: its current state. */
@Entity('organization_addons')
@Index('UQ_organization_addons_org_addon', ['organizationId', 'addonId'], { unique: true })
export class OrganizationAddon {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 40 }) addonId: string;
  @Column({ type: 'varchar', length: 10 }) status: AddonStatus;
  @Column({ type: 'varchar', length: 40, nullable: true }) orderNumber: string | null;
  @TimestampColumn({ nullable: true }) orderedAt: Date | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) orderedBy: string | null;
  @TimestampColumn({ nullable: true }) activatedAt: Date | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) activatedBy: string | null;
  @TimestampColumn({ nullable: true }) deactivatedAt: Date | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) deactivatedBy: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) deactivationReason: string | null;
  @TimestampColumn() updatedAt: Date;
}

/** A (zero-cost) purchase with its receipt; the idempotency key makes a retried purchase return the same order. */
@Entity('addon_orders')
@Index('IDX_addon_orders_org', ['organizationId', 'createdAt'])
export class AddonOrder {
  @IdColumn() id: string;
  @Index('UQ_addon_orders_number', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  orderNumber: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 40 }) addonId: string;
  @Index('UQ_addon_orders_idempotency', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  idempotencyKey: string;
  @JsonColumn() receipt: Record<string, unknown>;
  @Column({ type: 'varchar', length: 36 }) orderedById: string;
  @TimestampColumn() createdAt: Date;
}

/** History: orders, activations, deactivations. */
@Entity('addon_events')
@Index('IDX_addon_events_org', ['organizationId', 'createdAt'])
export class AddonEvent {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 40 }) addonId: string;
  /** ordered | activated | deactivated */
  @Column({ type: 'varchar', length: 20 }) kind: AddonEventKind;
  @Column({ type: 'varchar', length: 40, nullable: true }) orderNumber: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) actorEmail: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @TimestampColumn() createdAt: Date;
}
