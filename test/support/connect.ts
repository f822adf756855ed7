/**
 * Helpers for the Visma Connect tests: an independent TOTP (oathtool when installed, else RFC 6238 written out
 * here — never the server's library), a cookie-keeping Connect client, and identities / codes to test with.
 */
import { RecoveryCodeStatus, TicketStatus } from '../../shared/identity.js';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Response } from 'supertest';
import { DEMO_PASSWORD, recordSecret, type StaffClient, type TestApp } from '../create-test-app.js';
import { SecretBox, formatOneTimeCode, hashOneTimeCode, sealContext } from '../../server/src/common/crypto.js';
import { hashPassword } from '../../server/src/common/password-hash.js';
import { KdfGate } from '../../server/src/common/kdf-gate.js';
import { newId } from '../../server/src/database/db.service.js';
import { Identity } from '../../server/src/identities/identity.entity.js';
import { RecoveryCode } from '../../server/src/recovery/recovery-code.entity.js';
import { Ticket } from '../../server/src/tickets/ticket.entity.js';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { WebAuthnCredential } from '../../server/src/identities/webauthn-credential.entity.js';

export const OATHTOOL = '/usr/bin/oathtool';
export const ONE_TIME_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

/** RFC 4648 base32 decoding, written independently of the server's encoder. */
export function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.toUpperCase().replace(/=+$/, '').replace(/\s/g, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 with HMAC-SHA-1 (RFC 4226 dynamic truncation), from node:crypto only. */
export function rfc6238(key: Buffer, unixSeconds: number, digits = 6, period = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * A TOTP code computed outside the server: Debian's oathtool when it is installed, otherwise rfc6238() above.
 * (Six-digit codes are not handed to the log scan: any six digits of a timestamp would match them.)
 */
export function independentTotp(base32Secret: string, nowMs: number, digits = 6): string {
  const seconds = Math.floor(nowMs / 1000);
  if (existsSync(OATHTOOL)) {
    const r = spawnSync(OATHTOOL, ['--totp', '--base32', `--digits=${digits}`, `--now=@${seconds}`, base32Secret], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`oathtool failed: ${r.stderr}`);
    return r.stdout.trim();
  }
  return rfc6238(base32Decode(base32Secret), seconds, digits);
}

/** The secret in an otpauth:// URI, as an authenticator app reads it. */
export function secretFromUri(uri: string): string {
  const u = new URL(uri);
  const s = u.searchParams.get('secret');
  if (!s) throw new Error(`no secret in ${uri}`);
  return recordSecret(s);
}

/** Talks to /api/connect like the pages do (JSON), keeping the connect_session cookie. */
export class ConnectClient {
  cookie: string | null = null;
  constructor(readonly t: TestApp) {}

  private capture(r: Response): Response {
    const set: string[] = [r.headers['set-cookie'] ?? []].flat();
    const c = set.find((x) => x.startsWith('connect_session='));
    if (c) {
      const pair = c.split(';')[0];
      this.cookie = pair === 'connect_session=' ? null : pair;
    }
    return r;
  }

  lastSetCookie(r: Response): string | undefined {
    const set: string[] = [r.headers['set-cookie'] ?? []].flat();
    return set.find((x) => x.startsWith('connect_session='));
  }

  async post(path: string, body: object = {}): Promise<Response> {
    const req = this.t.http.post(path.startsWith('/') ? path : '/api/connect/' + path);
    if (this.cookie) req.set('Cookie', this.cookie);
    return this.capture(await req.send(body));
  }

  /** PATCH, PUT and DELETE as the pages send them (JSON). */
  async request(method: 'PATCH' | 'PUT' | 'DELETE', path: string, body?: object): Promise<Response> {
    const url = path.startsWith('/') ? path : '/api/connect/' + path;
    const req = method === 'PATCH' ? this.t.http.patch(url) : method === 'PUT' ? this.t.http.put(url) : this.t.http.delete(url);
    if (this.cookie) req.set('Cookie', this.cookie);
    return this.capture(body ? await req.send(body) : await req);
  }

  async get(path: string): Promise<Response> {
    const req = this.t.http.get(path.startsWith('/') ? path : '/api/connect/' + path);
    if (this.cookie) req.set('Cookie', this.cookie);
    return this.capture(await req);
  }

  /** Password step; returns the challenge (asserting success). */
  async challenge(email: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await this.post('sign-in', { email, password });
    if (r.status !== 200 || !r.body.challenge) throw new Error(`sign-in ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.challenge;
  }
}

export interface IdentitySetup {
  totpSecret?: string | null;
  emergencyCode?: string | null;
  smsNumber?: string | null;
  passkeys?: number;
  push?: boolean;
  status?: string;
  password?: string | null;
}

let passwordHashCache: Promise<string> | null = null;

/** Inserts an identity to test with (password Demo-Password-1! unless given). */
export async function makeIdentity(t: TestApp, email: string, setup: IdentitySetup = {}): Promise<Identity> {
  const box = t.app.get(SecretBox);
  if (setup.password) recordSecret(setup.password);
  if (setup.totpSecret) recordSecret(setup.totpSecret);
  const kdf = t.app.get(KdfGate);
  const passwordHash = setup.password === null ? null : setup.password ? await hashPassword(kdf, setup.password) : await (passwordHashCache ??= hashPassword(kdf, DEMO_PASSWORD));
  const now = t.clock.now();
  const id = newId();
  const row: Identity = {
    id,
    email,
    emailNormalized: email.toLowerCase(),
    displayName: email.split('@')[0].replace(/\./g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    passwordHash,
    status: setup.status ?? 'active',
    totpSecretEnc: setup.totpSecret ? box.seal(setup.totpSecret, sealContext('identities', 'totpSecretEnc', id)) : null,
    totpEnrolledAt: setup.totpSecret ? now : null,
    totpLastStep: null,
    emergencyCodeHash: setup.emergencyCode ? hashOneTimeCode(setup.emergencyCode) : null,
    emergencyCodeCreatedAt: setup.emergencyCode ? now : null,
    smsNumber: setup.smsNumber ?? null,
    smsVerified: !!setup.smsNumber,
    vismaAuthenticatorPush: setup.push ?? false,
    defaultSecondFactor: null,
    locale: null,
    privileged: false,
    failedSignIns: 0,
    lockedUntil: null,
    failedOneTimeCodes: 0,
    oneTimeCodeLockedUntil: null,
    lastSecondFactorAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await t.db.tx(async (m) => {
    await m.getRepository(Identity).insert(row);
    // Stored keys (random public keys): enough for listing and resets; tests that sign in use SoftAuthenticator.
    for (let i = 0; i < (setup.passkeys ?? 0); i++) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await m.getRepository(WebAuthnCredential).insert({
        id: newId(),
        identityId: row.id,
        credentialId: randomBytes(32).toString('base64url'),
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
        counter: 0,
        transports: ['usb'],
        kind: 'security-key',
        deviceType: 'singleDevice',
        backedUp: false,
        aaguid: null,
        name: `Security key ${i + 1}`,
        createdAt: now,
        lastUsedAt: null,
      });
    }
  });
  return row;
}

export function randomOneTimeCode(): string {
  return recordSecret(formatOneTimeCode(randomBytes(13)));
}

/**
 * An active customer-service code on a new `code-issued` ticket, written straight to the tables (for tests that
 * need many codes; the API path with verification and step-up is used where the journey matters).
 */
export async function plantRecoveryCode(t: TestApp, identity: Identity, lifetimeMinutes = 60): Promise<{ code: string; ticketId: string; codeId: string }> {
  const code = randomOneTimeCode();
  const now = t.clock.now();
  const staff = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'agent@demo.accessdesk.test' });
  return t.db.tx(async (m) => {
    const max = await m.getRepository(Ticket).createQueryBuilder('t').select('MAX(t.number)', 'n').getRawOne<{ n: number | null }>();
    const ticketId = newId();
    await m.getRepository(Ticket).insert({
      id: ticketId,
      number: Number(max?.n ?? 0) + 1,
      identityId: identity.id,
      callerEmail: identity.email,
      organizationId: null,
      channel: 'phone',
      subject: 'Lost phone',
      description: 'Lost phone (test)',
      status: TicketStatus.CODE_ISSUED,
      assigneeId: staff.id,
      createdById: staff.id,
      createdAt: now,
      updatedAt: now,
    });
    const codeId = newId();
    await m.getRepository(RecoveryCode).insert({
      id: codeId,
      identityId: identity.id,
      ticketId,
      codeHash: hashOneTimeCode(code),
      status: RecoveryCodeStatus.ACTIVE,
      lifetimeMinutes,
      expiresAt: new Date(now.getTime() + lifetimeMinutes * 60_000),
      requestedById: staff.id,
      issuedById: staff.id,
      approvedById: null,
      createdAt: now,
      issuedAt: now,
      redeemedAt: null,
      revokedAt: null,
      revokedById: null,
    });
    return { code, ticketId, codeId };
  });
}

export const TWO_CHECKS = [
  { check: 'org-admin-confirmation', passed: true, note: 'The org admin confirmed through a known channel' },
  { check: 'knowledge-question', passed: true },
];

/** The desk's side through the real API: verify the ticket with two checks, step up, issue the code. */
export async function issueCodeViaApi(agent: StaffClient, ticketId: string, identityId: string): Promise<{ id: string; code: string }> {
  const v = await agent.post(`/api/tickets/${ticketId}/verification`, { checks: TWO_CHECKS });
  if (v.status !== 201) throw new Error(`verification: ${v.status} ${JSON.stringify(v.body)}`);
  await agent.stepUp();
  const r = await agent.post('/api/recovery-codes', { ticketId, identityId });
  if (r.status !== 201) throw new Error(`issue code: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id, code: recordSecret(r.body.code as string) };
}
