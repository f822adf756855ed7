import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';
import type { OrganizationRecord } from '../../../shared/records.js';
import { SeveraSubscriptionStatus } from '../../../shared/sign-in.js';

/** A Severa customer. */
@Entity('organizations')
// (name, id): the name-sorted list (id breaks ties) reads this index in order; on PostgreSQL it also holds LOWER(name)
// (migration OrganizationNameWalkIndex; TypeORM sees its columns), so a search (`q`) sorted by name walks it without
// reading the table (common/text-search.ts).
@Index('IDX_organizations_name', ['name', 'id'])
export class Organization implements OrganizationRecord {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** active | ended (the organization no longer uses Severa). */
  @Column({ type: 'varchar', length: 10, default: 'active' }) severaStatus: SeveraSubscriptionStatus;
  @TimestampColumn({ nullable: true }) severaEndedAt: Date | null;
  /** Comma-separated e-mail domains the organization owns: its org admins may invite addresses there. */
  @Column({ type: 'varchar', length: 500, default: '' }) emailDomains: string;
  /** Seed 003: `required` (the default) or `adaptive`; an identity gets the strictest of its organizations'. */
  @Column({ type: 'varchar', length: 20, default: 'required' }) twoFactorPolicy: string;
  @TimestampColumn() createdAt: Date;
}
