/**
 * BENCHMARK REFERENCE ONLY — never used by the product.
 *
 * The "raw baseline" of issue 9: a minimal node:http server with better-sqlite3 prepared statements that makes
 * the same hand-off decision as POST /api/portals/:portal/handoff (verify the HMAC, freshness, nonce insert,
 * organization status, add-on status, exact e-mail match, user active) and records the login attempt, so the
 * benchmark can report how close the real server (NestJS + TypeORM + the one rules engine in
 * server/src/sign-in/sign-in.rules.ts) gets to the floor set by the database and HTTP. It is the only other
 * place these checks are written down, deliberately, as the yardstick; it is not a second implementation of the
 * product and nothing imports it.
 *
 *   node --import @swc-node/register/esm-register bench/baseline-server.ts --database bench/data/scale.sqlite [--port 0]
 *   (DATA_ENCRYPTION_KEY: the key the connection secrets were sealed with, 64 hex characters)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ADDON_OF_PORTAL, secretBoxFromEnv, serveBaseline, signatureCause, type HandoffBody } from './baseline-http.js';

const { values } = parseArgs({ options: { database: { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values.database) throw new Error('--database is required');
const box = secretBoxFromEnv();

const db = new Database(values.database);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

const q = {
  connection: db.prepare('SELECT id, "secretEnc", enabled FROM portal_connections WHERE "portalId" = ? AND "organizationId" = ?'),
  org: db.prepare('SELECT "severaStatus" FROM organizations WHERE id = ?'),
  addon: db.prepare('SELECT status FROM organization_addons WHERE "organizationId" = ? AND "addonId" = ?'),
  users: db.prepare('SELECT id, email, active FROM severa_users WHERE "organizationId" = ? AND email = ?'),
  nonce: db.prepare('INSERT OR IGNORE INTO handoff_nonces (key, "createdAt") VALUES (?, ?)'),
  attempt: db.prepare('INSERT INTO login_attempts (id, "portalId", "organizationId", email, result, reasons, detail, "requestId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)'),
  reason: db.prepare('INSERT INTO login_attempt_reasons ("attemptId", reason, "createdAt") VALUES (?, ?, ?)'),
  success: db.prepare('UPDATE portal_connections SET "lastSuccessAt" = ? WHERE id = ?'),
  failure: db.prepare('UPDATE portal_connections SET "lastFailureAt" = ?, "lastFailureCause" = ? WHERE id = ?'),
  session: db.prepare('INSERT INTO severa_sessions (id, "severaUserId", "portalId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?)'),
};
const ts = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 23);

const decide = db.transaction((portal: string, raw: Buffer, signature: string, body: HandoffBody) => {
  const now = new Date();
  const at = ts(now);
  const reasons: string[] = [];
  const conn = q.connection.get(portal, body.organizationId) as { id: string; secretEnc: string; enabled: number } | undefined;
  let connOk = false;
  let cause = 'not configured';
  if (conn && conn.enabled) {
    const signed = signatureCause(box, conn, raw, signature, body, now);
    if (signed) cause = signed;
    else if (q.nonce.run(`${portal}:${body.organizationId}:${body.nonce}`, at).changes !== 1) cause = 'replayed';
    else connOk = true;
  } else if (conn) cause = 'disabled';
  if (!connOk) reasons.push('PORTAL_CONNECTION_FAILED');
  const org = q.org.get(body.organizationId) as { severaStatus: string } | undefined;
  if (!org || org.severaStatus !== 'active') reasons.push('ORGANIZATION_LEFT_SEVERA');
  const addon = org ? (q.addon.get(body.organizationId, ADDON_OF_PORTAL[portal]) as { status: string } | undefined) : undefined;
  if (org && addon?.status !== 'active') reasons.push('ADDON_NOT_ACTIVE');
  const users = org ? (q.users.all(body.organizationId, body.email) as { id: string; email: string; active: number }[]).filter((u) => u.email === body.email) : [];
  const user = users.find((u) => u.active) ?? users[0];
  if (!user) reasons.push('EMAIL_NOT_FOUND');
  else if (!user.active) reasons.push('SEVERA_USER_INACTIVE');

  const attemptId = randomUUID();
  q.attempt.run(attemptId, portal, org ? body.organizationId : null, body.email, reasons.length ? 'failure' : 'success', JSON.stringify(reasons), at);
  for (const r of reasons) q.reason.run(attemptId, r, at);
  if (conn) {
    if (connOk) q.success.run(at, conn.id);
    else q.failure.run(at, cause, conn.id);
  }
  if (reasons.length) return null;
  const token = randomBytes(32).toString('base64url');
  q.session.run(createHash('sha256').update(token).digest('hex'), user.id, portal, at, ts(new Date(now.getTime() + 8 * 3600_000)));
  return token;
});

serveBaseline('baseline', values.host, Number(values.port), decide, () => void db.close());
