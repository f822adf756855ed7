/**
 * The password KDF gate (server/src/common/kdf-gate.ts): at most `concurrency` runs at once, FIFO waiting, refusal
 * (503 SERVER_BUSY + Retry-After) when the queue is full or a caller waited too long, and a slot released however a
 * run ends. The last tests show that the password functions really go through it, the unknown-account check too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { KdfBusyError, KdfGate } from '../../server/src/common/kdf-gate.js';
import { hashPassword, verifyPassword } from '../../server/src/common/password-hash.js';
import { KDF_DEFAULTS, kdfLimits } from '../../server/src/config/kdf.js';
import { ConfigError } from '../../server/src/config/config-values.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A task that does its work synchronously and resolves with the result. */
const sync =
  <T>(fn: () => T) =>
  (): Promise<T> =>
    Promise.resolve().then(fn);

const tick = () => new Promise<void>((r) => setImmediate(r));

function isBusy(e: unknown): boolean {
  return e instanceof KdfBusyError && e.statusCode === 503 && e.code === 'SERVER_BUSY' && Number(e.headers?.['Retry-After']) >= 1;
}

/** A legacy scrypt hash with a small N: a real KDF run through the gate that takes milliseconds (still verified, see password-hash.spec). */
function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('KDF gate', () => {
  it('runs at most `concurrency` tasks at once, however many callers arrive together', async () => {
    const gate = new KdfGate({ concurrency: 2, queue: 100, queueTimeoutMs: 60_000 });
    let running = 0;
    let peak = 0;
    let done = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done++;
    };
    await Promise.all(Array.from({ length: 20 }, () => gate.run(task)));
    assert.equal(done, 20);
    assert.equal(peak, 2, 'two ran together, never more');
    assert.deepEqual(gate.stats(), { active: 0, waiting: 0 });
  });

  it('at most `concurrency` real scrypt runs at once (password checks in flight, measured at the gate)', async () => {
    const gate = new KdfGate({ concurrency: 2, queue: 100, queueTimeoutMs: 60_000 });
    // one unknown account among them (the dummy check at today's parameters)
    const stored = cheapHash('Right-Password-1!');
    let peak = 0;
    let finished = false;
    const checks = Promise.all(Array.from({ length: 12 }, (_, i) => verifyPassword(gate, i % 2 ? 'Right-Password-1!' : 'wrong', i === 0 ? null : stored)));
    const watch = (async () => {
      while (!finished) {
        peak = Math.max(peak, gate.stats().active);
        await tick();
      }
    })();
    const results = await checks;
    finished = true;
    await watch;
    assert.deepEqual(results, Array.from({ length: 12 }, (_, i) => i % 2 === 1));
    assert.equal(peak, 2);
    assert.deepEqual(gate.stats(), { active: 0, waiting: 0 });
  });

  it('serves waiting callers first come, first served', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 10, queueTimeoutMs: 60_000 });
    const hold = deferred();
    const order: number[] = [];
    const first = gate.run(() => hold.promise);
    const rest = Array.from({ length: 6 }, (_, i) => gate.run(sync(() => void order.push(i))));
    await tick();
    assert.deepEqual(gate.stats(), { active: 1, waiting: 6 });
    hold.resolve();
    await Promise.all([first, ...rest]);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });

  it('refuses at once when the queue is full: 503 SERVER_BUSY with Retry-After, the others still run', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 2, queueTimeoutMs: 60_000 });
    const hold = deferred();
    let ran = 0;
    const first = gate.run(() => hold.promise);
    const queued = [gate.run(sync(() => void ran++)), gate.run(sync(() => void ran++))];
    let refusedTaskRan = false;
    await assert.rejects(
      gate.run(sync(() => void (refusedTaskRan = true))),
      (e) => isBusy(e),
    );
    assert.equal(refusedTaskRan, false);
    hold.resolve();
    await Promise.all([first, ...queued]);
    assert.equal(ran, 2);
    assert.deepEqual(gate.stats(), { active: 0, waiting: 0 });
  });

  it('with KDF_QUEUE=0 nobody waits: a caller beyond the running ones is refused', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 0, queueTimeoutMs: 60_000 });
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    await assert.rejects(gate.run(sync(() => 1)), (e) => isBusy(e));
    hold.resolve();
    await first;
    assert.equal(await gate.run(sync(() => 7)), 7);
  });

  it('refuses a caller that waited longer than the timeout and takes it out of the queue', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 5, queueTimeoutMs: 30 });
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    let lateRan = false;
    const late = gate.run(sync(() => void (lateRan = true)));
    assert.equal(gate.stats().waiting, 1);
    await assert.rejects(late, (e) => isBusy(e));
    assert.deepEqual(gate.stats(), { active: 1, waiting: 0 });
    hold.resolve();
    await first;
    assert.equal(lateRan, false, 'a refused caller never runs');
    assert.deepEqual(gate.stats(), { active: 0, waiting: 0 });
    assert.equal(await gate.run(sync(() => 'next')), 'next');
  });

  it('a task that throws releases its slot (the next caller runs, the error reaches the caller)', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 5, queueTimeoutMs: 60_000 });
    const boom = new Error('scrypt failed');
    const failing = gate.run(async () => {
      await tick();
      throw boom;
    });
    const after = gate.run(sync(() => 'ran'));
    await assert.rejects(failing, (e) => e === boom);
    assert.equal(await after, 'ran');
    await assert.rejects(gate.run(() => Promise.reject(boom)), (e) => e === boom);
    assert.deepEqual(gate.stats(), { active: 0, waiting: 0 });
  });

  it('hashPassword and verifyPassword go through the gate, the check for an unknown account too', async () => {
    const gate = new KdfGate({ concurrency: 1, queue: 0, queueTimeoutMs: 60_000 });
    const hold = deferred();
    const busy = gate.run(() => hold.promise);
    const stored = cheapHash('Right-Password-1!');
    await assert.rejects(verifyPassword(gate, 'Right-Password-1!', stored), (e) => isBusy(e), 'known account');
    await assert.rejects(verifyPassword(gate, 'Right-Password-1!', null), (e) => isBusy(e), 'unknown account');
    await assert.rejects(hashPassword(gate, 'Right-Password-1!'), (e) => isBusy(e), 'new hash');
    hold.resolve();
    await busy;
    assert.equal(await verifyPassword(gate, 'Right-Password-1!', stored), true);
    assert.equal(await verifyPassword(gate, 'Right-Password-1!', null), false);
  });

  it('KDF_* configuration: defaults, overrides, bad values named', () => {
    assert.deepEqual(kdfLimits({}), KDF_DEFAULTS);
    assert.deepEqual(KDF_DEFAULTS, { concurrency: 2, queue: 32, queueTimeoutMs: 10_000 });
    assert.deepEqual(kdfLimits({ KDF_CONCURRENCY: '1', KDF_QUEUE: '0', KDF_QUEUE_TIMEOUT_MS: '500' }), { concurrency: 1, queue: 0, queueTimeoutMs: 500 });
    assert.throws(() => kdfLimits({ KDF_CONCURRENCY: '0' }), (e) => e instanceof ConfigError && e.variable === 'KDF_CONCURRENCY');
    assert.throws(() => kdfLimits({ KDF_QUEUE: '-1' }), (e) => e instanceof ConfigError && e.variable === 'KDF_QUEUE');
    assert.throws(() => kdfLimits({ KDF_QUEUE_TIMEOUT_MS: 'soon' }), (e) => e instanceof ConfigError && e.variable === 'KDF_QUEUE_TIMEOUT_MS');
  });
});
