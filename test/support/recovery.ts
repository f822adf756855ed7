import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from '../create-test-app.js';
import { RateLimitService } from '../../server/src/common/rate-limit.service.js';

/** Shared setup of the recovery-code specs (recovery*.e2e-spec.ts). */
export const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
export const TWO_CHECKS = [
  // Erik's phone was stolen: checks on the phone on record would not count
  { check: 'org-admin-confirmation', passed: true, note: 'Nora (org admin) confirmed by her known number' },
  { check: 'knowledge-question', passed: true },
];

export interface DeskStaff {
  agent: StaffClient;
  supervisor: StaffClient;
  lead: StaffClient;
  admin: StaffClient;
}

/** The four demo staff members, signed in. */
export async function signInStaff(t: TestApp): Promise<DeskStaff> {
  return { agent: await t.signIn(AGENT), supervisor: await t.signIn(SUPERVISOR), lead: await t.signIn(LEAD), admin: await t.signIn(ORG_ADMIN) };
}

/** A fresh app with the demo data, its staff signed in, and Erik's, Anna's and Carla's identity ids (`people.erik` …). */
export async function startRecoveryApp(): Promise<{ t: TestApp; staff: DeskStaff; people: Record<string, string> }> {
  const t = await createTestApp();
  const staff = await signInStaff(t);
  const helpers = recoveryHelpers(() => ({ t, agent: staff.agent }), []);
  const people: Record<string, string> = {};
  for (const e of ['erik.nurmi@northwind.test', 'anna.virtanen@northwind.test', 'carla.berg@northwind.test']) people[e.split('.')[0]] = await helpers.identityId(e);
  return { t, staff, people };
}

/**
 * Helpers over the current app and agent (read through `current`, since specs sign in again when time passes);
 * every code the API hands out is pushed to `issued`.
 */
export function recoveryHelpers(current: () => { t: TestApp; agent: StaffClient }, issued: string[]) {
  const sql = (q: string) => (current().t.db.isPostgres ? q : q.replace(/\$(\d+)/g, '?'));
  const identityId = async (email: string) => (await current().t.ds.query(sql('SELECT id FROM identities WHERE "emailNormalized" = $1'), [email]))[0].id as string;
  const codeRow = async (id: string) => (await current().t.ds.query(sql('SELECT * FROM recovery_codes WHERE id = $1'), [id]))[0];

  /** A ticket about `identity`, opened by the agent and verified with two passing checks by `verifier`. */
  async function verifiedTicket(identity: string, verifier: StaffClient = current().agent): Promise<{ id: string; number: number }> {
    const r = await current().agent.post('/api/tickets', { identityId: identity, channel: 'phone', description: 'Lost phone' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const v = await verifier.post(`/api/tickets/${r.body.id}/verification`, { checks: TWO_CHECKS });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    assert.equal(v.body.ticketStatus, 'verified');
    return { id: r.body.id, number: r.body.number };
  }

  /** Like the console: steps up when the server asks for it (step-up lasts five minutes), then retries once. */
  async function issue(c: StaffClient, body: Record<string, unknown>) {
    let r = await c.post('/api/recovery-codes', body);
    if (r.status === 401 && r.body.code === 'STEP_UP_REQUIRED') {
      await c.stepUp();
      r = await c.post('/api/recovery-codes', body);
    }
    if (r.status === 201) issued.push(r.body.code);
    return r;
  }

  const resetRate = (c: StaffClient) => current().t.app.get(RateLimitService).reset(`recovery-codes-agent:${c.user.id}`);
  return { sql, identityId, codeRow, verifiedTicket, issue, resetRate };
}
