import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, SUPERVISOR, type TestApp } from './create-test-app.js';
import { BODY_SHAPE } from '../server/src/common/body-shape.js';
import { MAX_FIELD_ERRORS } from '../server/src/common/validation.js';

/**
 * Bodies whose shape alone makes validation expensive (thousands of unknown keys: class-validator walks and names
 * each) are refused by a cheap walk before validation runs, and error bodies name a bounded number of fields.
 */
describe('body shape limits', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const keys = (n: number, extra: Record<string, unknown> = {}) => ({ ...extra, ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) });

  it('thousands of unknown keys on a public route: 400 BAD_REQUEST from the shape check, not a validation report', async () => {
    for (const path of ['/api/auth/sign-in', '/api/portals/myvisma/handoff', '/api/connect/sign-in']) {
      const r = await t.http.post(path).send(keys(5000, { email: 'a@b.test', password: 'x' }));
      assert.equal(r.status, 400, path);
      assert.equal(r.body.code, 'BAD_REQUEST', `${path}: ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.match(r.body.message, new RegExp(`more than ${BODY_SHAPE.maxKeysPerObject} fields`));
      assert.equal(r.body.errors, undefined);
    }
    // Nested: many small objects add up to too many values.
    const wide = { list: Array.from({ length: 60 }, () => keys(99)) };
    const r = await t.http.post('/api/auth/sign-in').send(wide);
    assert.equal(r.status, 400);
    assert.match(r.body.message, new RegExp(`more than ${BODY_SHAPE.maxValues} values`));
    // Deep nesting is still refused.
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const d = await t.http.post('/api/auth/sign-in').send({ email: 'a@b.test', password: 'x', deep });
    assert.equal(d.status, 400);
    assert.match(d.body.message, /nested deeper/);
    // /api/health still answers.
    assert.equal((await t.http.get('/api/health')).status, 200);
  });

  it('JSON is refused on its text, before it is parsed: a 5,000-key body that is not even valid JSON gets the shape error', async () => {
    const text = JSON.stringify(keys(5000)).slice(0, -1) + ', !!!';
    for (const path of ['/api/auth/sign-in', '/api/portals/myvisma/handoff']) {
      const r = await t.http.post(path).set('Content-Type', 'application/json').send(text);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.code, 'BAD_REQUEST');
      assert.match(r.body.message, new RegExp(`more than ${BODY_SHAPE.maxKeysPerObject} fields`), `${path}: refused by the scan, not "not valid JSON"`);
    }
    // Within the limits, invalid JSON is still the parser's error.
    const bad = await t.http.post('/api/auth/sign-in').set('Content-Type', 'application/json').send('{"email": "a@b.test", !!!');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'BAD_REQUEST');
    assert.doesNotMatch(bad.body.message, /fields|values|nested/);
  });

  it("the body parser's refusals answer in the filter's words, not the parser's (no position in the text)", async () => {
    for (const path of ['/api/auth/sign-in', '/api/portals/myvisma/handoff']) {
      const bad = await t.http.post(path).set('Content-Type', 'application/json').send('{"email": "a@b.test", !!!');
      assert.deepEqual(bad.body, { statusCode: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON' }, path);
      const big = await t.http.post(path).set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@b.test', pad: 'x'.repeat(200_000) }));
      assert.deepEqual(big.body, { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' }, path);
      assert.equal(big.status, 413);
    }
  });

  it('below the limit unknown keys are a validation error that names at most a bounded number of fields', async () => {
    const r = await t.http.post('/api/auth/sign-in').send(keys(BODY_SHAPE.maxKeysPerObject - 2, { email: 'a@b.test', password: 'x' }));
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'VALIDATION_FAILED');
    assert.equal(Object.keys(r.body.errors).length, MAX_FIELD_ERRORS);
    assert.match(r.body.message, /and 78 more$/);
    assert.equal(r.body.errors.k0, 'is not an allowed field');
  });

  it('ordinary bodies pass: a staff sign-in with a normal body works', async () => {
    const sup = await t.signIn(SUPERVISOR);
    assert.ok(sup.csrf);
  });
});
