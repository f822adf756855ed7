import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: `identities.twoFactorPolicy` was never read — the policy is the organization's
 * (`organizations.twoFactorPolicy`, the strictest of an identity's organizations applies). SQLite (3.35+) drops the
 * column in place, so the table is not rebuilt: its search-index triggers and rowids stay as they are.
 */
export class DropIdentityTwoFactorPolicy1796171436153 implements MigrationInterface {
  name = 'DropIdentityTwoFactorPolicy1796171436153';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "twoFactorPolicy"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" ADD COLUMN "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required')`);
  }
}
