/**
 * The route × role × tenant matrix: walks every operation in the OpenAPI document against the
 * authorization table (shared/access-policy.ts) for every role and for no session.
 * A route missing from the table, a stale row, or a route answering differently breaks the build.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { ACCESS_POLICY, policyKey, type RoutePolicy } from '../shared/access-policy.js';
import { StaffRole } from '../shared/roles.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** Routes whose side effects would disturb the walk; they have dedicated tests. */
const NOT_WALKED = new Set(['POST /api/auth/sign-out']);

interface Operation {
  method: string;
  path: string;
  key: string;
}

/**
 * For org admins: a resource inside their organization and one outside, per GET route with an id.
 * Each query returns [ownId, foreignId] given the Northwind organization id.
 */
const TENANT_FIXTURES: Record<string, (t: TestApp, own: string) => Promise<[string, string]>> = {
  '/api/organizations/:id': async (t, own) => [own, await one(t, `SELECT id FROM organizations WHERE id <> $1`, own)],
  '/api/severa-users/:id': (t, own) => pair(t, 'severa_users', '"organizationId"', own),
  '/api/portal-accounts/:id': (t, own) => pair(t, 'portal_accounts', '"organizationId"', own),
  '/api/login-attempts/:id': (t, own) => pair(t, 'login_attempts', '"organizationId"', own),
  '/api/tickets/:id': (t, own) => pair(t, 'tickets', '"organizationId"', own),
  '/api/organization-addons/:id': (t, own) => pair(t, 'organization_addons', '"organizationId"', own),
  '/api/portal-connections/:id': (t, own) => pair(t, 'portal_connections', '"organizationId"', own),
  '/api/identities/:id': async (t, own) => [
    await one(t, `SELECT "identityId" AS id FROM severa_users WHERE "organizationId" = $1 AND "identityId" IS NOT NULL`, own),
    await one(t, `SELECT id FROM identities WHERE id NOT IN (SELECT "identityId" FROM severa_users WHERE "organizationId" = $1 AND "identityId" IS NOT NULL)`, own),
  ],
  '/api/invitation-requests/:id': async (t, own) => {
    const { InvitationRequest } = await import('../server/src/identities/invitation-request.entity.js');
    const foreign = await one(t, `SELECT id FROM organizations WHERE id <> $1`, own);
    const row = (organizationId: string, id: string) => ({ id, organizationId, ticketId: null, email: `fixture.${id.slice(0, 4)}@example.test`, displayName: 'Fixture', status: 'pending', requestedById: id, decidedById: null, createdAt: new Date(), decidedAt: null });
    const ids: [string, string] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await t.ds.getRepository(InvitationRequest).upsert([row(own, ids[0]), row(foreign, ids[1])], ['id']);
    return ids;
  },
  '/api/audit-events/:id': async (t, own) => {
    const foreign = await one(t, `SELECT id FROM audit_events WHERE "organizationId" IS NULL OR "organizationId" <> $1`, own);
    return [String(await ownAuditEvent(t, own)), foreign];
  },
};

async function one(t: TestApp, sql: string, param: string): Promise<string> {
  const q = t.db.isPostgres ? sql : sql.replace(/\$1/g, '?');
  const rows = await t.ds.query(q + ' LIMIT 1', [param]);
  assert.ok(rows.length, `fixture query found nothing: ${sql}`);
  return String(rows[0].id);
}
async function pair(t: TestApp, table: string, col: string, own: string): Promise<[string, string]> {
  return [await one(t, `SELECT id FROM ${table} WHERE ${col} = $1`, own), await one(t, `SELECT id FROM ${table} WHERE ${col} <> $1`, own)];
}
async function ownAuditEvent(t: TestApp, own: string): Promise<number> {
  const { AuditService } = await import('../server/src/audit/audit.service.js');
  const e = await t.app.get(AuditService).record({ action: 'test.fixture', targetType: 'organization', targetId: own, organizationId: own, actor: { id: null, email: null, role: 'system' } });
  return e.id;
}

function fill(path: string): string {
  return path.replace(/:(\w+)/g, (_, name) => (name === 'portal' ? 'myvisma' : UNKNOWN_ID));
}

