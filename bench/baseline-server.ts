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
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SecretBox, sealContext } from '../server/src/common/crypto.js';

const { values } = parseArgs({ options: { database: { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values.database) throw new Error('--database is required');
const keyHex = process.env.DATA_ENCRYPTION_KEY ?? '';
if (!/^[0-9a-f]{64}$/i.test(keyHex)) throw new Error('DATA_ENCRYPTION_KEY (64 hex characters) is required');
const box = new SecretBox(Buffer.from(keyHex, 'hex'));

const db = new Database(values.database);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

const ADDON: Record<string, string> = { myvisma: 'myvisma-addon', 'azets-work': 'azets-work-addon' };
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

interface Body {
  organizationId: string;
  email: string;
  issuedAt: number;
  nonce: string;
}

const decide = db.transaction((portal: string, raw: Buffer, signature: string, body: Body) => {
  const now = new Date();
  const at = ts(now);
  const reasons: string[] = [];
  const conn = q.connection.get(portal, body.organizationId) as { id: string; secretEnc: string; enabled: number } | undefined;
  let connOk = false;
  let cause = 'not configured';
  if (conn && conn.enabled) {
    const expected = createHmac('sha256', box.open(conn.secretEnc, sealContext('portal_connections', 'secretEnc', conn.id))).update(raw).digest();
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : null;
    if (!given || !timingSafeEqual(expected, given)) cause = 'bad signature';
    else if (Math.abs(now.getTime() / 1000 - body.issuedAt) > 300) cause = 'stale';
    else if (q.nonce.run(`${portal}:${body.organizationId}:${body.nonce}`, at).changes !== 1) cause = 'replayed';
    else connOk = true;
  } else if (conn) cause = 'disabled';
  if (!connOk) reasons.push('PORTAL_CONNECTION_FAILED');
  const org = q.org.get(body.organizationId) as { severaStatus: string } | undefined;
  if (!org || org.severaStatus !== 'active') reasons.push('ORGANIZATION_LEFT_SEVERA');
  const addon = org ? (q.addon.get(body.organizationId, ADDON[portal]) as { status: string } | undefined) : undefined;
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
  q.session.run(createHash('sha256').update(token).digest('hex'), user!.id, portal, at, ts(new Date(now.getTime() + 8 * 3600_000)));
  return token;
});

function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
  const m = /^\/api\/portals\/(myvisma|azets-work)\/handoff$/.exec(req.url ?? '');
  if (req.method === 'GET' && req.url === '/api/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  if (req.method !== 'POST' || !m) return void res.writeHead(404).end();
  let body: Body;
  try {
    body = JSON.parse(raw.toString('utf8'));
    if (typeof body.organizationId !== 'string' || typeof body.email !== 'string' || typeof body.nonce !== 'string' || !Number.isFinite(body.issuedAt)) throw new Error('bad');
  } catch {
    return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed hand-off');
  }
  const token = decide(m[1], raw, String(req.headers['x-portal-signature'] ?? ''), body);
  if (token) {
    res.writeHead(303, { location: '/severa/', 'set-cookie': `severa_session=${token}; Path=/severa; HttpOnly; SameSite=Lax` }).end();
  } else {
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Sign-in could not be completed</title><p>Sign-in to Severa could not be completed. Contact your administrator.</p>');
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      handle(req, res, Buffer.concat(chunks));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});
server.listen(Number(values.port), values.host, () => {
  const a = server.address();
  process.stdout.write(`baseline listening on ${typeof a === 'object' && a ? a.port : values.port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    db.close();
    process.exit(0);
  });
});
