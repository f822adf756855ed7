import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchCoveringIndexes1796209551021 implements MigrationInterface {
  name = 'SearchCoveringIndexes1796209551021';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_portal_accounts_email"`);
    await queryRunner.query(`DROP INDEX "IDX_severa_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_portal_accounts_email" ON "portal_accounts" ("email", "id", "name") `);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users" ("email", "id", "name") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_severa_users_email"`);
    await queryRunner.query(`DROP INDEX "IDX_portal_accounts_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users" ("email", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_portal_accounts_email" ON "portal_accounts" ("email") `);
  }
}
