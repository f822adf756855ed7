/**
 * The OpenAPI document tells the truth: every operation declares who may call it (from the authorization table),
 * the error answers are documented, validator limits appear in the schemas, and Spectral with the OWASP API
 * ruleset (.spectral.mjs) finds nothing, not even a warning.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from './create-test-app.js';
import { ACCESS_POLICY } from '../shared/access-policy.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  const ops: { path: string; method: string; op: any; key: string }[] = [];
  before(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/api/docs-json')).body;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of METHODS) if (item[method]) ops.push({ path, method, op: item[method], key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}` });
    }
  });
  after(async () => t.close());

  it('every operation declares its security: staff routes the session cookie (and CSRF token for changes), public ones anonymous', () => {
    assert.ok(ops.length >= 89);
    for (const { key, op, method } of ops) {
      const policy = ACCESS_POLICY[key];
      assert.ok(policy, `${key} has a policy row`);
      assert.ok(Array.isArray(op.security) && op.security.length > 0, `${key} declares security`);
      if (!policy.public) {
        assert.deepEqual(op.security, [method === 'get' ? { staff_session: [] } : { staff_session: [], csrf_token: [] }], key);
        assert.ok(op.responses['401']?.content && op.responses['403']?.content, `${key} documents 401 and 403`);
      }
    }
    const byKey = Object.fromEntries(ops.map((o) => [o.key, o.op]));
    assert.deepEqual(byKey['GET /api/health'].security, [{}]);
    assert.deepEqual(byKey['POST /api/auth/sign-in'].security, [{}]);
    assert.deepEqual(byKey['POST /api/connect/enrolment/totp'].security, [{ connect_session: [] }]);
    assert.deepEqual(byKey['POST /api/portals/{portal}/handoff'.replace('{portal}', ':portal')].security, [{ portal_signature: [] }]);
    assert.equal(doc.components.securitySchemes.staff_session.name, 'ad_session');
  });

  it('documents 404, 409, 413, 429 and 503 where they occur, with the error body', () => {
    const byKey = Object.fromEntries(ops.map((o) => [o.key, o.op]));
    assert.ok(byKey['GET /api/tickets/:id'].responses['404'].content);
    assert.ok(byKey['PUT /api/tickets/:id'].responses['409'].content);
    assert.ok(byKey['POST /api/tickets'].responses['413'].content);
    const signIn = byKey['POST /api/auth/sign-in'].responses;
    assert.ok(signIn['429'].content && signIn['429'].headers['Retry-After']);
    assert.ok(signIn['200'].headers['X-RateLimit-Limit']);
    // the routes that run the password KDF declare its 503 SERVER_BUSY (common/kdf-gate.ts), the others do not
    const kdfRoutes = ops.filter((o) => /SERVER_BUSY/.test(o.op.responses['503']?.description ?? '')).map((o) => o.key).sort();
    assert.deepEqual(kdfRoutes, ['POST /api/auth/sign-in', 'POST /api/connect/activation', 'POST /api/connect/password-reset', 'POST /api/connect/sign-in']);
    for (const k of kdfRoutes) assert.ok(byKey[k].responses['503'].content && byKey[k].responses['503'].headers['Retry-After'], k);
    assert.equal(doc.components.schemas.ErrorBody.required.join(), 'statusCode,code,message');
  });

  it('string lengths, formats and array sizes the validators enforce are in the schemas', () => {
    const s = doc.components.schemas;
    assert.equal(s.CreateTicketDto.properties.identityId.maxLength, 64);
    assert.equal(s.CreateTicketDto.additionalProperties, false);
    for (const [name, schema] of Object.entries<any>(s)) {
      for (const [prop, p] of Object.entries<any>(schema.properties ?? {})) {
        if (p.type === 'string') assert.ok(p.maxLength || p.enum, `${name}.${prop} has a maxLength`);
        if (p.type === 'array') assert.ok(p.maxItems, `${name}.${prop} has maxItems`);
      }
    }
  });

  it('Spectral with the OWASP API ruleset reports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const { stdout } = await promisify(execFile)(join('node_modules', '.bin', 'spectral'), ['lint', file, '-r', '.spectral.mjs', '-f', 'json', '--fail-severity', 'hint', '-q'], { maxBuffer: 50_000_000 }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
      const results = JSON.parse(stdout.slice(0, stdout.lastIndexOf(']') + 1) || '[]') as { code: string; path: string[]; message: string }[];
      assert.deepEqual(results.map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
