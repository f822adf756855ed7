import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/columns.js';
import type { SeveraUserRecord } from '../../../shared/records.js';

/** A user account in Severa: separate from portal accounts; the e-mail is kept exactly as entered. */
@Entity('severa_users')
@Index('IDX_severa_users_org_email', ['organizationId', 'email'])
// The near-miss key (sign-in/near-miss-sql.ts), an expression index made by migration NearMissKeyIndexes: declared so
// that schema synchronization leaves it alone (TypeORM cannot express it).
@Index('IDX_severa_users_near_miss_key', { synchronize: false })
@Index('IDX_severa_users_org_active', ['organizationId', 'active'])
// (email, id): the e-mail-sorted list (id breaks ties) reads this index in order and stops after one page; with the
// name, a search (`q`) that walks it tests both searched columns without reading the table (common/text-search.ts).
// On PostgreSQL it also holds LOWER(email) and LOWER(name) (migration SearchWalkIndexes; TypeORM sees its columns).
@Index('IDX_severa_users_email', ['email', 'id', 'name'])
export class SeveraUser implements SeveraUserRecord {
  @IdColumn() id: string;
  @Column({ type: 'varchar', length: 36 }) organizationId: string;
  @Column({ type: 'varchar', length: 320 })
  email: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @TimestampColumn({ nullable: true }) activeChangedAt: Date | null;
  /** E-mail of whoever last changed the active flag. */
  @Column({ type: 'varchar', length: 320, nullable: true }) activeChangedBy: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) activeChangeReason: string | null;
  @Index('IDX_severa_users_identity')
  @Column({ type: 'varchar', length: 36, nullable: true })
  identityId: string | null;
  @TimestampColumn() createdAt: Date;
}
