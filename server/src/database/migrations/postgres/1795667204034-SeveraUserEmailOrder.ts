import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SeveraUserEmailOrder1795667204034 implements MigrationInterface {
  name = 'SeveraUserEmailOrder1795667204034';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_severa_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users"  ("email", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_severa_users_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_email" ON "severa_users" USING btree ("email") `);
  }
}
