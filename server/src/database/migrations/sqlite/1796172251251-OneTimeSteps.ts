import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OneTimeSteps1796172251251 implements MigrationInterface {
  name = 'OneTimeSteps1796172251251';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "one_time_steps" ("name" varchar(100) PRIMARY KEY NOT NULL, "doneAt" datetime NOT NULL, "changed" integer NOT NULL DEFAULT (0))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "one_time_steps"`);
  }
}
