import { AGENT, createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from '../create-test-app.js';
import { orgId } from './sign-in-fixtures.js';
import { FailureReason } from '../../shared/sign-in.js';

/** Shared by the sign-in specs (test/sign-in-*.e2e-spec.ts): the reasons by short name and the e-mail the fixtures use. */
export const {
  PORTAL_CONNECTION_FAILED: CONN,
  ORGANIZATION_LEFT_SEVERA: ORG,
  ADDON_NOT_ACTIVE: ADDON,
  EMAIL_NOT_FOUND: MAIL,
  SEVERA_USER_INACTIVE: INACTIVE,
} = FailureReason;
export const EMAIL = 'pat.example@acme.test';

export interface SignInSuite {
  t: TestApp;
  agent: StaffClient;
  supervisor: StaffClient;
  orgAdmin: StaffClient;
  northwind: string;
  oldfield: string;
  brightside: string;
}

/** A fresh app (its own database with the demo data), staff of three roles signed in, and the demo organizations' ids. */
export async function startSignInSuite(): Promise<SignInSuite> {
  const t = await createTestApp();
  return {
    t,
    agent: await t.signIn(AGENT),
    supervisor: await t.signIn(SUPERVISOR),
    orgAdmin: await t.signIn(ORG_ADMIN),
    northwind: await orgId(t, 'Northwind Consulting'),
    oldfield: await orgId(t, 'Oldfield Oy'),
    brightside: await orgId(t, 'Brightside Ltd'),
  };
}

export const diagnose = (c: StaffClient, portal: string, organizationId: string, email: string) =>
  c.get(`/api/sign-in/diagnosis?portal=${portal}&organizationId=${organizationId}&email=${encodeURIComponent(email)}`);
