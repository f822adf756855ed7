import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PushPolicy1796102421047 implements MigrationInterface {
  name = 'PushPolicy1796102421047';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "authenticator_devices" ("id" varchar(36) PRIMARY KEY NOT NULL, "identityId" varchar(36) NOT NULL, "name" varchar(100) NOT NULL, "publicKeyJwk" text NOT NULL, "createdAt" datetime NOT NULL, "lastUsedAt" datetime)`);
    await queryRunner.query(`CREATE INDEX "IDX_authenticator_devices_identity" ON "authenticator_devices" ("identityId") `);
    await queryRunner.query(`CREATE TABLE "push_requests" ("id" varchar(36) PRIMARY KEY NOT NULL, "identityId" varchar(36) NOT NULL, "challengeId" varchar(64) NOT NULL, "number" integer NOT NULL, "choices" text NOT NULL, "status" varchar(12) NOT NULL, "reason" varchar(20), "ip" varchar(64), "browser" varchar(200), "createdAt" datetime NOT NULL, "expiresAt" datetime NOT NULL, "answeredAt" datetime, "deviceId" varchar(36))`);
    await queryRunner.query(`CREATE INDEX "IDX_push_requests_challenge" ON "push_requests" ("challengeId") `);
    await queryRunner.query(`CREATE INDEX "IDX_push_requests_identity_created" ON "push_requests" ("identityId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "device_nonces" ("key" varchar(200) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_device_nonces_created" ON "device_nonces" ("createdAt") `);
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`CREATE TABLE "temporary_identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "passkeys" text NOT NULL DEFAULT ('[]'), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL, "lastSecondFactorAt" datetime)`);
    await queryRunner.query(`INSERT INTO "temporary_identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "identities"`);
    await queryRunner.query(`DROP TABLE "identities"`);
    await queryRunner.query(`ALTER TABLE "temporary_identities" RENAME TO "identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`CREATE TABLE "temporary_organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL, "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'))`);
    await queryRunner.query(`INSERT INTO "temporary_organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt" FROM "organizations"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`ALTER TABLE "temporary_organizations" RENAME TO "organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`ALTER TABLE "organizations" RENAME TO "temporary_organizations"`);
    await queryRunner.query(`CREATE TABLE "organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt" FROM "temporary_organizations"`);
    await queryRunner.query(`DROP TABLE "temporary_organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`ALTER TABLE "identities" RENAME TO "temporary_identities"`);
    await queryRunner.query(`CREATE TABLE "identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "passkeys" text NOT NULL DEFAULT ('[]'), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "temporary_identities"`);
    await queryRunner.query(`DROP TABLE "temporary_identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
    await queryRunner.query(`DROP INDEX "IDX_device_nonces_created"`);
    await queryRunner.query(`DROP TABLE "device_nonces"`);
    await queryRunner.query(`DROP INDEX "IDX_push_requests_identity_created"`);
    await queryRunner.query(`DROP INDEX "IDX_push_requests_challenge"`);
    await queryRunner.query(`DROP TABLE "push_requests"`);
    await queryRunner.query(`DROP INDEX "IDX_authenticator_devices_identity"`);
    await queryRunner.query(`DROP TABLE "authenticator_devices"`);
  }
}
