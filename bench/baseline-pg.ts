/**
 * BENCHMARK REFERENCE ONLY — never used by the product.
 *
 * The raw PostgreSQL baseline (issue 17): the same yardstick as bench/baseline-server.ts (read its header), on
 * PostgreSQL with node-postgres: node:http, a `pg` pool of 10 connections (the size the server's pool has), and the
 * hand-off's statements — connection, organization, add-on, exact e-mail match, nonce insert, attempt + reasons,
 * connection stamp, Severa session — in ONE transaction per request, each a named (prepared) statement.
 *
 *   node --import @swc-node/register/esm-register bench/baseline-pg.ts --database-url postgres://… [--port 0]
 *   (DATA_ENCRYPTION_KEY: the key the connection secrets were sealed with, 64 hex characters)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ADDON_OF_PORTAL, secretBoxFromEnv, serveBaseline, signatureCause, type HandoffBody } from './baseline-http.js';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values['database-url']) throw new Error('--database-url is required');
const box = secretBoxFromEnv();
const pool = new pg.Pool({ connectionString: values['database-url'], max: 10 });

const S = (name: string, text: string) => (values: unknown[]) => ({ name, text, values });
const q = {
  connection: S('b_conn', 'SELECT id, "secretEnc", enabled FROM portal_connections WHERE "portalId" = $1 AND "organizationId" = $2'),
  org: S('b_org', 'SELECT "severaStatus" FROM organizations WHERE id = $1'),
  addon: S('b_addon', 'SELECT status FROM organization_addons WHERE "organizationId" = $1 AND "addonId" = $2'),
  users: S('b_users', 'SELECT id, email, active FROM severa_users WHERE "organizationId" = $1 AND email = $2'),
  nonce: S('b_nonce', 'INSERT INTO handoff_nonces (key, "createdAt") VALUES ($1, $2) ON CONFLICT (key) DO NOTHING'),
  attempt: S('b_attempt', 'INSERT INTO login_attempts (id, "portalId", "organizationId", email, result, reasons, detail, "requestId", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7)'),
  reason: S('b_reason', 'INSERT INTO login_attempt_reasons ("attemptId", reason, "createdAt") VALUES ($1, $2, $3)'),
  success: S('b_success', 'UPDATE portal_connections SET "lastSuccessAt" = $1 WHERE id = $2'),
  failure: S('b_failure', 'UPDATE portal_connections SET "lastFailureAt" = $1, "lastFailureCause" = $2 WHERE id = $3'),
  session: S('b_session', 'INSERT INTO severa_sessions (id, "severaUserId", "portalId", "createdAt", "expiresAt") VALUES ($1, $2, $3, $4, $5)'),
};

async function decide(portal: string, raw: Buffer, signature: string, body: HandoffBody): Promise<string | null> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const now = new Date();
    const reasons: string[] = [];
    const conn = (await c.query(q.connection([portal, body.organizationId]))).rows[0] as { id: string; secretEnc: string; enabled: boolean } | undefined;
    let connOk = false;
    let cause = 'not configured';
    if (conn && conn.enabled) {
      const signed = signatureCause(box, conn, raw, signature, body, now);
      if (signed) cause = signed;
      else if ((await c.query(q.nonce([`${portal}:${body.organizationId}:${body.nonce}`, now]))).rowCount !== 1) cause = 'replayed';
      else connOk = true;
    } else if (conn) cause = 'disabled';
    if (!connOk) reasons.push('PORTAL_CONNECTION_FAILED');
    const org = (await c.query(q.org([body.organizationId]))).rows[0] as { severaStatus: string } | undefined;
    if (!org || org.severaStatus !== 'active') reasons.push('ORGANIZATION_LEFT_SEVERA');
    const addon = org ? ((await c.query(q.addon([body.organizationId, ADDON_OF_PORTAL[portal]]))).rows[0] as { status: string } | undefined) : undefined;
    if (org && addon?.status !== 'active') reasons.push('ADDON_NOT_ACTIVE');
    const users = org ? ((await c.query(q.users([body.organizationId, body.email]))).rows as { id: string; email: string; active: boolean }[]).filter((u) => u.email === body.email) : [];
    const user = users.find((u) => u.active) ?? users[0];
    if (!user) reasons.push('EMAIL_NOT_FOUND');
    else if (!user.active) reasons.push('SEVERA_USER_INACTIVE');

    const attemptId = randomUUID();
    await c.query(q.attempt([attemptId, portal, org ? body.organizationId : null, body.email, reasons.length ? 'failure' : 'success', JSON.stringify(reasons), now]));
    for (const r of reasons) await c.query(q.reason([attemptId, r, now]));
    if (conn) {
      if (connOk) await c.query(q.success([now, conn.id]));
      else await c.query(q.failure([now, cause, conn.id]));
    }
    let token: string | null = null;
    if (!reasons.length) {
      token = randomBytes(32).toString('base64url');
      await c.query(q.session([createHash('sha256').update(token).digest('hex'), user.id, portal, now, new Date(now.getTime() + 8 * 3600_000)]));
    }
    await c.query('COMMIT');
    return token;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

serveBaseline('pg baseline', values.host, Number(values.port), decide, () => pool.end());
