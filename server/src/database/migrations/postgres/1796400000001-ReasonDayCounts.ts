import type { MigrationInterface, QueryRunner } from 'typeorm';

const DAY = `to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const SHARD = `hashtext("attemptId") & 7`;
/** The counts of a transition table's rows, by reason, day and shard (in key order: upserts lock rows in that order). */
const grouped = (rows: string) => `SELECT reason, ${DAY} AS day, ${SHARD} AS shard, count(*)::integer AS n FROM ${rows} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const ADD = `INSERT INTO login_attempt_reason_days (reason, day, shard, count) SELECT reason, day, shard, n FROM (${grouped('new_rows')}) g
      ON CONFLICT (reason, day, shard) DO UPDATE SET count = login_attempt_reason_days.count + EXCLUDED.count;`;
const REMOVE = `UPDATE login_attempt_reason_days d SET count = d.count - g.n FROM (${grouped('old_rows')}) g
      WHERE d.reason = g.reason AND d.day = g.day AND d.shard = g.shard;`;

/**
 * Hand-written: attempts per failing reason and UTC day (sign-in/login-attempt.entity.ts LoginAttemptReasonDay), kept
 * exact by statement triggers on login_attempt_reasons (one grouped upsert per statement, also for a bulk insert) and
 * filled from the rows already there. The shard is a hash of the attempt id (which shard a row counts in only spreads
 * the writers: the reads sum a day's shards, so a different hash after an upgrade would still give exact sums).
 */
export class ReasonDayCounts1796400000001 implements MigrationInterface {
  name = 'ReasonDayCounts1796400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_attempt_reason_days" ("reason" character varying(40) NOT NULL, "day" character varying(10) NOT NULL, "shard" integer NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_e643be93990ddd4fe4ba702a265" PRIMARY KEY ("reason", "day", "shard"))`,
    );
    await queryRunner.query(`INSERT INTO login_attempt_reason_days (reason, day, shard, count) SELECT reason, day, shard, n FROM (${grouped('login_attempt_reasons')}) g`);
    await queryRunner.query(`CREATE FUNCTION login_attempt_reason_days_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${ADD} RETURN NULL; END $$`);
    await queryRunner.query(`CREATE FUNCTION login_attempt_reason_days_remove() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${REMOVE} RETURN NULL; END $$`);
    await queryRunner.query(`CREATE FUNCTION login_attempt_reason_days_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${REMOVE} ${ADD} RETURN NULL; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER login_attempt_reason_days_ai AFTER INSERT ON login_attempt_reasons REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION login_attempt_reason_days_add()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER login_attempt_reason_days_ad AFTER DELETE ON login_attempt_reasons REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION login_attempt_reason_days_remove()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER login_attempt_reason_days_au AFTER UPDATE ON login_attempt_reasons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION login_attempt_reason_days_move()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['au', 'ad', 'ai']) await queryRunner.query(`DROP TRIGGER login_attempt_reason_days_${t} ON login_attempt_reasons`);
    for (const f of ['move', 'remove', 'add']) await queryRunner.query(`DROP FUNCTION login_attempt_reason_days_${f}()`);
    await queryRunner.query(`DROP TABLE "login_attempt_reason_days"`);
  }
}
