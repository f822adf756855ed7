import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Passkeys1796102466709 implements MigrationInterface {
  name = 'Passkeys1796102466709';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" RENAME COLUMN "passkeys" TO "defaultSecondFactor"`);
    await queryRunner.query(`CREATE TABLE "webauthn_credentials" ("id" character varying(36) NOT NULL, "identityId" character varying(36) NOT NULL, "credentialId" character varying(1400) NOT NULL, "publicKey" text NOT NULL, "counter" bigint NOT NULL DEFAULT '0', "transports" text NOT NULL DEFAULT '[]', "kind" character varying(20) NOT NULL, "deviceType" character varying(20) NOT NULL, "backedUp" boolean NOT NULL DEFAULT false, "aaguid" character varying(36), "name" character varying(100) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "lastUsedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f5a100358f652926a5abae5e431" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_webauthn_credentials_credential" ON "webauthn_credentials"  ("credentialId") `);
    await queryRunner.query(`CREATE INDEX "IDX_webauthn_credentials_identity" ON "webauthn_credentials"  ("identityId") `);
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "defaultSecondFactor"`);
    await queryRunner.query(`ALTER TABLE "identities" ADD "defaultSecondFactor" character varying(20)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "defaultSecondFactor"`);
    await queryRunner.query(`ALTER TABLE "identities" ADD "defaultSecondFactor" text NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webauthn_credentials_identity"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_webauthn_credentials_credential"`);
    await queryRunner.query(`DROP TABLE "webauthn_credentials"`);
    await queryRunner.query(`ALTER TABLE "identities" RENAME COLUMN "defaultSecondFactor" TO "passkeys"`);
  }
}
