import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { expressHttpClasses } from '../server/src/common/express-adapter.js';
import { installFrontDoor, type FrontDoor } from '../server/src/sign-in/handoff-front-door.js';
import { createTestApp, type TestApp } from './create-test-app.js';
import { makeOrg, sign, type TestOrg } from './support/sign-in-fixtures.js';

/**
 * The app's HTTP server builds every request and response with the Express app's prototypes
 * (server/src/common/express-adapter.ts), so Express's per-request `Object.setPrototypeOf` changes nothing (it made
 * V8 promote most of every request's objects: bench/README.md, "seventh round"). Express's behaviour on such requests
 * is covered by the whole suite; here: that the prototypes really are there before Express runs, that the objects
 * are Node's own underneath, and that the hand-off front door leaves a request built otherwise to Express.
 */
describe('the HTTP server builds requests and responses with Express\'s prototypes', () => {
  let t: TestApp;
  let org: TestOrg;
  let express: Express;

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_HANDOFF: '1000', TRUST_PROXY: '1' } });
    org = await makeOrg(t, { users: [{ email: 'proto@door.test', active: true }], accounts: ['proto@door.test'] });
    express = t.app.getHttpAdapter().getInstance();
  });
  after(() => t.close());

  const handoffBody = () => JSON.stringify({ organizationId: org.id, email: 'proto@door.test', issuedAt: Math.floor(t.clock.nowMs() / 1000), nonce: randomBytes(12).toString('hex') });

  it('a request reaches the server\'s listeners already under app.request / app.response, with Node\'s own state', async () => {
    const server = t.app.getHttpServer();
    const seen: { req: boolean; res: boolean; node: boolean; stream: boolean }[] = [];
    const spy = (req: IncomingMessage, res: ServerResponse) => {
      seen.push({
        req: Object.getPrototypeOf(req) === express.request,
        res: Object.getPrototypeOf(res) === express.response,
        node: req instanceof http.IncomingMessage && res instanceof http.ServerResponse,
        // Node's constructors ran: the parsed request line and the response's own state are there.
        stream: req.method === 'GET' && req.url === '/api/health' && res.statusCode === 200 && res.headersSent === false,
      });
    };
    server.prependListener('request', spy);
    try {
      const r = await t.http.get('/api/health').set('X-Forwarded-For', '198.51.100.7');
      assert.equal(r.status, 200);
    } finally {
      server.removeListener('request', spy);
    }
    assert.deepEqual(seen, [{ req: true, res: true, node: true, stream: true }]);
  });

  it('expressHttpClasses: objects built by the classes are Node\'s under the given prototypes', () => {
    const classes = expressHttpClasses(express);
    const socket = new Socket();
    const req = new classes.IncomingMessage(socket);
    const res = new classes.ServerResponse(req);
    assert.equal(Object.getPrototypeOf(req), express.request);
    assert.equal(Object.getPrototypeOf(res), express.response);
    assert.deepEqual(req.headers, {});
    assert.equal(res.statusCode, 200);
    // Express's methods answer on them, with the app behind them.
    req.headers['x-forwarded-proto'] = 'https';
    const ereq = req as unknown as { get(h: string): string | undefined; app: unknown };
    assert.equal(ereq.get('X-Forwarded-Proto'), 'https');
    assert.equal(ereq.app, express);
    socket.destroy();
  });

  it('the hand-off front door leaves a request not built with those prototypes to Express, which still answers it', async () => {
    const door = (t.app.getHttpServer() as unknown as { handoffFrontDoor: FrontDoor }).handoffFrontDoor;
    // A server with Node's own classes, the same Express app behind the same door.
    const plain = http.createServer(express);
    installFrontDoor(plain, door);
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const port = (plain.address() as AddressInfo).port;
      const post = (raw: string) =>
        new Promise<{ status: number; location?: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/portals/myvisma/handoff', headers: { 'Content-Type': 'application/json', 'X-Portal-Signature': sign(org.secret, raw), Connection: 'close' } }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location }));
          });
          req.on('error', reject);
          req.end(raw);
        });
      const before = door.served;
      const r = await post(handoffBody());
      assert.deepEqual(r, { status: 303, location: '/severa' }, 'answered by the normal pipeline');
      assert.equal(door.served, before, 'the door did not take it');
      // The app's own server: the door takes the same request.
      const raw = handoffBody();
      const own = await t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'application/json').set('X-Portal-Signature', sign(org.secret, raw)).send(raw);
      assert.equal(own.status, 303);
      assert.equal(door.served, before + 1);
    } finally {
      await new Promise((r) => plain.close(r));
    }
  });
});
