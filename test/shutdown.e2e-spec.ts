/**
 * Process lifecycle: SIGTERM stops accepting and answers every request already received (fresh and keep-alive
 * connections alike, also connections still waiting in the listening socket's backlog); an unhandled rejection is
 * logged once and ends the process gracefully with exit code 1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freshDatabaseEnv } from './create-test-app.js';
import { startServerProcess } from './support/server-process.js';

interface Result {
  status: number;
  error?: string;
}

/**
 * One request on its own new connection (no pooling), so nothing is retried behind the test's back. `sent` resolves
 * once the whole request has been handed to the operating system.
 */
function request(base: string, method: string, path: string, body?: unknown, agent: http.Agent | false = false): Promise<Result> & { sent: Promise<void> } {
  let markSent!: () => void;
  const sent = new Promise<void>((r) => (markSent = r));
  const done = new Promise<Result>((done) => {
    const url = new URL(path, base);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {} }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0 }));
      res.on('error', (e) => done({ status: -1, error: e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (markSent(), done({ status: -1, error: e.code ?? e.message })));
    req.on('finish', markSent);
    req.end(data);
  });
  return Object.assign(done, { sent });
}

describe('process lifecycle', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let drop: () => Promise<void>;
  before(async () => {
    const fresh = await freshDatabaseEnv();
    drop = fresh.drop;
    dataDir = fresh.dataDir;
    // Sign-in runs the password KDF (slow by design): requests that are still being worked on at SIGTERM.
    env = { ...fresh.env, DEMO_DATA: 'false', RATE_LIMITS: 'sign-in=0', SHUTDOWN_TIMEOUT_SECONDS: '120' }; // a loaded test machine is slow
  });
  after(() => drop?.());

  /** Sends the requests, SIGTERM once all are on the wire, then a late connection; returns what came back. */
  async function sigtermWith(make: (url: string, keepAlive: http.Agent) => ReturnType<typeof request>[], extraEnv: Record<string, string> = {}) {
    const server = await startServerProcess({ ...env, ...extraEnv });
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // A warm keep-alive connection that sits idle must not hold the shutdown up.
    assert.equal((await request(server.url, 'GET', '/api/health', undefined, keepAlive)).status, 200);
    const sent = make(server.url, keepAlive);
    await Promise.all(sent.map((r) => r.sent));
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const late = await request(server.url, 'GET', '/api/health');
    const [code] = (await exited) as [number | null];
    const answers = await Promise.all(sent);
    keepAlive.destroy();
    return { server, code, late, answers };
  }

  it('SIGTERM: requests being worked on and keep-alive requests are answered, new connections refused, exit 0', async () => {
    const { server, code, late, answers } = await sigtermWith((url, keepAlive) => [
      ...Array.from({ length: 2 }, (_, i) => request(url, 'POST', '/api/auth/sign-in', { email: `nobody${i}@example.test`, password: 'wrong password' })),
      ...Array.from({ length: 4 }, () => request(url, 'GET', '/api/organizations', undefined, keepAlive)),
    ]);
    assert.deepEqual(answers.map((a) => a.status), [401, 401, 401, 401, 401, 401], server.output().slice(-500));
    assert.equal(late.status, -1, 'a connection made after SIGTERM is refused');
    assert.equal(late.error, 'ECONNREFUSED');
    assert.equal(code, 0, server.output());
  });

  it('SIGTERM: twenty fresh connections sent just before it are all answered', async () => {
    // Each request holds the server's event loop for 40 ms, as on a loaded machine: the twenty connections wait in the
    // listening socket's backlog and are accepted one per loop turn, well after the signal (800 ms and more).
    const slow = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${resolve('test/support/slow-requests.mjs')}`.trim(), SLOW_REQUEST_MS: '40' };
    const { server, code, answers, late } = await sigtermWith((url) => Array.from({ length: 20 }, () => request(url, 'GET', '/api/health')), slow);
    assert.deepEqual(answers.filter((a) => a.status !== 200), [], server.output().slice(-500));
    assert.equal(late.error, 'ECONNREFUSED', 'the listener closed once the backlog was served');
    assert.equal(code, 0);
  });

  it('an unhandled rejection: logged once, requests in flight answered, then exit 1', async () => {
    const logFile = process.env.TEST_LOG_DIR ? resolve(process.env.TEST_LOG_DIR, `lifecycle-${process.pid}.log`) : join(dataDir, 'server.log');
    const server = await startServerProcess({
      ...env,
      LOG_LEVEL: 'info',
      LOG_FILE: logFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${resolve('test/support/inject-fault.mjs')}`.trim(),
    });
    const inflight = Array.from({ length: 1 }, (_, i) => request(server.url, 'POST', '/api/auth/sign-in', { email: `someone${i}@example.test`, password: 'wrong password' }));
    await Promise.all(inflight.map((r) => r.sent));
    server.child.kill('SIGUSR2');
    server.child.kill('SIGUSR2'); // a second fault while shutting down is not logged again
    const [code] = (await once(server.child, 'exit')) as [number | null];
    const answers = await Promise.all(inflight);
    assert.equal(code, 1, server.output());
    assert.deepEqual(answers.map((a) => a.status), [401], server.output().slice(-500));
    assert.ok(existsSync(logFile));
    const fatal = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('unhandledRejection'));
    assert.equal(fatal.length, 1, fatal.join('\n'));
    assert.match(fatal[0], /injected fault/);
  });
});
