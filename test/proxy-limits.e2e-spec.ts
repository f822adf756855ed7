/**
 * Per-address limits behind a proxy (TRUST_PROXY): a client cannot choose its address with X-Forwarded-For.
 * A real proxy (below) sits between the test client and the server and appends the address it saw, as nginx's
 * `proxy_add_x_forwarded_for` does; the client invents a new X-Forwarded-For address for every request.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from './create-test-app.js';
import { RateLimitCounter } from '../server/src/common/rate-limit-counter.entity.js';

interface Answer {
  status: number;
  body: string;
}

/** One POST from `localAddress` (127.0.0.x) to `port`, with an invented X-Forwarded-For. */
function post(port: number, path: string, body: unknown, forwardedFor: string, localAddress = '127.0.0.1'): Promise<Answer> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', localAddress, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), 'X-Forwarded-For': forwardedFor } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A reverse proxy that appends the client's address to X-Forwarded-For and connects to the server from 127.0.0.1. */
async function startProxy(targetPort: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const seen = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const given = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': given ? `${String(given)}, ${seen}` : seen };
    const up = http.request({ host: '127.0.0.1', port: targetPort, localAddress: '127.0.0.1', path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

/** 60 wrong staff passwords, each with a new invented X-Forwarded-For address. */
async function sixtyGuesses(port: number, localAddress?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const invented = `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    statuses.push((await post(port, '/api/auth/sign-in', { email: 'agent@demo.accessdesk.test', password: `Guess-${i}-Password!` }, invented, localAddress)).status);
  }
  return statuses;
}

function assertThrottled(statuses: number[]) {
  const first = statuses.indexOf(429);
  assert.ok(first > 0 && first <= 21, `expected 429 by the 21st attempt (sign-in: 20 per minute per address): ${statuses.join(',')}`);
  assert.ok(statuses.slice(first).every((s) => s === 429), statuses.join(','));
  assert.ok(statuses.slice(0, first).every((s) => s === 401), statuses.join(','));
}

async function counterKeys(t: TestApp, prefix: string): Promise<string[]> {
  return (await t.ds.getRepository(RateLimitCounter).find()).map((r) => r.key).filter((k) => k.startsWith(prefix));
}

describe('per-address limits and X-Forwarded-For', () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('without TRUST_PROXY, invented X-Forwarded-For addresses are ignored: 60 wrong passwords get 429', async () => {
    const t = await createTestApp();
    cleanup.push(() => t.close());
    assertThrottled(await sixtyGuesses(await listen(t)));
    assert.deepEqual(await counterKeys(t, 'failures-per-address:'), ['failures-per-address:staff:127.0.0.1']);
  });

  it('TRUST_PROXY=1 behind one proxy: the address the proxy saw counts, not the invented ones', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    const proxy = await startProxy(await listen(t));
    cleanup.push(() => t.close(), proxy.close);
    assertThrottled(await sixtyGuesses(proxy.port, '127.0.0.2'));
    assert.deepEqual(await counterKeys(t, 'failures-per-address:'), ['failures-per-address:staff:127.0.0.2']);
  });

  it('TRUST_PROXY=<proxy address>: only that proxy is trusted, the client behind it is counted', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1/32' } });
    const proxy = await startProxy(await listen(t));
    cleanup.push(() => t.close(), proxy.close);
    assertThrottled(await sixtyGuesses(proxy.port, '127.0.0.3'));
    assert.deepEqual(await counterKeys(t, 'failures-per-address:'), ['failures-per-address:staff:127.0.0.3']);
    // a client that is not the trusted proxy cannot forward for anyone: its own address counts
    const direct = await post((t.app.getHttpServer().address() as AddressInfo).port, '/api/auth/sign-in', { email: 'x@nowhere.test', password: 'x' }, '10.9.8.7', '127.0.0.4');
    assert.equal(direct.status, 401);
    assert.ok((await counterKeys(t, 'failures-per-address:')).includes('failures-per-address:staff:127.0.0.4'));
  });
});
