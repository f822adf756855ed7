/**
 * The password KDF gate over HTTP (server/src/common/kdf-gate.ts): a flood of sign-ins gets only 2xx/401 answers or a
 * fast 503 SERVER_BUSY with Retry-After (never a 500, never a hang), a refusal is not a failed attempt (nobody is
 * locked out by it), known and unknown accounts are refused alike, and the process's peak memory is not multiplied
 * by the number of sign-ins arriving together.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, DEMO_PASSWORD, nextDemoCode, recordSecret, type TestApp } from './create-test-app.js';
import { KdfGate } from '../server/src/common/kdf-gate.js';
import { ARGON2ID } from '../server/src/common/password-hash.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { makeIdentity } from './support/connect.js';

const MiB = 1024 * 1024;
/** What one argon2id run allocates (common/password-hash.ts: m=19456 KiB). */
const ARGON2_RUN = ARGON2ID.memoryCost * 1024;
const WRONG = recordSecret('Wrong-Password-9!');
// the per-route limit (20 calls a minute per address) is not what these tests are about
const ROUTE_LIMITS = 'sign-in=1000/60,connect-sign-in=1000/60';

type Answer = { status: number; body: Record<string, unknown>; headers: Record<string, string> };

/** Holds the gate's only slot until `release()`: every sign-in must then wait in the queue or be refused. */
function holdTheSlot(t: TestApp) {
  let release!: () => void;
  const held = t.app.get(KdfGate).run(() => new Promise<void>((r) => (release = r)));
  return { release: () => release(), held };
}

async function waitUntil(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 6000 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), `waited 60 s for ${what}`);
}

async function failuresOf(t: TestApp, email: string): Promise<{ counted: number; audited: number }> {
  const who = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: email });
  return { counted: who.failedSignIns, audited: await t.ds.getRepository(AuditEvent).countBy({ action: 'staff.sign-in.failed', targetId: who.id }) };
}

function assertBusy(r: Answer): void {
  assert.equal(r.status, 503);
  assert.equal(r.body.code, 'SERVER_BUSY');
  assert.equal(r.body.statusCode, 503);
  assert.equal(typeof r.body.message, 'string');
  assert.ok(Number(r.headers['retry-after']) >= 1, 'Retry-After');
}

describe('KDF gate: peak memory', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { KDF_CONCURRENCY: '1', KDF_QUEUE: '16', KDF_QUEUE_TIMEOUT_MS: '600000', RATE_LIMITS: ROUTE_LIMITS } });
  });
  after(async () => t.close());

  it('16 password checks at once with KDF_CONCURRENCY=1 raise the peak RSS by less than one argon2id run (19 MiB)', async () => {
    // maxRSS (KiB) is the process's peak so far: start-up already hashed the demo password once (one argon2id run's 19 MiB).
    const before = process.resourceUsage().maxRSS * 1024;
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => t.http.post('/api/auth/sign-in').send({ email: `ghost${i}@nowhere.test`, password: WRONG })));
    const grew = process.resourceUsage().maxRSS * 1024 - before;
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(16).fill(401),
      'every check ran (none refused)',
    );
    // Measured (4 runs each, load 9–11): +2–7 MiB gated; ungated (KDF_CONCURRENCY=16) +31–61 MiB, libuv's default pool of 4.
    assert.ok(grew < ARGON2_RUN, `peak RSS grew by ${Math.round(grew / MiB)} MiB`);
    assert.deepEqual(t.app.get(KdfGate).stats(), { active: 0, waiting: 0 });
  });
});

