/**
 * Hostile input for every route in the OpenAPI document, as every role and without a session:
 * every answer is a 2xx/3xx/4xx with the documented error body, never a 5xx or a stack trace, and a
 * rejected state-changing request changes nothing in the database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { AGENT, createTestApp, ORG_ADMIN, SUPERVISOR, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode } from './support/connect.js';

const TOTAL_TARGET = Number(process.env.FUZZ_REQUESTS ?? 10_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** Tables that record rejected requests on purpose (security logging, counters, recorded hand-off attempts). */
const LOGGING_TABLES = new Set(['audit_events', 'rate_limits', 'login_attempts', 'login_attempt_reasons', 'handoff_nonces', 'migrations']);
/** Columns that change on every authenticated request by design (a session's idle timer). */
const VOLATILE_COLUMNS: Record<string, string[]> = { sessions: ['lastSeenAt'] };

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200B\u200C\u200D\uFEFF',
  'аdmin@northwind.test', // Cyrillic а
  'ＡＢＣ',
  '𝕏'.repeat(50),
  "' OR '1'='1",
  "'; DROP TABLE identities; --",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00',
  '%',
  '_',
  '\\',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  '[]',
  '{}',
  '[0,1e100]',
  '["id","ASC"]',
  '{"__proto__":{"polluted":true}}',
  'x'.repeat(5000),
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid().map(String) },
);
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(-1, 0, 1, -2147483649, 2 ** 53 + 1, 1e308, -1e308, 0.5, true, false, null),
  fc.integer(),
  fc.double({ noNaN: true }),
);
const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : { a: [deep(depth - 1)] });
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(deep(60), deep(5)) },
);

interface Operation {
  method: string;
  path: string;
  key: string;
  bodyFields: string[];
  queryFields: string[];
  isList: boolean;
}

interface Req {
  path: string;
  query: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; text: string } | { kind: 'none' };
}

function requestArbitrary(op: Operation, existingIds: string[]): fc.Arbitrary<Req> {
  const idArb = fc.oneof(
    // ids of rows that exist (so requests reach the code behind the lookup), and hostile ones
    { weight: 3, arbitrary: fc.constantFrom(...existingIds) },
    { weight: 1, arbitrary: fc.uuid().map(String) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom('myvisma', 'azets-work', '1', '0') },
  );
  const pathArb = fc.tuple(...[...op.path.matchAll(/:(\w+)/g)].map(() => idArb)).map((values) => {
    let i = 0;
    return op.path.replace(/:(\w+)/g, () => encodeURIComponent(String(values[i++] ?? 'x')).slice(0, 2000) || 'x');
  });
  const listKeys = op.isList ? ['range', 'sort', 'filter'] : [];
  const queryArb = fc.dictionary(fc.constantFrom(...listKeys, ...op.queryFields, 'extra', 'q'), fc.oneof(hostileString, hostileValue.map((v) => JSON.stringify(v) ?? 'null')), { maxKeys: 4 });
  const objectFromFields = fc.record(Object.fromEntries([...op.bodyFields, 'unexpected'].map((f) => [f, hostileValue])), { requiredKeys: [] });
  const bodyArb: fc.Arbitrary<Req['body']> = fc.oneof(
    { weight: 5, arbitrary: objectFromFields.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'raw' as const, type: 'application/json', text: '{"unterminated": ' },
        { kind: 'raw' as const, type: 'application/json', text: JSON.stringify({ big: 'x'.repeat(1024 * 1024) }) },
        { kind: 'raw' as const, type: 'text/plain', text: 'hello' },
        { kind: 'raw' as const, type: 'application/xml', text: '<?xml version="1.0"?><a/>' },
        { kind: 'raw' as const, type: 'application/x-www-form-urlencoded', text: 'email=a&password=b&__proto__[x]=1' },
        { kind: 'raw' as const, type: 'application/json', text: '[' .repeat(5000) + ']'.repeat(5000) },
      ),
    },
  );
  return fc.record({ path: pathArb, query: queryArb, body: bodyArb });
}

