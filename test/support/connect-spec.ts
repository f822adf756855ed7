import { createTestApp, recordSecret, AGENT, type StaffClient, type TestApp } from '../create-test-app.js';
import { independentTotp } from './connect.js';
import { Identity } from '../../server/src/identities/identity.entity.js';

/** Shared setup of the Connect specs (connect*.e2e-spec.ts). */
export const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

/** A fresh app without the per-address limits (the 50-request races would hit them; test/rate-limits.e2e-spec.ts covers them), the agent signed in. */
export async function startConnectApp(): Promise<{ t: TestApp; agent: StaffClient }> {
  // KDF_QUEUE*: the race tests sign 50 people in at once to set up; past the default queue (2 + 32) they would get 503 SERVER_BUSY.
  const t = await createTestApp({ env: { RATE_LIMITS: 'one-time-code=0,connect-sign-in=0', KDF_QUEUE: '64', KDF_QUEUE_TIMEOUT_MS: '300000' } });
  return { t, agent: await t.signIn(AGENT) };
}

/** Helpers over the app `current()` returns: unique addresses, an identity's row, the next authenticator code. */
export function connectHelpers(current: () => TestApp) {
  let n = 0;
  const email = (tag: string) => `${tag}.${++n}@northwind.test`;
  const identityRow = (id: string) => current().ds.getRepository(Identity).findOneByOrFail({ id });
  const nextCode = (secret: string) => {
    const t = current();
    t.clock.advanceSeconds(30);
    return independentTotp(secret, t.clock.nowMs());
  };
  return { email, identityRow, nextCode };
}
