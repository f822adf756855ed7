import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: attempts per failing reason and UTC day (sign-in/login-attempt.entity.ts LoginAttemptReasonDay), kept
 * exact by triggers on login_attempt_reasons and filled from the rows already there. The day is the first ten
 * characters of the stored UTC time. One shard (0): SQLite has one writer at a time, so there is no waiting to spread.
 */
export class ReasonDayCounts1796400000000 implements MigrationInterface {
  name = 'ReasonDayCounts1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const day = (row: string) => `substr(${row}"createdAt", 1, 10)`;
    const add = (row: string) =>
      `INSERT INTO "login_attempt_reason_days" ("reason", "day", "shard", "count") VALUES (${row}"reason", ${day(row)}, 0, 1)
         ON CONFLICT ("reason", "day", "shard") DO UPDATE SET "count" = "count" + 1;`;
    const remove = (row: string) =>
      `UPDATE "login_attempt_reason_days" SET "count" = "count" - 1 WHERE "reason" = ${row}"reason" AND "day" = ${day(row)} AND "shard" = 0;`;
    await queryRunner.query(
      `CREATE TABLE "login_attempt_reason_days" ("reason" varchar(40) NOT NULL, "day" varchar(10) NOT NULL, "shard" integer NOT NULL, "count" integer NOT NULL, PRIMARY KEY ("reason", "day", "shard"))`,
    );
    await queryRunner.query(
      `INSERT INTO "login_attempt_reason_days" ("reason", "day", "shard", "count")
         SELECT "reason", ${day('')}, 0, COUNT(*) FROM "login_attempt_reasons" GROUP BY 1, 2, 3`,
    );
    await queryRunner.query(`CREATE TRIGGER "login_attempt_reason_days_ai" AFTER INSERT ON "login_attempt_reasons" BEGIN ${add('NEW.')} END`);
    await queryRunner.query(`CREATE TRIGGER "login_attempt_reason_days_ad" AFTER DELETE ON "login_attempt_reasons" BEGIN ${remove('OLD.')} END`);
    await queryRunner.query(
      `CREATE TRIGGER "login_attempt_reason_days_au" AFTER UPDATE OF "reason", "createdAt" ON "login_attempt_reasons" BEGIN ${remove('OLD.')} ${add('NEW.')} END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['au', 'ad', 'ai']) await queryRunner.query(`DROP TRIGGER "login_attempt_reason_days_${t}"`);
    await queryRunner.query(`DROP TABLE "login_attempt_reason_days"`);
  }
}
