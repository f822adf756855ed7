import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './create-test-app.js';
import { read, type Read } from '../server/src/database/db.service.js';
import { HandoffFactsService } from '../server/src/sign-in/handoff-facts.service.js';
import { widestKey } from '../server/src/sign-in/near-miss.js';
import { PortalId } from '../shared/sign-in.js';

/**
 * Db.readAll(): several reads at once — on PostgreSQL one statement whose reads come back as JSON arrays — must give
 * each read exactly what it gives alone through sql(): the same rows in the same order, timestamps, booleans, nulls,
 * numbers, accents and quotes included, placeholders renumbered, reads that find nothing.
 */
describe('Db.readAll', () => {
  let t: TestApp;
  const org = randomUUID();
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 8, 0, 0) + ms);

  before(async () => {
    t = await createTestApp();
    await t.db.sql(t.db.manager, `INSERT INTO organizations (id, name, "severaStatus", "severaEndedAt", "createdAt") VALUES ($1, $2, 'active', $3, $4)`, [
      org,
      'Öberg & "Berg" Oy',
      at(123),
      at(0),
    ]);
    const users: [string, string, boolean, Date | null][] = [
      ['b.berg@firma.fi', 'Björn Berg', true, null],
      ['A.Berg@firma.fi', 'Åsa O\'Berg', false, at(5_000)],
      ['a.berg+x@firma.fi', 'Anna "A" Berg', true, at(7_001)],
      ['zoë@firma.fi', 'Zoë', true, null],
    ];
    for (const [email, name, active, changed] of users) {
      await t.db.sql(
        t.db.manager,
        `INSERT INTO severa_users (id, "organizationId", email, name, active, "activeChangedAt", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), org, email, name, active, changed, at(1)],
      );
    }
  });
  after(() => t.close());

  const userRows = (rows: Record<string, unknown>[]) =>
    rows.map((r) => ({ id: r.id, email: r.email, name: r.name, active: t.db.bool(r.active), changed: t.db.date(r.activeChangedAt)?.toISOString() ?? null }));
  const users = (order: string, where = '') =>
    read(`SELECT id, email, name, active, "activeChangedAt" FROM severa_users WHERE "organizationId" = $1${where} ORDER BY ${order}`, [org], userRows);
  const orgRow = read(
    `SELECT name, "severaEndedAt", "createdAt" FROM organizations WHERE id = $1 AND name <> $2`,
    [org, 'x'],
    ([r]) => (r ? { name: r.name, ended: t.db.date(r.severaEndedAt)!.toISOString(), created: t.db.date(r.createdAt)!.toISOString() } : null),
  );
  const count = read(`SELECT COUNT(*) AS n FROM severa_users WHERE "organizationId" = $1 AND (active = $2 OR email = $3)`, [org, true, 'A.Berg@firma.fi'], ([r]) =>
    Number(r.n),
  );
  const nothing = read(`SELECT id FROM severa_users WHERE "organizationId" = $1`, [randomUUID()], (rows) => rows);

  // A read alone: readOne() runs it by sql(), as readAll() does each read outside PostgreSQL.
  const alone = <T>(r: Read<T>): Promise<T> => t.db.readOne(t.db.manager, r);

  it('answers each read what the read answers alone, in its own order', async () => {
    const reads = [users('email, id'), orgRow, users('"activeChangedAt" DESC NULLS LAST, email DESC', ' AND email <> $1'), count, nothing] as const;
    const together = await t.db.readAll(t.db.manager, reads);
    const separately = [await alone(reads[0]), await alone(reads[1]), await alone(reads[2]), await alone(reads[3]), await alone(reads[4])];
    assert.deepEqual(together, separately);
    // What the reads must say (so that two wrong answers cannot agree): the order, the values, the renumbered counts.
    assert.deepEqual(
      together[0].map((u) => u.email),
      ['A.Berg@firma.fi', 'a.berg+x@firma.fi', 'b.berg@firma.fi', 'zoë@firma.fi'],
    );
    assert.equal(together[0][1].name, 'Anna "A" Berg');
    assert.equal(together[0][0].active, false);
    assert.equal(together[0][0].changed, at(5_000).toISOString());
    assert.deepEqual(together[1], { name: 'Öberg & "Berg" Oy', ended: at(123).toISOString(), created: at(0).toISOString() });
    assert.deepEqual(
      together[2].map((u) => u.email),
      ['a.berg+x@firma.fi', 'A.Berg@firma.fi', 'zoë@firma.fi', 'b.berg@firma.fi'],
    );
    assert.equal(together[3], 4);
    assert.deepEqual(together[4], []);
  });

  it('reads the diagnosis facts together as the hand-off facts service reads them one by one', async () => {
    const facts = t.app.get(HandoffFactsService);
    const email = 'a.berg@firma.fi';
    const reads = [
      facts.contextRead(PortalId.MYVISMA, org),
      facts.rejectionsRead(PortalId.MYVISMA, org),
      facts.exactMatchesRead(org, 'A.Berg@firma.fi'),
      facts.nearMissCandidatesRead(org, widestKey(email)),
    ] as const;
    const together = await t.db.readAll(t.db.manager, reads);
    assert.deepEqual(together, [await alone(reads[0]), await alone(reads[1]), await alone(reads[2]), await alone(reads[3])]);
    assert.equal(together[0].organizationName, 'Öberg & "Berg" Oy');
    assert.equal(together[0].organization?.severaEndedAt?.toISOString(), at(123).toISOString());
    // The users with the key, and the one whose e-mail is not plain ASCII (near-miss-sql.ts reads those too).
    assert.deepEqual(
      together[3].map((u) => u.email),
      ['A.Berg@firma.fi', 'a.berg+x@firma.fi', 'zoë@firma.fi'],
    );
    assert.ok(together[2].some((u) => u.email === 'A.Berg@firma.fi'));
  });

  it('refuses a read whose placeholders outnumber its values instead of reading another read’s value', async () => {
    const bad = read(`SELECT id FROM severa_users WHERE "organizationId" = $1 AND email = $2`, [org], (rows) => rows);
    await assert.rejects(t.db.readAll(t.db.manager, [count, bad] as const), /placeholder without a value/);
  });

  it('reads inside a transaction on the transaction’s own connection', async () => {
    const seen = await t.db.tx(async (m) => {
      await t.db.sql(m, `UPDATE organizations SET name = $1 WHERE id = $2`, ['Renamed in tx', org]);
      return t.db.readAll(m, [orgRow, count] as const);
    });
    assert.equal(seen[0]?.name, 'Renamed in tx');
    assert.equal(seen[1], 4);
    await t.db.sql(t.db.manager, `UPDATE organizations SET name = $1 WHERE id = $2`, ['Öberg & "Berg" Oy', org]);
  });
});
