import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The near-miss key of Severa users and portal accounts as an expression index (sign-in/near-miss-sql.ts
 * `nearMissKeySql`, the same text): the diagnosis reads the users and accounts that may be a near miss of the
 * presented e-mail by an equality lookup instead of reading the whole organization. The entities declare the indexes
 * with `synchronize: false` (TypeORM cannot express an expression index); a later migration that rebuilds one of
 * these tables must create its index again.
 */
export class NearMissKeyIndexes1796300000001 implements MigrationInterface {
  name = 'NearMissKeyIndexes1796300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_severa_users_near_miss_key" ON "severa_users" (("organizationId" || '/' || CASE WHEN ("email" ~ '[^!-~]' OR "email" !~ '^[^@]+@[^@]*$') THEN '' ELSE CASE WHEN strpos("email", '@') > 1 THEN LOWER(substr("email", 1, CASE WHEN strpos("email", '+') > 1 AND strpos("email", '+') < strpos("email", '@') THEN strpos("email", '+') ELSE strpos("email", '@') END - 1)) ELSE '' END END))`);
    await queryRunner.query(`CREATE INDEX "IDX_portal_accounts_near_miss_key" ON "portal_accounts" (("organizationId" || '/' || CASE WHEN ("email" ~ '[^!-~]' OR "email" !~ '^[^@]+@[^@]*$') THEN '' ELSE CASE WHEN strpos("email", '@') > 1 THEN LOWER(substr("email", 1, CASE WHEN strpos("email", '+') > 1 AND strpos("email", '+') < strpos("email", '@') THEN strpos("email", '+') ELSE strpos("email", '@') END - 1)) ELSE '' END END))`);
    // The planner's statistics of an expression index come from ANALYZE of its table: without them it guesses how
    // selective a key is and may prefer reading the organization.
    await queryRunner.query(`ANALYZE "severa_users", "portal_accounts"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_portal_accounts_near_miss_key"`);
    await queryRunner.query(`DROP INDEX "IDX_severa_users_near_miss_key"`);
  }
}
