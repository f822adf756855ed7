import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FailureSearchIndex1796188745501 implements MigrationInterface {
  name = 'FailureSearchIndex1796188745501';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_org_result_created" ON "login_attempts"  ("organizationId", "result", "createdAt", "email") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempts_org_result_created"`);
  }
}
