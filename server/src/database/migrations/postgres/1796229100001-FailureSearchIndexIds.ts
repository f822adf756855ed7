import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The person search's failures index also holds the attempt's id: the matching failures' ids come from the index. */
export class FailureSearchIndexIds1796229100001 implements MigrationInterface {
  name = 'FailureSearchIndexIds1796229100001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempts_org_result_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_org_result_created" ON "login_attempts" ("organizationId", "result", "createdAt", "email", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempts_org_result_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_org_result_created" ON "login_attempts" ("organizationId", "result", "createdAt", "email") `);
  }
}
