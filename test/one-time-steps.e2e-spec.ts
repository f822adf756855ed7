/**
 * The legacy data passes (re-seal v1 values, re-key an unkeyed audit chain, seal old outbox bodies) run once per
 * database and are recorded in `one_time_steps`; later starts skip them. Restarts here are real: the same database,
 * a new app each time. The passes themselves are tested where they live (audit-chain, outbox) and below (re-seal).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { freshDatabaseEnv } from './create-test-app.js';
import { FakeClock } from './support/fake-clock.js';
import { loadConfig, type AppConfig } from '../server/src/config/app-config.js';
import { createApp } from '../server/src/app.factory.js';
import { MemoryMailTransport } from '../server/src/notifications/mail-transport.js';
import { SecretBox, sealContext } from '../server/src/common/crypto.js';
import { runOneTimeSteps } from '../server/src/common/one-time-steps.js';
import { OneTimeStepRecord } from '../server/src/common/one-time-step.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { newId } from '../server/src/database/db.service.js';

const STEPS = ['reseal-legacy-values', 'rekey-legacy-audit-chain', 'seal-legacy-outbox-bodies'];

/** A value in the v1 format (the raw data encryption key, no associated data), as older versions wrote it. */
function sealV1(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

describe('one-time data passes', () => {
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let config: AppConfig;
  const clock = new FakeClock();
  let app: NestExpressApplication | null = null;

  /** Starts the whole app on the same database (migrations, one-time steps, reference data). */
  async function start(): Promise<DataSource> {
    if (app) await app.close();
    app = await createApp(config, { clock, mailTransport: new MemoryMailTransport(), demoData: false });
    await app.init();
    return app.get(DataSource);
  }
  const records = async (ds: DataSource) => (await ds.getRepository(OneTimeStepRecord).find({ order: { name: 'ASC' } })).map((r) => ({ name: r.name, doneAt: r.doneAt.getTime(), changed: r.changed }));

  before(async () => {
    const fresh = await freshDatabaseEnv();
    env = fresh.env;
    drop = fresh.drop;
    config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', LOG_FILE: '', ...env });
  });
  after(async () => {
    await app?.close();
    await drop?.();
  });

  it('the first start runs every pass and records it', async () => {
    const ds = await start();
    const r = await records(ds);
    assert.deepEqual(r.map((x) => x.name), [...STEPS].sort());
    for (const x of r) {
      assert.equal(x.doneAt, clock.nowMs());
      assert.equal(x.changed, 0, 'a new database has nothing to convert');
    }
  });

  it('later starts skip recorded passes: a v1 value written meanwhile stays v1; forget the record and it is re-sealed', async () => {
    let ds = app!.get(DataSource);
    const id = newId();
    const v1 = sealV1(config.encryptionKey, 'the deliverable text');
    await ds.getRepository(OutboxMessage).insert({
      id, channel: 'email', kind: 'legacy', recipient: 'legacy@example.test', subject: 'legacy', body: 'the deliverable text', bodyEnc: v1, status: 'held',
      organizationId: null, identityId: null, ticketId: null, attempts: 0, lastError: null, nextAttemptAt: null, claimedAt: null, createdAt: clock.now(), sentAt: null,
    });
    const before = await records(ds);
    clock.advanceSeconds(60);

    ds = await start();
    assert.equal((await ds.getRepository(OutboxMessage).findOneByOrFail({ id })).bodyEnc, v1, 'the re-seal did not run again');
    assert.deepEqual(await records(ds), before, 'nothing new recorded');

    await ds.getRepository(OneTimeStepRecord).delete({ name: 'reseal-legacy-values' });
    clock.advanceSeconds(60);
    ds = await start();
    const sealed = (await ds.getRepository(OutboxMessage).findOneByOrFail({ id })).bodyEnc!;
    assert.match(sealed, /^v2\./);
    assert.equal(new SecretBox(config.encryptionKey).open(sealed, sealContext('outbox_messages', 'bodyEnc', id)), 'the deliverable text');
    const again = (await records(ds)).find((x) => x.name === 'reseal-legacy-values')!;
    assert.deepEqual(again, { name: 'reseal-legacy-values', doneAt: clock.nowMs(), changed: 1 });
  });

  it('a step that is not done stays unrecorded and runs again; steps run in order; a failing step stops the start', async () => {
    const ds = app!.get(DataSource);
    const calls: string[] = [];
    const steps = [
      { name: 'test-not-yet', run: () => (calls.push('not-yet'), Promise.resolve({ done: false, changed: 0 })) },
      { name: 'test-done', run: () => (calls.push('done'), Promise.resolve({ done: true, changed: 3 })) },
    ];
    const first = await runOneTimeSteps(ds, steps, () => clock.now());
    assert.deepEqual(first.ran, [{ name: 'test-not-yet', done: false, changed: 0 }, { name: 'test-done', done: true, changed: 3 }]);
    const second = await runOneTimeSteps(ds, steps, () => clock.now());
    assert.deepEqual(second.ran.map((x) => x.name), ['test-not-yet']);
    assert.deepEqual(second.skipped, ['test-done']);
    assert.deepEqual(calls, ['not-yet', 'done', 'not-yet']);
    await assert.rejects(runOneTimeSteps(ds, [{ name: 'test-fails', run: () => Promise.reject(new Error('cannot open a v1 value')) }], () => clock.now()), /cannot open/);
    assert.equal(await ds.getRepository(OneTimeStepRecord).countBy({ name: 'test-fails' }), 0);
  });
});