describe('KDF gate: a flood of sign-ins (KDF_CONCURRENCY=1, KDF_QUEUE=3)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { KDF_CONCURRENCY: '1', KDF_QUEUE: '3', KDF_QUEUE_TIMEOUT_MS: '600000', RATE_LIMITS: ROUTE_LIMITS } });
  });
  after(async () => t.close());

  it('20 staff sign-ins at once while the slot is busy: 3 wait and are answered, 17 get 503 SERVER_BUSY; refusals are not failures', async () => {
    const { release, held } = holdTheSlot(t);
    const before = await failuresOf(t, AGENT);
    // known account with a wrong password, unknown accounts and the right password, interleaved
    const sent = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? { email: AGENT, password: WRONG } : i % 3 === 1 ? { email: `ghost${i}@nowhere.test`, password: WRONG } : { email: AGENT, password: DEMO_PASSWORD }));
    const answers: (Answer | undefined)[] = Array(20);
    const all = Promise.all(sent.map((body, i) => t.http.post('/api/auth/sign-in').send(body).then((r) => (answers[i] = r as unknown as Answer))));
    await waitUntil('17 refusals', () => answers.filter(Boolean).length === 17);
    assert.deepEqual(t.app.get(KdfGate).stats(), { active: 1, waiting: 3 });
    const refused = answers.filter((r): r is Answer => !!r);
    refused.forEach(assertBusy);
    // a known and an unknown account are refused with the same answer
    assert.equal(new Set(refused.map((r) => JSON.stringify([r.body, r.headers['retry-after']]))).size, 1);
    release();
    await Promise.all([all, held]);
    const statuses = answers.map((r) => r!.status);
    assert.ok(statuses.every((s) => s === 200 || s === 401 || s === 503), statuses.join());
    assert.equal(statuses.filter((s) => s === 503).length, 17);
    const agentWrong = sent.map((b, i) => b.email === AGENT && b.password === WRONG && statuses[i] === 401).filter(Boolean).length;
    const after = await failuresOf(t, AGENT);
    assert.equal(after.counted - before.counted, agentWrong, 'only the checked wrong passwords count, not the refusals');
    assert.equal(after.audited - before.audited, agentWrong);
    // not locked: the right password and the code still sign the person in
    const ok = await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: DEMO_PASSWORD });
    assert.equal(ok.status, 200);
    const done = await t.http.post('/api/auth/sign-in/totp').send({ challenge: ok.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(done.status, 200);
    assert.deepEqual(t.app.get(KdfGate).stats(), { active: 0, waiting: 0 });
  });

  it('20 staff sign-ins at once without help: only 200/401 and 503 SERVER_BUSY, no 500; the account is not locked', async () => {
    const before = await failuresOf(t, AGENT);
    // 6 wrong passwords for the known account at most: below its 10-failure lock even if every one were checked
    const sent = Array.from({ length: 20 }, (_, i) => (i % 10 === 0 ? { email: AGENT, password: DEMO_PASSWORD } : i % 3 === 0 ? { email: AGENT, password: WRONG } : { email: `ghost${i}@nowhere.test`, password: WRONG }));
    const answers = (await Promise.all(sent.map((body) => t.http.post('/api/auth/sign-in').send(body)))) as unknown as Answer[];
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 200 || s === 401 || s === 503), statuses.join());
    assert.ok(statuses.includes(503), `20 checks at once, 1 slot and 3 places in line: some are refused (${statuses.join()})`);
    answers.filter((r) => r.status === 503).forEach(assertBusy);
    const agentWrong = sent.filter((b, i) => b.email === AGENT && b.password === WRONG && statuses[i] === 401).length;
    const after = await failuresOf(t, AGENT);
    assert.equal(after.counted - before.counted, agentWrong);
    const ok = await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: DEMO_PASSWORD });
    assert.equal(ok.status, 200, 'not locked');
  });

  it('Connect sign-in: refused with 503 SERVER_BUSY while busy, not counted; the person then signs in', async () => {
    const who = await makeIdentity(t, 'kdf.flood@northwind.test', {});
    const { release, held } = holdTheSlot(t);
    const answers: (Answer | undefined)[] = Array(8);
    const all = Promise.all(
      Array.from({ length: 8 }, (_, i) => t.http.post('/api/connect/sign-in').send({ email: i % 2 ? who.email : `ghost${i}@nowhere.test`, password: WRONG }).then((r) => (answers[i] = r as unknown as Answer))),
    );
    await waitUntil('5 refusals', () => answers.filter(Boolean).length === 5);
    answers.filter((r): r is Answer => !!r).forEach(assertBusy);
    release();
    await Promise.all([all, held]);
    const checkedWrong = answers.filter((r, i) => i % 2 === 1 && r!.status === 401).length;
    assert.deepEqual(answers.map((r) => r!.status).sort(), [401, 401, 401, 503, 503, 503, 503, 503]);
    const row = await t.ds.getRepository(Identity).findOneByOrFail({ id: who.id });
    assert.equal(row.failedSignIns, checkedWrong);
    const ok = await t.http.post('/api/connect/sign-in').send({ email: who.email, password: DEMO_PASSWORD });
    assert.equal(ok.status, 200);
  });
});
