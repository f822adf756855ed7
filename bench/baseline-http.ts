/**
 * BENCHMARK REFERENCE ONLY — never used by the product.
 *
 * What both raw baselines (bench/baseline-server.ts on SQLite, bench/baseline-pg.ts on PostgreSQL) share: the
 * connection-secret box from DATA_ENCRYPTION_KEY, the hand-off body, the HMAC/freshness checks before the nonce,
 * and a bare node:http server that parses the body and answers 303 / 403 / 400 like the product's hand-off route.
 * Only the database work differs between the two, so only that is written in each.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SecretBox, sealContext } from '../server/src/common/crypto.js';

export interface HandoffBody {
  organizationId: string;
  email: string;
  issuedAt: number;
  nonce: string;
}

export const ADDON_OF_PORTAL: Record<string, string> = { myvisma: 'myvisma-addon', 'azets-work': 'azets-work-addon' };

/** The box the connection secrets were sealed with (DATA_ENCRYPTION_KEY, 64 hex characters). */
export function secretBoxFromEnv(): SecretBox {
  const keyHex = process.env.DATA_ENCRYPTION_KEY ?? '';
  if (!/^[0-9a-f]{64}$/i.test(keyHex)) throw new Error('DATA_ENCRYPTION_KEY (64 hex characters) is required');
  return new SecretBox(Buffer.from(keyHex, 'hex'));
}

/** The signature and freshness half of the connection check: `null` when both hold (the nonce comes next), else the cause. */
export function signatureCause(box: SecretBox, conn: { id: string; secretEnc: string }, raw: Buffer, signature: string, body: HandoffBody, now: Date): string | null {
  const expected = createHmac('sha256', box.open(conn.secretEnc, sealContext('portal_connections', 'secretEnc', conn.id))).update(raw).digest();
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : null;
  if (!given || !timingSafeEqual(expected, given)) return 'bad signature';
  if (Math.abs(now.getTime() / 1000 - body.issuedAt) > 300) return 'stale';
  return null;
}

type Decide = (portal: string, raw: Buffer, signature: string, body: HandoffBody) => string | null | Promise<string | null>;

async function handle(decide: Decide, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
  const m = /^\/api\/portals\/(myvisma|azets-work)\/handoff$/.exec(req.url ?? '');
  if (req.method === 'GET' && req.url === '/api/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  if (req.method !== 'POST' || !m) return void res.writeHead(404).end();
  let body: HandoffBody;
  try {
    body = JSON.parse(raw.toString('utf8')) as HandoffBody;
    if (typeof body.organizationId !== 'string' || typeof body.email !== 'string' || typeof body.nonce !== 'string' || !Number.isFinite(body.issuedAt)) throw new Error('bad');
  } catch {
    return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed hand-off');
  }
  const token = await decide(m[1], raw, String(req.headers['x-portal-signature'] ?? ''), body);
  if (token) {
    res.writeHead(303, { location: '/severa/', 'set-cookie': `severa_session=${token}; Path=/severa; HttpOnly; SameSite=Lax` }).end();
  } else {
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Sign-in could not be completed</title><p>Sign-in to Severa could not be completed. Contact your administrator.</p>');
  }
}

/** Listens on host:port, prints `<label> listening on <port>`, and on SIGTERM closes every connection, then `close()`, then exits. */
export function serveBaseline(label: string, host: string, port: number, decide: Decide, close: () => void | Promise<void>): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(decide, req, res, Buffer.concat(chunks)).catch((e: unknown) => res.writeHead(500).end(String(e)));
    });
  });
  server.listen(port, host, () => {
    const a = server.address();
    process.stdout.write(`${label} listening on ${typeof a === 'object' && a ? a.port : port}\n`);
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void Promise.resolve(close()).then(() => process.exit(0)));
  });
}
