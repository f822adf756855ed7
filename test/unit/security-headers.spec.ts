import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import helmet from 'helmet';
import { securityHeaders } from '../../server/src/common/security-headers.js';
import { SECURITY_HEADER_OPTIONS } from '../../server/src/common/request-pipeline.js';

function record(mw: (req: never, res: never, next: (e?: unknown) => void) => void, req: object = { headers: {} }) {
  const headers: Record<string, unknown> = {};
  const removed: string[] = [];
  let nextCalls = 0;
  mw(req as never, { setHeader: (k: string, v: unknown) => (headers[k.toLowerCase()] = v), removeHeader: (k: string) => removed.push(k.toLowerCase()) } as never, () => nextCalls++);
  return { headers, removed: removed.sort(), nextCalls };
}

describe('securityHeaders (helmet computed once)', () => {
  const options = {
    contentSecurityPolicy: { useDefaults: true, directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
    crossOriginEmbedderPolicy: false,
  };

  it('sets exactly the headers helmet sets, and removes what helmet removes', () => {
    const want = record(helmet(options));
    const got = record(securityHeaders(options) as never);
    assert.deepEqual(got.headers, want.headers);
    assert.deepEqual(got.removed, want.removed);
    assert.equal(got.nextCalls, 1);
    assert.match(String(got.headers['content-security-policy']), /script-src 'self'/);
    assert.ok(got.headers['strict-transport-security']);
  });

  it('uses the precomputed headers (not helmet per request) and the same for every request', () => {
    const mw = securityHeaders(options);
    assert.equal(mw.name, 'securityHeadersMiddleware');
    assert.deepEqual(record(mw as never, { headers: { host: 'a' } }).headers, record(mw as never, { headers: { host: 'b', 'user-agent': 'x' } }).headers);
  });

  it("the app's own options (request-pipeline.ts, used by the app and the hand-off front door): helmet's headers, precomputed", () => {
    const mw = securityHeaders(SECURITY_HEADER_OPTIONS);
    assert.equal(mw.name, 'securityHeadersMiddleware');
    assert.deepEqual(record(mw as never).headers, record(helmet(SECURITY_HEADER_OPTIONS)).headers);
    assert.match(String(record(mw as never).headers['content-security-policy']), /connect-src 'self'/);
  });
});
