import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The near-miss key of Severa users and portal accounts as an expression index (sign-in/near-miss-sql.ts
 * `nearMissKeySql`, the same text): the diagnosis reads the users and accounts that may be a near miss of the
 * presented e-mail by an equality lookup instead of reading the whole organization. The entities declare the indexes
 * with `synchronize: false` (TypeORM cannot express an expression index); a later migration that rebuilds one of
 * these tables (TypeORM copies SQLite tables into `temporary_<name>`) must create its index again.
 */
export class NearMissKeyIndexes1796300000000 implements MigrationInterface {
  name = 'NearMissKeyIndexes1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_near_miss_key" ON "severa_users" (("organizationId" || '/' || CASE WHEN ("email" GLOB '*[^!-~]*' OR "email" NOT GLOB '?*@*' OR "email" GLOB '*@*@*' OR "email" GLOB '@*') THEN '' ELSE CASE WHEN instr("email", '@') > 1 THEN LOWER(substr("email", 1, CASE WHEN instr("email", '+') > 1 AND instr("email", '+') < instr("email", '@') THEN instr("email", '+') ELSE instr("email", '@') END - 1)) ELSE '' END END))`);
    await queryRunner.query(`CREATE INDEX "IDX_portal_accounts_near_miss_key" ON "portal_accounts" (("organizationId" || '/' || CASE WHEN ("email" GLOB '*[^!-~]*' OR "email" NOT GLOB '?*@*' OR "email" GLOB '*@*@*' OR "email" GLOB '@*') THEN '' ELSE CASE WHEN instr("email", '@') > 1 THEN LOWER(substr("email", 1, CASE WHEN instr("email", '+') > 1 AND instr("email", '+') < instr("email", '@') THEN instr("email", '+') ELSE instr("email", '@') END - 1)) ELSE '' END END))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_portal_accounts_near_miss_key"`);
    await queryRunner.query(`DROP INDEX "IDX_severa_users_near_miss_key"`);
  }
}