describe('hostile input on every route', () => {
  let t: TestApp;
  let ops: Operation[];
  /** Callers: none, each staff role, and an end user with a Connect session. */
  const clients: Record<string, { cookie: string; csrf?: string } | null> = {};
  const existingIds: string[] = [];

  before(async () => {
    t = await createTestApp();
    const doc = (await t.http.get('/api/docs-json')).body;
    const schemas = doc.components?.schemas ?? {};
    ops = [];
    for (const [p, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? schemas[ref.split('/').pop()!] : op.requestBody?.content?.['application/json']?.schema;
        const path = p.replace(/\{(\w+)\}/g, ':$1');
        ops.push({
          method: method.toUpperCase(),
          path,
          key: `${method.toUpperCase()} ${path}`,
          bodyFields: Object.keys(schema?.properties ?? {}),
          queryFields: (op.parameters ?? []).filter((x: any) => x.in === 'query').map((x: any) => x.name),
          isList: (op.parameters ?? []).some((x: any) => x.name === 'range'),
        });
      }
    }
    ops = ops.filter((o) => o.key !== 'POST /api/auth/sign-out');
    clients.anonymous = null;
    clients.agent = await t.signIn(AGENT);
    const supervisorClient = await t.signIn(SUPERVISOR);
    await supervisorClient.stepUp();
    clients.supervisor = supervisorClient;
    const orgAdmin = await t.signIn(ORG_ADMIN);
    await orgAdmin.stepUp();
    clients.orgAdmin = orgAdmin;
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';
    const user = await makeIdentity(t, 'fuzz.user@northwind.test', { totpSecret: secret, emergencyCode: randomOneTimeCode() });
    const connect = new ConnectClient(t);
    const challenge = await connect.challenge(user.email);
    t.clock.advanceSeconds(30);
    const done = await connect.post('sign-in/totp', { challenge, code: independentTotp(secret, t.clock.nowMs()) });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.next, 'signed-in');
    clients.connectUser = { cookie: connect.cookie! };
    // ids of existing rows of every list resource
    const supervisor = supervisorClient;
    for (const op of ops.filter((o) => o.isList && !o.path.includes(':'))) {
      const r = await supervisor.get(`${op.path}?range=[0,19]`);
      if (r.status === 200 && Array.isArray(r.body)) for (const row of r.body as { id?: string | number }[]) if (row.id !== undefined) existingIds.push(String(row.id));
    }
    assert.ok(existingIds.length > 50, `existing ids: ${existingIds.length}`);
  });
  after(async () => t.close());

  /** A hash of every row of every table that a rejected request must not touch (not only the row counts). */
  async function fingerprint(): Promise<string> {
    const out: string[] = [];
    for (const meta of [...t.ds.entityMetadatas].sort((a, b) => a.tableName.localeCompare(b.tableName))) {
      if (LOGGING_TABLES.has(meta.tableName)) continue;
      const skip = new Set(VOLATILE_COLUMNS[meta.tableName] ?? []);
      const columns = meta.columns.map((c) => c.databaseName).filter((c) => !skip.has(c));
      const order = meta.primaryColumns.map((c) => `"${c.databaseName}"`).join(', ');
      const rows: unknown[] = await t.ds.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${meta.tableName}" ORDER BY ${order}`);
      out.push(`${meta.tableName}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`);
    }
    return out.join(',');
  }

  it(`answers ${TOTAL_TARGET}+ hostile requests without a 5xx, a stack trace, or a change from a rejected request`, { timeout: 30 * 60_000 }, async () => {
    // the pairs walked below: every operation for every caller, except a Connect user signing itself out
    const skip = (role: string, key: string) => role === 'connectUser' && key === 'POST /api/connect/sign-out';
    const pairs = ops.length * Object.keys(clients).length - ops.filter((op) => Object.keys(clients).some((role) => skip(role, op.key))).length;
    const perOp = Math.ceil(TOTAL_TARGET / pairs);
    const counts: Record<string, Record<number, number>> = {};
    const failures: string[] = [];
    let total = 0;
    let seed = SEED;
    for (const op of ops) {
      counts[op.key] = {};
      for (const [role, client] of Object.entries(clients)) {
        if (skip(role, op.key)) continue;
        const samples = fc.sample(requestArbitrary(op, existingIds), { numRuns: perOp, seed: seed++ });
        for (const r of samples) {
          const qs = new URLSearchParams(r.query).toString();
          const url = r.path + (qs ? `?${qs}` : '');
          const isWrite = op.method !== 'GET' && op.method !== 'HEAD';
          // mail an earlier accepted request wrote is being delivered in the background (status, sentAt): settle it first
          if (isWrite) await t.app.get(OutboxService).deliverPending();
          const before = isWrite ? await fingerprint() : '';
          let req = (t.http as any)[op.method.toLowerCase()](url);
          if (client) {
            req = req.set('Cookie', client.cookie);
            if (isWrite && client.csrf) req = req.set('X-CSRF-Token', client.csrf);
          }
          if (isWrite || r.body.kind !== 'none') {
            if (r.body.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(r.body.value) ?? 'null');
            else if (r.body.kind === 'raw') req = req.set('Content-Type', r.body.type).send(r.body.text);
          }
          const res = await req;
          total++;
          counts[op.key][res.status] = (counts[op.key][res.status] ?? 0) + 1;
          const where = `${op.method} ${url.slice(0, 200)} as ${role}`;
          if (res.status >= 500) failures.push(`${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          if (/\bat [\w.<>]+ \(|\.ts:\d+:\d+|node_modules\//.test(res.text ?? '')) failures.push(`${where} leaked a stack trace`);
          if (res.status >= 400 && /json/.test(res.headers['content-type'] ?? '')) {
            const b = res.body;
            if (b.statusCode !== res.status || typeof b.code !== 'string' || typeof b.message !== 'string') failures.push(`${where} → undocumented error body ${JSON.stringify(b).slice(0, 200)}`);
          }
          if (isWrite && res.status >= 400) {
            const afterFp = await fingerprint();
            if (afterFp !== before) {
              const changed = afterFp.split(',').filter((x) => !before.split(',').includes(x)).map((x) => x.split(':')[0]);
              failures.push(`${where} → ${res.status} but rows changed in ${changed.join(', ')}`);
            }
          }
          if (failures.length > 20) break;
        }
      }
    }
    const lines = Object.entries(counts).map(([k, v]) => `${k.padEnd(60)} ${Object.entries(v).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`fuzz: ${total} requests over ${ops.length} operations × ${Object.keys(clients).length} callers\n${lines.join('\n')}`);
    assert.deepEqual(failures, []);
    assert.ok(total >= TOTAL_TARGET, `only ${total} requests`);
  });
});
