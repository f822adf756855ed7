/** The keyed audit chain: a rewritten and re-hashed tail is detected without the key; the head is published. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MoreThan } from 'typeorm';
import { AGENT, createTestApp, SUPERVISOR, type TestApp } from './create-test-app.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { AuditService, auditHash, canonicalAuditContent, GENESIS_HASH, legacyAuditHash } from '../server/src/audit/audit.service.js';

describe('keyed audit chain', () => {
  let t: TestApp;
  let audit: AuditService;
  const repo = () => t.ds.getRepository(AuditEvent);
  /** Re-hashes every event from `fromId` on with `hash`, as an attacker with database access would. */
  async function rehashFrom(fromId: number, hash: (prev: string, content: string) => string) {
    const all = await repo().find({ order: { id: 'ASC' } });
    let prev = GENESIS_HASH;
    for (const e of all) {
      if (e.id >= fromId) {
        const h = hash(prev, canonicalAuditContent(e));
        await repo().update({ id: e.id }, { prevHash: prev, hash: h });
        e.hash = h;
      }
      prev = e.hash;
    }
  }

  before(async () => {
    t = await createTestApp({ env: { AUDIT_HEAD_LOG_EVERY: '5' } });
    audit = t.app.get(AuditService);
    await t.signIn(AGENT);
  });
  after(() => t?.close());

  it('the head: supervisors read the newest id and hash; agents may not', async () => {
    const supervisor = await t.signIn(SUPERVISOR);
    const [last] = await repo().find({ order: { id: 'DESC' }, take: 1 });
    const head = await supervisor.get('/api/audit-events/head');
    assert.equal(head.status, 200);
    assert.equal(head.body.id, last.id);
    assert.equal(head.body.hash, last.hash);
    assert.equal((await (await t.signIn(AGENT)).get('/api/audit-events/head')).status, 403);
    assert.deepEqual(await audit.verify(), { ok: true, count: (await audit.head()).id });
  });

  it('events recorded in a transaction join the chain as its last statements, in order, or not at all when it rolls back', async () => {
    const head = await audit.head();
    const seenInside = await t.db.tx(async (m) => {
      await audit.record({ action: 'test.first', actor: { id: null, email: null, role: 'system' } }, m);
      const inside = await m.getRepository(AuditEvent).countBy({ action: 'test.first' });
      await audit.record({ action: 'test.second', actor: { id: null, email: null, role: 'system' } }, m);
      return inside;
    });
    assert.equal(seenInside, 0, 'not written (and the chain not locked) before the end of the transaction');
    const added = await repo().find({ where: { id: MoreThan(head.id) }, order: { id: 'ASC' } });
    assert.deepEqual(
      added.map((e) => [e.action, e.prevHash]),
      [
        ['test.first', head.hash],
        ['test.second', added[0].hash],
      ],
    );
    await assert.rejects(
      t.db.tx(async (m) => {
        await audit.record({ action: 'test.rolled-back', actor: { id: null, email: null, role: 'system' } }, m);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await repo().countBy({ action: 'test.rolled-back' }), 0);
    assert.deepEqual(await audit.verify(), { ok: true, count: await repo().count() });
  });

  it('a tail rewritten and re-hashed without AUDIT_KEY (plain SHA-256 or another key) is detected', async () => {
    const events = await repo().find({ order: { id: 'ASC' } });
    const victim = events[events.length - 3];
    await repo().update({ id: victim.id }, { actorEmail: 'someone.else@example.test' });
    await rehashFrom(victim.id, legacyAuditHash);
    let result = await audit.verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenId, victim.id);
    const otherKey = randomBytes(32);
    await rehashFrom(victim.id, (prev, content) => auditHash(otherKey, prev, content));
    result = await audit.verify();
    assert.equal(!result.ok && result.brokenId, victim.id);
    // Put the event back with the real key: the chain verifies again (the check is the key, not the content).
    await repo().update({ id: victim.id }, { actorEmail: victim.actorEmail });
    await rehashFrom(victim.id, (prev, content) => auditHash(t.config.auditKey, prev, content));
    assert.equal((await audit.verify()).ok, true);
  });

  it('a database from before the key: an intact plain chain is re-keyed once at start; a broken one is left alone', async () => {
    await rehashFrom(1, legacyAuditHash);
    assert.equal((await audit.verify()).ok, false);
    const n = (await audit.head()).id;
    assert.deepEqual(await audit.rekeyLegacyChain(), { rekeyed: n });
    assert.equal((await audit.verify()).ok, true);
    assert.equal(await audit.rekeyLegacyChain(), null, 'nothing to do the second time');
    await rehashFrom(1, legacyAuditHash);
    await repo().update({ id: 2 }, { action: 'tampered' });
    assert.deepEqual(await audit.rekeyLegacyChain(), { broken: 2 });
  });
});