describe('authorization matrix', () => {
  let t: TestApp;
  let ops: Operation[];
  const clients: Partial<Record<StaffRole, StaffClient>> = {};
  before(async () => {
    t = await createTestApp();
    const doc = (await t.http.get('/api/docs-json')).body;
    ops = [];
    for (const [p, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(item)) {
        const path = p.replace(/\{(\w+)\}/g, ':$1');
        ops.push({ method: method.toUpperCase(), path, key: policyKey(method, path) });
      }
    }
    clients[StaffRole.SUPPORT_AGENT] = await t.signIn(AGENT);
    clients[StaffRole.SUPERVISOR] = await t.signIn(SUPERVISOR);
    clients[StaffRole.ORG_ADMIN] = await t.signIn(ORG_ADMIN);
  });
  after(async () => t.close());

  it('every route in the OpenAPI document has a row in the table, and every row a route', () => {
    const missing = ops.filter((o) => !ACCESS_POLICY[o.key]).map((o) => o.key);
    assert.deepEqual(missing, [], 'routes without an access policy');
    const documented = new Set(ops.map((o) => o.key));
    assert.deepEqual(Object.keys(ACCESS_POLICY).filter((k) => !documented.has(k)), [], 'policy rows without a route');
  });

  it('without a session, only public routes answer', async () => {
    for (const op of ops) {
      if (NOT_WALKED.has(op.key)) continue;
      const policy = ACCESS_POLICY[op.key];
      const r = await (t.http as unknown as Record<string, (url: string) => ReturnType<typeof t.http.get>>)[op.method.toLowerCase()](fill(op.path)).send({});
      if (policy.public) assert.notEqual(r.body?.code, 'UNAUTHENTICATED', `${op.key} is public`);
      else {
        assert.equal(r.status, 401, `${op.key} without a session`);
        assert.equal(r.body.code, 'UNAUTHENTICATED', op.key);
      }
    }
  });

  for (const role of [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN]) {
    it(`as ${role}: refused routes are 403, step-up routes ask for it, the rest pass the guard`, async () => {
      const c = clients[role]!;
      const counts = { allowed: 0, refused: 0, stepUp: 0, public: 0 };
      for (const op of ops) {
        if (NOT_WALKED.has(op.key)) continue;
        const policy: RoutePolicy = ACCESS_POLICY[op.key];
        const path = fill(op.path);
        const m = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const r = m === 'get' || m === 'delete' ? await c[m](path) : await c[m](path, {});
        assert.ok(r.status < 500, `${op.key} as ${role} answered ${r.status}: ${JSON.stringify(r.body)}`);
        if (policy.public) {
          counts.public++;
          continue;
        }
        if (!policy.roles.includes(role)) {
          counts.refused++;
          assert.equal(r.status, 403, `${op.key} must be refused to ${role}`);
          assert.equal(r.body.code, 'FORBIDDEN', op.key);
        } else if (policy.stepUp) {
          counts.stepUp++;
          assert.equal(r.status, 401, `${op.key} must ask ${role} to step up`);
          assert.equal(r.body.code, 'STEP_UP_REQUIRED', op.key);
        } else {
          counts.allowed++;
          assert.ok(!(r.status === 403 && r.body.code === 'FORBIDDEN') && r.body?.code !== 'UNAUTHENTICATED', `${op.key} must be open to ${role}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
      console.log(`${role}: ${JSON.stringify(counts)}`);
    });
  }

  it('org admins: inside their organization a thing is there, outside it is 404 like a missing one', async () => {
    const admin = clients[StaffRole.ORG_ADMIN]!;
    const own = admin.user.organizationIds[0];
    const idRoutes = ops.filter((o) => o.method === 'GET' && /\/:id$/.test(o.path) && !ACCESS_POLICY[o.key].public && (ACCESS_POLICY[o.key] as { roles: StaffRole[] }).roles.includes(StaffRole.ORG_ADMIN));
    const uncovered = idRoutes.filter((o) => !TENANT_FIXTURES[o.path]).map((o) => o.key);
    assert.deepEqual(uncovered, [], 'GET routes open to org admins need a tenant fixture in this test');
    for (const op of idRoutes) {
      const [mine, theirs] = await TENANT_FIXTURES[op.path](t, own);
      const inside = await admin.get(op.path.replace(':id', mine));
      assert.equal(inside.status, 200, `${op.key} inside the org: ${JSON.stringify(inside.body)}`);
      const outside = await admin.get(op.path.replace(':id', theirs));
      assert.equal(outside.status, 404, `${op.key} outside the org`);
      const missing = await admin.get(op.path.replace(':id', UNKNOWN_ID));
      assert.equal(outside.body.code, missing.body.code, op.key);
      const staff = await clients[StaffRole.SUPERVISOR]!.get(op.path.replace(':id', theirs));
      assert.equal(staff.status, 200, `${op.key} for a supervisor`);
    }
  });
});
