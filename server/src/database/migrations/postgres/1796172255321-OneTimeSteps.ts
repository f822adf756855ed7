import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OneTimeSteps1796172255321 implements MigrationInterface {
  name = 'OneTimeSteps1796172255321';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "one_time_steps" ("name" character varying(100) NOT NULL, "doneAt" TIMESTAMP WITH TIME ZONE NOT NULL, "changed" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_e4fc1fd744d81e37c6ec5a2f92f" PRIMARY KEY ("name"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "one_time_steps"`);
  }
}
