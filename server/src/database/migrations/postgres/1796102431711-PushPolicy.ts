import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PushPolicy1796102431711 implements MigrationInterface {
  name = 'PushPolicy1796102431711';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "authenticator_devices" ("id" character varying(36) NOT NULL, "identityId" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "publicKeyJwk" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "lastUsedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8baab76969bb47226c119b3ed6d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_authenticator_devices_identity" ON "authenticator_devices"  ("identityId") `);
    await queryRunner.query(`CREATE TABLE "push_requests" ("id" character varying(36) NOT NULL, "identityId" character varying(36) NOT NULL, "challengeId" character varying(64) NOT NULL, "number" integer NOT NULL, "choices" text NOT NULL, "status" character varying(12) NOT NULL, "reason" character varying(20), "ip" character varying(64), "browser" character varying(200), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "answeredAt" TIMESTAMP WITH TIME ZONE, "deviceId" character varying(36), CONSTRAINT "PK_7349b23ef75ce851c0eecde6379" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_push_requests_challenge" ON "push_requests"  ("challengeId") `);
    await queryRunner.query(`CREATE INDEX "IDX_push_requests_identity_created" ON "push_requests"  ("identityId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "device_nonces" ("key" character varying(200) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0fc3df2ed9cdd62632699f9b774" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_device_nonces_created" ON "device_nonces"  ("createdAt") `);
    await queryRunner.query(`ALTER TABLE "identities" ADD "lastSecondFactorAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "twoFactorPolicy" character varying(20) NOT NULL DEFAULT 'required'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "twoFactorPolicy"`);
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "lastSecondFactorAt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_device_nonces_created"`);
    await queryRunner.query(`DROP TABLE "device_nonces"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_push_requests_identity_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_push_requests_challenge"`);
    await queryRunner.query(`DROP TABLE "push_requests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_authenticator_devices_identity"`);
    await queryRunner.query(`DROP TABLE "authenticator_devices"`);
  }
}
