import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SeveraUserEmailOrder1795667202860 implements MigrationInterface {
  name = 'SeveraUserEmailOrder1795667202860';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_severa_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users" ("email", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_severa_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users" ("email") `);
  }
}
