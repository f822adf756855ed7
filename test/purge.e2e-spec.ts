/**
 * The scheduled purge (PurgeService + each domain's <domain>.purge.ts): every kind of row goes only once it is
 * past its retention period, on the injected clock, and a failing task is logged without stopping the others or
 * escaping the timer. Retention periods here are the configured ones (RETENTION), not the defaults.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { In } from 'typeorm';
import { createTestApp, type TestApp } from './create-test-app.js';
import { PurgeService } from '../server/src/common/purge.service.js';
import { AuthChallenge, Session } from '../server/src/staff-auth/session.entity.js';
import { RateLimitCounter } from '../server/src/common/rate-limit-counter.entity.js';
import { HandoffNonce, ConnectionRejection } from '../server/src/portals/portal.entity.js';
import { DeviceNonce } from '../server/src/connect/authenticator.entity.js';
import { IdentityToken } from '../server/src/identities/identity.entity.js';
import { SeveraSession } from '../server/src/sign-in/login-attempt.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { newId } from '../server/src/database/db.service.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('scheduled purge', () => {
  let t: TestApp;
  let purge: PurgeService;
  /** "now" of the purge run: every row below is placed relative to it. */
  let now: number;
  const at = (offsetMs: number) => new Date(now + offsetMs);

  before(async () => {
    t = await createTestApp({
      demo: false,
      env: { RETENTION: 'sessions=2d,challenges=3h,rate-limits=90m,nonces=2h,link-tokens=10d,outbox-bodies=30d', SESSION_IDLE_MINUTES: '30', PURGE_INTERVAL_MINUTES: '1' },
    });
    purge = t.app.get(PurgeService);
    now = t.clock.nowMs();
  });
  after(() => t?.close());

  it('every domain registers its task with the platform', () => {
    assert.deepEqual([...purge.taskNames].sort(), ['connect', 'identities', 'notifications', 'rate-limits', 'sign-in', 'staff-auth']);
    assert.equal(t.config.purgeIntervalMinutes, 1);
  });

  it('sessions go once ended (revoked, idle, past their lifetime) longer than the retention; challenges once expired longer', async () => {
    const session = (id: string, p: Partial<Session>) =>
      Object.assign(new Session(), { id, kind: 'staff', identityId: newId(), createdAt: at(-10 * DAY), lastSeenAt: at(-1 * MIN), absoluteExpiresAt: at(10 * HOUR), steppedUpAt: null, revokedAt: null, ip: null, data: null }, p);
    await t.ds.getRepository(Session).insert([
      session('s-live', {}),
      session('s-revoked-old', { revokedAt: at(-2 * DAY - MIN) }),
      session('s-revoked-recent', { revokedAt: at(-2 * DAY + MIN) }),
      // idle since 2 days 31 minutes: idle for 30 minutes ended it 2 days 1 minute ago
      session('s-idle-old', { lastSeenAt: at(-2 * DAY - 31 * MIN) }),
      session('s-idle-recent', { lastSeenAt: at(-2 * DAY - 29 * MIN) }),
      session('s-lifetime-old', { absoluteExpiresAt: at(-2 * DAY - MIN) }),
      session('s-lifetime-recent', { absoluteExpiresAt: at(-2 * DAY + MIN), kind: 'connect' }),
    ]);
    const challenge = (id: string, expiresAt: Date, usedAt: Date | null = null) =>
      Object.assign(new AuthChallenge(), { id, kind: 'staff', identityId: newId(), stage: 'password-ok', data: null, createdAt: at(-DAY), expiresAt, usedAt, failures: 0 });
    await t.ds.getRepository(AuthChallenge).insert([challenge('c-live', at(5 * MIN)), challenge('c-old', at(-3 * HOUR - MIN)), challenge('c-recent', at(-3 * HOUR + MIN), at(-4 * HOUR))]);

    const result = await purge.runAll();
    assert.deepEqual(result.failed, []);
    assert.equal(result.removed['staff-auth'].sessions, 3);
    assert.equal(result.removed['staff-auth'].challenges, 1);
    const sessions = (await t.ds.getRepository(Session).find()).map((s) => s.id).sort();
    assert.deepEqual(sessions, ['s-idle-recent', 's-lifetime-recent', 's-live', 's-revoked-recent']);
    const challenges = (await t.ds.getRepository(AuthChallenge).find()).map((c) => c.id).sort();
    assert.deepEqual(challenges, ['c-live', 'c-recent']);
  });

  it('rate-limit counters go once their window ended longer than the retention', async () => {
    const counter = (key: string, expiresAt: Date) => ({ key, count: 3, windowStart: at(-DAY), expiresAt });
    await t.ds.getRepository(RateLimitCounter).insert([counter('rl-live', at(MIN)), counter('rl-old', at(-90 * MIN - 1000)), counter('rl-recent', at(-89 * MIN))]);
    const result = await purge.runAll();
    assert.equal(result.removed['rate-limits'].counters, 1);
    const keys = (await t.ds.getRepository(RateLimitCounter).findBy({ key: In(['rl-live', 'rl-old', 'rl-recent']) })).map((r) => r.key).sort();
    assert.deepEqual(keys, ['rl-live', 'rl-recent']);
  });

  it('a backlog bigger than one batch goes entirely, batch by batch', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => ({ key: `rl-backlog-${i}`, count: 1, windowStart: at(-DAY), expiresAt: at(-DAY) }));
    for (let i = 0; i < many.length; i += 300) await t.ds.getRepository(RateLimitCounter).insert(many.slice(i, i + 300));
    const result = await purge.runAll();
    assert.equal(result.removed['rate-limits'].counters, 2100);
    assert.equal(await t.ds.getRepository(RateLimitCounter).countBy({ key: In(many.map((r) => r.key)) }), 0);

    const sent = Array.from({ length: 1100 }, () => ({
      id: newId(), channel: 'email', kind: 'test.backlog', recipient: 'someone@example.test', subject: 'backlog', body: 'old text', bodyEnc: null, status: 'sent',
      organizationId: null, identityId: null, ticketId: null, attempts: 1, lastError: null, nextAttemptAt: null, claimedAt: null, createdAt: at(-100 * DAY), sentAt: at(-100 * DAY),
    }));
    for (let i = 0; i < sent.length; i += 200) await t.ds.getRepository(OutboxMessage).insert(sent.slice(i, i + 200));
    assert.equal((await purge.runAll()).removed.notifications.outboxBodies, 1100);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ kind: 'test.backlog', body: 'old text' }), 0);
  });

  it('used nonces (hand-off and device) go after the retention; Severa sessions and old rejection counts too', async () => {
    await t.ds.getRepository(HandoffNonce).insert([
      { key: 'h-old', createdAt: at(-2 * HOUR - MIN) },
      { key: 'h-recent', createdAt: at(-2 * HOUR + MIN) },
    ]);
    await t.ds.getRepository(DeviceNonce).insert([
      { key: 'd-old', createdAt: at(-2 * HOUR - MIN) },
      { key: 'd-recent', createdAt: at(-MIN) },
    ]);
    await t.ds.getRepository(SeveraSession).insert([
      { id: 'sev-old', severaUserId: newId(), portalId: 'myvisma', createdAt: at(-3 * DAY), expiresAt: at(-2 * DAY - MIN) },
      { id: 'sev-recent', severaUserId: newId(), portalId: 'myvisma', createdAt: at(-3 * DAY), expiresAt: at(-2 * DAY + MIN) },
    ]);
    const connectionId = newId();
    await t.ds.getRepository(ConnectionRejection).insert([
      { connectionId, bucket: at(-26 * HOUR), kind: 'bad-signature', count: 4 },
      { connectionId, bucket: at(-10 * MIN), kind: 'bad-signature', count: 2 },
    ]);
    const result = await purge.runAll();
    assert.deepEqual(result.removed['sign-in'], { nonces: 1, severaSessions: 1, rejections: 1 });
    assert.deepEqual(result.removed.connect, { deviceNonces: 1 });
    assert.deepEqual((await t.ds.getRepository(HandoffNonce).find()).map((r) => r.key), ['h-recent']);
    assert.deepEqual((await t.ds.getRepository(DeviceNonce).find()).map((r) => r.key), ['d-recent']);
    assert.deepEqual((await t.ds.getRepository(SeveraSession).find()).map((r) => r.id), ['sev-recent']);
    assert.equal((await t.ds.getRepository(ConnectionRejection).findBy({ connectionId })).length, 1);
  });

  it('link tokens go once expired or used longer than the retention', async () => {
    const token = (id: string, expiresAt: Date, usedAt: Date | null = null) => ({ id, identityId: newId(), purpose: 'activation', tokenHash: id.padEnd(64, '0'), expiresAt, usedAt, createdAt: at(-20 * DAY) });
    const ids = { live: newId(), expiredOld: newId(), expiredRecent: newId(), usedOld: newId(), usedRecent: newId() };
    await t.ds.getRepository(IdentityToken).insert([
      token(ids.live, at(HOUR)),
      token(ids.expiredOld, at(-10 * DAY - MIN)),
      token(ids.expiredRecent, at(-10 * DAY + MIN)),
      token(ids.usedOld, at(HOUR), at(-10 * DAY - MIN)),
      token(ids.usedRecent, at(HOUR), at(-9 * DAY)),
    ]);
    const result = await purge.runAll();
    assert.equal(result.removed.identities.linkTokens, 2);
    const left = (await t.ds.getRepository(IdentityToken).find()).map((r) => r.id).sort();
    assert.deepEqual(left, [ids.live, ids.expiredRecent, ids.usedRecent].sort());
  });

  it('sent outbox bodies are emptied after the retention; unsent, failed and recent ones keep theirs', async () => {
    const message = (status: string, sentAt: Date | null, createdAt = at(-60 * DAY)) =>
      Object.assign(new OutboxMessage(), {
        id: newId(), channel: 'email', kind: 'test.purge', recipient: 'someone@example.test', subject: `purge ${status}`, body: `Body of a ${status} message`,
        bodyEnc: null, status, organizationId: null, identityId: null, ticketId: null, attempts: 1, lastError: null, nextAttemptAt: null, claimedAt: null, createdAt, sentAt,
      });
    const rows = {
      sentOld: message('sent', at(-30 * DAY - MIN)),
      sentRecent: message('sent', at(-29 * DAY)),
      failedOld: message('failed', null),
      heldOld: message('held', null),
    };
    const bodies = new Map(Object.values(rows).map((r) => [r.id, r.body]));
    // Copies: TypeORM writes values it reads back into the objects it inserted (and may mix them up in a batch).
    await t.ds.getRepository(OutboxMessage).insert(Object.values(rows).map((r) => ({ ...r })));
    const result = await purge.runAll();
    assert.equal(result.removed.notifications.outboxBodies, 1);
    const after = new Map((await t.ds.getRepository(OutboxMessage).findBy({ kind: 'test.purge' })).map((r) => [r.id, r]));
    assert.equal(after.size, 4, 'the rows stay');
    assert.equal(after.get(rows.sentOld.id)!.body, '');
    assert.equal(after.get(rows.sentOld.id)!.status, 'sent');
    for (const r of [rows.sentRecent, rows.failedOld, rows.heldOld]) assert.equal(after.get(r.id)!.body, bodies.get(r.id));
    // A second run finds nothing more to do.
    assert.equal((await purge.runAll()).removed.notifications.outboxBodies, 0);
  });

  it('moving the clock on purges what was kept before', async () => {
    t.clock.advance(3 * DAY);
    const result = await purge.runAll();
    assert.deepEqual(result.failed, []);
    const sessions = (await t.ds.getRepository(Session).find()).map((s) => s.id).sort();
    // s-live went idle 3 days ago; only nothing of the earlier rows is within the retention any more
    assert.deepEqual(sessions, []);
    assert.deepEqual((await t.ds.getRepository(HandoffNonce).find()).map((r) => r.key), []);
  });

  it('a failing task is logged and the others still run; the timer never throws', async () => {
    let otherRan = 0;
    purge.register({ name: 'test-failing', purge: () => Promise.reject(new Error('database went away')) });
    purge.register({ name: 'test-after', purge: () => Promise.resolve({ things: ++otherRan }) });
    const result = await purge.runAll();
    assert.deepEqual(result.failed, ['test-failing']);
    assert.deepEqual(result.removed['test-after'], { things: 1 });
    // The timer's path: no unhandled rejection (the test runner would report it) and a run still completes after.
    let unhandled: unknown = null;
    const onUnhandled = (e: unknown) => (unhandled = e);
    process.on('unhandledRejection', onUnhandled);
    try {
      (purge as unknown as { tick(): void }).tick();
      await purge.runAll();
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.equal(unhandled, null);
    assert.ok(otherRan >= 2);
    assert.throws(() => purge.register({ name: 'test-after', purge: () => Promise.resolve({}) }), /registered twice/);
  });
});
