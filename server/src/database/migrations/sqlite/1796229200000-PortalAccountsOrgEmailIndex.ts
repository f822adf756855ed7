import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An organization's portal accounts in e-mail order (the list by organization) from one index range. */
export class PortalAccountsOrgEmailIndex1796229200000 implements MigrationInterface {
  name = 'PortalAccountsOrgEmailIndex1796229200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_portal_accounts_org_email" ON "portal_accounts" ("organizationId", "email", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_portal_accounts_org_email"`);
  }
}
