import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { rng } from './seeded-random.js';
import { LoginAttempt, LoginAttemptReason } from '../server/src/sign-in/login-attempt.entity.js';
import { ReasonDayCounts1796400000000 } from '../server/src/database/migrations/sqlite/1796400000000-ReasonDayCounts.js';
import { ReasonDayCounts1796400000001 } from '../server/src/database/migrations/postgres/1796400000001-ReasonDayCounts.js';

/**
 * "Attempts failing for reason X" with the reason alone starts its walk at the page's day, skipping the days before
 * it by their counts (login_attempt_reason_days, kept by triggers). Every page must be the page the plain walk gives
 * (ORDER BY createdAt, attemptId with OFFSET over login_attempt_reasons), after inserts one by one and in bulk,
 * deletes, updates of the time and of the reason, and concurrent writers; the counts must equal a GROUP BY.
 */


const REASONS = ['EMAIL_NOT_FOUND', 'ADDON_NOT_ACTIVE', 'SEVERA_USER_INACTIVE'] as const;
const DAY = 86_400_000;
const D0 = Date.parse('2026-10-01T00:00:00Z');

describe('attempts by reason: day counts and pages', () => {
  let t: TestApp;
  let sup: StaffClient;
  const attemptIds: string[] = [];

  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
    const r = rng(42);
    // Times on day boundaries (the last and first millisecond of a day), in the middle of days, and shared by several
    // attempts (ties are ordered by the attempt id).
    const times: number[] = [];
    for (let d = 0; d < 6; d++) times.push(D0 + d * DAY, D0 + d * DAY + 1, D0 + (d + 1) * DAY - 1, D0 + d * DAY + 43_200_000);
    const attempts: Partial<LoginAttempt>[] = [];
    const reasons: Partial<LoginAttemptReason>[] = [];
    for (let i = 0; i < 480; i++) {
      const id = randomUUID();
      attemptIds.push(id);
      const createdAt = new Date(r() < 0.5 ? times[Math.floor(r() * times.length)] : D0 + Math.floor(r() * 6 * DAY));
      const mine = REASONS.filter(() => r() < 0.5);
      if (!mine.length) mine.push(REASONS[i % 3]);
      attempts.push({ id, portalId: 'myvisma', organizationId: null, email: `p${i}@example.test`, result: 'failure', reasons: [...mine], detail: null, requestId: null, createdAt });
      for (const reason of mine) reasons.push({ attemptId: id, reason, createdAt });
    }
    await t.ds.getRepository(LoginAttempt).insert(attempts);
    // Half in multi-row statements, half one row per statement.
    const half = Math.floor(reasons.length / 2);
    for (let i = 0; i < half; i += 50) await t.ds.getRepository(LoginAttemptReason).insert(reasons.slice(i, Math.min(i + 50, half)));
    for (const row of reasons.slice(half)) await t.ds.getRepository(LoginAttemptReason).insert(row);
  });
  after(async () => t.close());

  const dayOf = (v: unknown) => (v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (String(v).match(/Z|[+-]\d\d(:?\d\d)?$/) ? '' : 'Z'))).toISOString().slice(0, 10);

  /** The counts table by reason and day (shards summed) next to a GROUP BY of the rows themselves. */
  async function counts(): Promise<{ stored: Record<string, number>; actual: Record<string, number> }> {
    const stored: Record<string, number> = {};
    for (const row of await t.ds.query(`SELECT reason, day, SUM(count) AS n FROM login_attempt_reason_days GROUP BY reason, day`)) {
      if (Number(row.n) !== 0) stored[`${row.reason}/${row.day}`] = Number(row.n);
    }
    const actual: Record<string, number> = {};
    for (const row of await t.ds.query(`SELECT reason, "createdAt" FROM login_attempt_reasons`)) {
      const k = `${row.reason}/${dayOf(row.createdAt)}`;
      actual[k] = (actual[k] ?? 0) + 1;
    }
    return { stored, actual };
  }

  /** The plain walk: the reason's index entries in the list's order, OFFSET and LIMIT, no counts involved. */
  async function walk(reason: string, order: 'ASC' | 'DESC', offset: number, limit: number): Promise<string[]> {
    const p = t.db.isPostgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    const rows = await t.ds.query(
      `SELECT "attemptId" AS id FROM login_attempt_reasons WHERE reason = ${p[0]} ORDER BY "createdAt" ${order}, "attemptId" ${order} LIMIT ${p[1]} OFFSET ${p[2]}`,
      [reason, limit, offset],
    );
    return rows.map((x: { id: string }) => x.id);
  }

  async function total(reason: string): Promise<number> {
    const [row] = await t.ds.query(`SELECT COUNT(*) AS n FROM login_attempt_reasons WHERE reason = ${t.db.isPostgres ? '$1' : '?'}`, [reason]);
    return Number(row.n);
  }

  /** Every page of every reason in both orders, at offsets on and around each day's first and last entry. */
  async function assertPagesEqualTheWalk(label: string): Promise<number> {
    let checked = 0;
    for (const reason of REASONS) {
      const n = await total(reason);
      const byDay = (await t.ds.query(`SELECT "createdAt" FROM login_attempt_reasons WHERE reason = ${t.db.isPostgres ? '$1' : '?'}`, [reason])).map((x: { createdAt: unknown }) =>
        dayOf(x.createdAt),
      );
      for (const order of ['DESC', 'ASC'] as const) {
        // Offsets where a day starts in this order, ±1, and the ends of the list.
        const days = [...new Set<string>(byDay)].sort();
        if (order === 'DESC') days.reverse();
        const offsets = new Set([0, 1, n - 1, n, n + 3]);
        let before = 0;
        for (const d of days) {
          for (const o of [before - 1, before, before + 1]) if (o >= 0) offsets.add(o);
          before += byDay.filter((x: string) => x === d).length;
        }
        for (const offset of [...offsets].sort((a, b) => a - b)) {
          for (const limit of [1, 7]) {
            const filter = encodeURIComponent(JSON.stringify({ reason }));
            const res = await sup.get(`/api/login-attempts?filter=${filter}&range=[${offset},${offset + limit - 1}]&sort=["createdAt","${order}"]`);
            assert.equal(res.status, 200, `${label} ${reason} ${order} @${offset}`);
            const want = await walk(reason, order, offset, limit);
            assert.deepEqual(
              res.body.map((a: { id: string }) => a.id),
              want,
              `${label}: ${reason} ${order} offset ${offset} limit ${limit}`,
            );
            assert.match(res.headers['content-range'], new RegExp(`/${n}$`), `${label}: total of ${reason}`);
            checked++;
          }
        }
        // The same page through the general path (a date filter that keeps every row): the same answer.
        const filter = encodeURIComponent(JSON.stringify({ reason, createdAt_gte: '2000-01-01T00:00:00.000Z' }));
        const mid = Math.floor(n / 2);
        const general = await sup.get(`/api/login-attempts?filter=${filter}&range=[${mid},${mid + 9}]&sort=["createdAt","${order}"]`);
        assert.deepEqual(general.body.map((a: { id: string }) => a.id), await walk(reason, order, mid, 10), `${label}: general path`);
      }
    }
    return checked;
  }

  it('the counts equal the rows, and every page equals the plain walk (inserts one by one and in bulk)', async () => {
    const { stored, actual } = await counts();
    assert.deepEqual(stored, actual);
    assert.ok(Object.keys(actual).length >= 18, 'six days of three reasons');
    assert.ok((await assertPagesEqualTheWalk('after inserts')) > 200);
  });

  it('deletes, a time moved to another day and a reason changed keep the counts and pages exact', async () => {
    const repo = t.ds.getRepository(LoginAttemptReason);
    // Deleted: a multi-row delete and single ones.
    await repo.delete({ attemptId: attemptIds[0] });
    for (const id of attemptIds.slice(1, 40)) await repo.delete({ attemptId: id });
    await t.ds.query(`DELETE FROM login_attempt_reasons WHERE "attemptId" IN (${attemptIds.slice(40, 80).map((id) => `'${id}'`).join(',')})`);
    // Moved across day boundaries (one statement for many rows, then single rows).
    await t.ds.query(
      `UPDATE login_attempt_reasons SET "createdAt" = ${t.db.isPostgres ? `"createdAt" + interval '1 day'` : `strftime('%Y-%m-%d %H:%M:%f', "createdAt", '+1 day')`} WHERE "attemptId" IN (${attemptIds
        .slice(80, 120)
        .map((id) => `'${id}'`)
        .join(',')})`,
    );
    for (const id of attemptIds.slice(120, 130)) await repo.update({ attemptId: id }, { createdAt: new Date(D0 - DAY + 1) });
    // A reason changed where the attempt does not have the new one.
    let changed = 0;
    for (const id of attemptIds.slice(130, 200)) {
      const mine = (await repo.findBy({ attemptId: id })).map((x) => x.reason);
      const to = REASONS.find((x) => !mine.includes(x));
      if (to) {
        await repo.update({ attemptId: id, reason: mine[0] }, { reason: to });
        changed++;
      }
    }
    assert.ok(changed > 10);
    const { stored, actual } = await counts();
    assert.deepEqual(stored, actual);
    await assertPagesEqualTheWalk('after deletes and updates');
  });

  it('concurrent hand-off-like writers of the same reasons and day each count (PostgreSQL: transactions on their own connections)', async () => {
    const before = (await counts()).actual;
    const at = new Date(D0 + 2 * DAY + 5000);
    // As a hand-off records an attempt: one attempt per transaction, its reasons one statement each, in the rules
    // engine's order (so any two transactions take the count rows' locks in the same order).
    const r = rng(7);
    const added: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: 60 }, () => {
        const mine = REASONS.filter(() => r() < 0.6);
        if (!mine.length) mine.push('EMAIL_NOT_FOUND');
        for (const reason of mine) added[reason] = (added[reason] ?? 0) + 1;
        return t.db.tx(async (m) => {
          const id = randomUUID();
          await m.getRepository(LoginAttempt).insert({ id, portalId: 'myvisma', organizationId: null, email: 'c@example.test', result: 'failure', reasons: mine, detail: null, requestId: null, createdAt: at });
          for (const reason of mine) await m.getRepository(LoginAttemptReason).insert({ attemptId: id, reason, createdAt: at });
        });
      }),
    );
    const { stored, actual } = await counts();
    assert.deepEqual(stored, actual);
    for (const reason of REASONS) {
      const k = `${reason}/${at.toISOString().slice(0, 10)}`;
      assert.equal(actual[k], (before[k] ?? 0) + (added[reason] ?? 0), k);
    }
    // A rolled-back transaction leaves the counts as they were.
    await assert.rejects(
      t.db.tx(async (m) => {
        await m.getRepository(LoginAttemptReason).insert({ attemptId: attemptIds[300], reason: 'PORTAL_CONNECTION_FAILED', createdAt: at });
        throw new Error('rolled back');
      }),
    );
    assert.deepEqual((await counts()).stored, actual);
  });

  it('the migration fills the counts from the rows already there', async () => {
    const qr = t.ds.createQueryRunner();
    try {
      const migration = t.db.isPostgres ? new ReasonDayCounts1796400000001() : new ReasonDayCounts1796400000000();
      await migration.down(qr);
      await migration.up(qr);
    } finally {
      await qr.release();
    }
    const { stored, actual } = await counts();
    assert.deepEqual(stored, actual);
    await assertPagesEqualTheWalk('after the migration ran again');
  });

  it('a scoped caller and other filters still get their own pages (the general path)', async () => {
    const filter = encodeURIComponent(JSON.stringify({ reason: 'EMAIL_NOT_FOUND', portalId: 'myvisma' }));
    const res = await sup.get(`/api/login-attempts?filter=${filter}&range=[5,9]&sort=["createdAt","DESC"]`);
    assert.equal(res.status, 200);
    const p = t.db.isPostgres ? ['$1'] : ['?'];
    const want = await t.ds.query(
      `SELECT r."attemptId" AS id FROM login_attempt_reasons r JOIN login_attempts a ON a.id = r."attemptId" WHERE r.reason = ${p[0]} AND a."portalId" = 'myvisma' ORDER BY r."createdAt" DESC, r."attemptId" DESC LIMIT 5 OFFSET 5`,
      ['EMAIL_NOT_FOUND'],
    );
    assert.deepEqual(res.body.map((a: { id: string }) => a.id), want.map((x: { id: string }) => x.id));
    assert.equal(want.length, 5);

    // An organization's admin: the reason alone, but only their organizations' attempts.
    const admin = await t.signIn(ORG_ADMIN);
    const [org] = admin.user.organizationIds;
    const at = new Date(D0 + DAY);
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      await t.ds.getRepository(LoginAttempt).insert({ id, portalId: 'myvisma', organizationId: org, email: `o${i}@example.test`, result: 'failure', reasons: ['EMAIL_NOT_FOUND'], detail: null, requestId: null, createdAt: at });
      await t.ds.getRepository(LoginAttemptReason).insert({ attemptId: id, reason: 'EMAIL_NOT_FOUND', createdAt: at });
    }
    const mine = await admin.get(`/api/login-attempts?filter=${encodeURIComponent(JSON.stringify({ reason: 'EMAIL_NOT_FOUND' }))}&range=[2,6]&sort=["createdAt","DESC"]`);
    assert.equal(mine.status, 200);
    const theirs = await t.ds.query(
      `SELECT r."attemptId" AS id FROM login_attempt_reasons r JOIN login_attempts a ON a.id = r."attemptId" WHERE r.reason = ${p[0]} AND a."organizationId" = ${t.db.isPostgres ? '$2' : '?'} ORDER BY r."createdAt" DESC, r."attemptId" DESC LIMIT 5 OFFSET 2`,
      ['EMAIL_NOT_FOUND', org],
    );
    assert.equal(theirs.length, 5);
    assert.deepEqual(mine.body.map((a: { id: string }) => a.id), theirs.map((x: { id: string }) => x.id));
    assert.match(mine.headers['content-range'], /\/(1[2-9]|[2-9]\d|\d{3,})$/);
  });
});
