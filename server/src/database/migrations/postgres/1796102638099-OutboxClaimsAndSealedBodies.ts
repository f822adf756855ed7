import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaimsAndSealedBodies1796102638099 implements MigrationInterface {
  name = 'OutboxClaimsAndSealedBodies1796102638099';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "bodyEnc" text`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "nextAttemptAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "claimedAt" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "claimedAt"`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "nextAttemptAt"`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "bodyEnc"`);
  }
}
