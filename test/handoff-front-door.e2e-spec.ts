import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { shutdownState } from '../server/src/common/shutdown.js';
import { createTestApp, type TestApp } from './create-test-app.js';
import { makeOrg, sign, type TestOrg } from './support/sign-in-fixtures.js';

/**
 * The hand-off front door (server/src/sign-in/handoff-front-door.ts) answers POST /api/portals/:portal/handoff before
 * Express's router. Express routes `/handoff/` (trailing slash) to the same controller through the whole normal
 * pipeline (every middleware, Nest's router, guards, interceptors), which the front door does not take: each request
 * below is sent both ways and the answers — status, every header, body, cookie attributes, the request log line —
 * must be the same, up to the values that differ by nature (request id, dates, timings, tokens, attempt ids).
 */
// At LOG_LEVEL=info the request log line is compared too; below info the front door leaves pino-http out (it logs at
// info only), so the same requests are compared again at warn, where neither way writes a line.
for (const level of ['info', 'warn'] as const) {
  describe(`hand-off front door answers exactly as the normal pipeline (LOG_LEVEL=${level})`, () => {
    let t: TestApp;
    let org: TestOrg;
    let logDir: string;
    let logFile: string;
    let door: { served: number };

    before(async () => {
      logDir = mkdtempSync(join(tmpdir(), 'front-door-'));
      logFile = join(logDir, 'app.log');
      // The unauthentic-request limit is high so the comparison runs are not cut short by 429s (rate-limits.e2e-spec.ts covers them).
      // One trusted proxy hop: the client address and https come from X-Forwarded-For / X-Forwarded-Proto when sent.
      t = await createTestApp({ env: { LOG_LEVEL: level, LOG_FILE: logFile, RATE_LIMIT_HANDOFF: '1000', TRUST_PROXY: '1' } });
      org = await makeOrg(t, { users: [{ email: 'front@door.test', active: true }], accounts: ['front@door.test'] });
      door = (t.app.getHttpServer() as unknown as { handoffFrontDoor: { served: number } }).handoffFrontDoor;
      assert.ok(door, 'the front door is in front of the server\'s request listener');
    });
    after(async () => {
      await t.close();
      rmSync(logDir, { recursive: true, force: true });
    });

    const body = (o: Record<string, unknown> = {}) => JSON.stringify({ organizationId: org.id, email: 'front@door.test', issuedAt: Math.floor(t.clock.nowMs() / 1000), nonce: randomBytes(12).toString('hex'), ...o });

    interface Sent {
      status: number;
      headers: Record<string, string | string[]>;
      text: string;
      log: Record<string, unknown> | undefined;
    }

    async function send(path: string, raw: string | Buffer, headers: Record<string, string>): Promise<Sent> {
      const id = `req-${randomBytes(8).toString('hex')}`;
      let r = t.http.post(path).set('X-Request-Id', id);
      for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
      const res = await r.send(raw);
      await new Promise((done) => setTimeout(done, 20));
      const log = (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => (l.req as { id?: string } | undefined)?.id === id && l.res);
      return { status: res.status, headers: res.headers, text: res.text, log };
    }

    /** What may differ between two answers to the same request. */
    function normalize(s: Sent, ids: string[]): unknown {
      const scrub = (v: string) => ids.reduce((acc, id) => acc.split(id).join('<id>'), v).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
      const headers = { ...s.headers };
      delete headers.date;
      assert.match(String(headers['server-timing']), /^app;dur=\d+\.\d\d$/);
      headers['server-timing'] = 'app;dur=<n>';
      headers['x-request-id'] = '<id>';
      if (headers['set-cookie']) headers['set-cookie'] = (headers['set-cookie'] as string[]).map((c) => c.replace(/^severa_session=[^;]+/, 'severa_session=<token>').replace(/Expires=[^;]+/, 'Expires=<date>'));
      if (headers.etag) headers.etag = '<etag>';
      const log = s.log ? JSON.parse(scrub(JSON.stringify(s.log))) as Record<string, unknown> : undefined;
      if (log) {
        delete log.time;
        delete log.responseTime;
        const req = log.req as { path: string };
        req.path = req.path.replace(/\/$/, '');
        const res = log.res as { headers: Record<string, unknown> };
        for (const k of ['date', 'server-timing', 'x-request-id', 'etag']) if (k in res.headers) res.headers[k] = '<n>';
        if (res.headers['set-cookie']) assert.equal(res.headers['set-cookie'], '[redacted]');
      }
      return { status: s.status, headers, text: scrub(s.text), log };
    }

    async function compare(label: string, raw: () => string | Buffer, headers: (raw: string | Buffer) => Record<string, string>, portal = 'myvisma'): Promise<Sent> {
      const before = door.served;
      const a = raw();
      const front = await send(`/api/portals/${portal}/handoff`, a, headers(a));
      assert.equal(door.served, before + 1, `${label}: the front door took the request`);
      const b = raw();
      const normal = await send(`/api/portals/${portal}/handoff/`, b, headers(b));
      assert.equal(door.served, before + 1, `${label}: the trailing-slash request took the normal pipeline`);
      if (level === 'info') assert.ok(front.log && normal.log, `${label}: both requests were logged`);
      else assert.ok(!front.log && !normal.log, `${label}: no request line below info, either way`);
      const ids = [front, normal].flatMap((s) => [s.headers['x-request-id'] as string]);
      assert.deepEqual(normalize(front, ids), normalize(normal, ids), label);
      return front;
    }

    const json = (secret = org.secret) => (raw: string | Buffer) => ({ 'Content-Type': 'application/json', 'X-Portal-Signature': sign(secret, raw) });

    it('signed in: 303 to /severa with the session cookie', async () => {
      const r = await compare('signed in', () => body(), json());
      assert.equal(r.status, 303);
      assert.match(String(r.headers['set-cookie']), /severa_session=.+; Path=\/severa; Expires=.+; HttpOnly; SameSite=Lax/);
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
    });

    it('the answer follows Accept, Accept-Language and a trusted proxy\'s X-Forwarded-Proto as Express does', async () => {
      const as = (extra: Record<string, string>) => (raw: string | Buffer) => ({ ...json()(raw), ...extra });
      const html = await compare('Accept: text/html', () => body(), as({ Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' }));
      assert.match(html.text, /<p>See Other\. Redirecting to \/severa<\/p>/);
      assert.equal(html.headers.vary, 'Accept');
      const none = await compare('Accept: application/json', () => body(), as({ Accept: 'application/json' }));
      assert.equal(none.text, '');
      assert.equal(none.headers['content-type'], undefined);
      const https = await compare('https through the proxy', () => body(), as({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.9' }));
      assert.match(String(https.headers['set-cookie']), /; HttpOnly; Secure; SameSite=Lax$/);
      const fi = await compare('refused, in Finnish', () => body({ email: 'nobody@door.test' }), as({ 'Accept-Language': 'fi-FI,fi;q=0.9' }));
      assert.equal(fi.status, 403);
      assert.match(String(fi.headers['content-type']), /^text\/html; charset=utf-8$/);
      assert.ok(fi.headers.etag, 'the refusal page carries the app\'s ETag');
    });

    it('refused by the rules (unknown e-mail) and unauthentic (bad signature): 403 pages', async () => {
      assert.equal((await compare('unknown e-mail', () => body({ email: 'nobody@door.test' }), json())).status, 403);
      assert.equal((await compare('bad signature', () => body(), json('not-the-secret'))).status, 403);
      assert.equal((await compare('no signature', () => body(), () => ({ 'Content-Type': 'application/json' }))).status, 403);
      const spent = body({ nonce: 'spent-nonce-0001' });
      assert.equal((await send('/api/portals/myvisma/handoff', spent, json()(spent))).status, 303);
      assert.equal((await compare('replayed', () => spent, json())).status, 403);
    });

    it('malformed, oversized, wrong content type, deep and wide JSON, unknown portal', async () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 40; i++) deep = { a: deep };
      const cases: [string, () => string | Buffer, (raw: string | Buffer) => Record<string, string>, number, string?][] = [
        ['signed malformed fields', () => body({ issuedAt: 'soon' }), json(), 400],
        ['unsigned malformed fields', () => body({ issuedAt: 'soon', extra: 1 }), json('x'), 400],
        ['invalid JSON', () => '{"organizationId":', json(), 400],
        ['oversized', () => JSON.stringify({ pad: 'x'.repeat(200_000) }), json(), 413],
        ['text/plain', () => body(), (raw) => ({ 'Content-Type': 'text/plain', 'X-Portal-Signature': sign(org.secret, raw) }), 400],
        ['urlencoded', () => `organizationId=${org.id}&email=front%40door.test&issuedAt=1&nonce=abcdefghij`, (raw) => ({ 'Content-Type': 'application/x-www-form-urlencoded', 'X-Portal-Signature': sign(org.secret, raw) }), 400],
        ['unsupported charset', () => body(), () => ({ 'Content-Type': 'application/json; charset=koi8-x' }), 415],
        ['deep JSON', () => JSON.stringify({ organizationId: org.id, deep }), json(), 400],
        ['150 keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]))), json(), 400],
        ['unknown portal', () => body(), json(), 404, 'nope'],
      ];
      for (const [label, raw, headers, status, portal] of cases) {
        const r = await compare(label, raw, headers, portal);
        assert.equal(r.status, status, `${label}: ${r.text.slice(0, 200)}`);
        if (status !== 403) assert.match(r.text, /"statusCode":\d{3},"code":"[A-Z_]+","message":/, label);
      }
    });

    it('while shutting down, a front-door answer closes its keep-alive connection (the SIGTERM drain)', async () => {
      const server = t.app.getHttpServer();
      if (!server.address()) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true });
      const post = () =>
        new Promise<{ status: number; connection: string | undefined }>((done, fail) => {
          const raw = body();
          const r = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/portals/myvisma/handoff', agent, headers: json()(raw) }, (res) => {
            res.resume();
            res.on('end', () => done({ status: res.statusCode!, connection: res.headers.connection }));
          });
          r.on('error', fail);
          r.end(raw);
        });
      const before = door.served;
      try {
        assert.deepEqual(await post(), { status: 303, connection: 'keep-alive' });
        shutdownState.closing = true;
        assert.deepEqual(await post(), { status: 303, connection: 'close' });
      } finally {
        shutdownState.closing = false;
        agent.destroy();
      }
      assert.equal(door.served, before + 2);
    });
  });
}
