import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `identities.twoFactorPolicy` was never read: the policy is the organization's (the strictest of an identity's organizations applies). */
export class DropIdentityTwoFactorPolicy1796171446157 implements MigrationInterface {
  name = 'DropIdentityTwoFactorPolicy1796171446157';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "twoFactorPolicy"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" ADD "twoFactorPolicy" character varying(20) NOT NULL DEFAULT 'required'`);
  }
}
