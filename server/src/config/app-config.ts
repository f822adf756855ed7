import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { bool, ConfigError, int, oneOf, type Env } from './config-values.js';
import { rateLimits, type RateLimit, type RateLimitName } from './rate-limits.js';
import { retention, type RetentionName } from './retention.js';
import { kdfLimits, type KdfLimits } from './kdf.js';

export { ConfigError } from './config-values.js';
export { RATE_LIMIT_DEFAULTS, type RateLimit, type RateLimitName } from './rate-limits.js';
export { formatDuration, RETENTION_DEFAULTS, type RetentionName } from './retention.js';
export { KDF_DEFAULTS, type KdfLimits } from './kdf.js';

export type DatabaseKind = 'sqlite' | 'postgres';
export type PasswordPolicyName = 'seed' | 'nist';

export interface AppConfig {
  port: number;
  host: string;
  /** Where people reach the server: PUBLIC_URL, or http://localhost:<PORT>. Every mailed link starts with it. */
  publicUrl: string;
  /** PUBLIC_URL was set (otherwise the server sets publicUrl to the port it really listens on). */
  publicUrlExplicit: boolean;
  dataDir: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  /** 32-byte AES key for TOTP secrets and portal connection secrets. */
  encryptionKey: Buffer;
  encryptionKeySource: 'env' | 'file';
  /** 32-byte key that derives CSRF tokens from session ids. */
  sessionSecret: Buffer;
  demoData: boolean;
  demoPassword: string;
  demoTotpSecret: string;
  demoPortalSecret: string;
  logLevel: string;
  /** Append logs to this file instead of standard output. */
  logFile: string | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  stepUpMinutes: number;
  smtpUrl: string | null;
  mailFrom: string;
  passwordPolicy: PasswordPolicyName;
  corsOrigins: string[];
  /** Express `trust proxy`: never `true` (see trustProxy()). */
  trustProxy: TrustProxy;
  bodyLimit: string;
  verificationChecksRequired: number;
  /** How long a recorded identity verification counts (VERIFICATION_VALID_MINUTES). */
  verificationValidMinutes: number;
  /** How long a dual-control code request waits for a second supervisor (APPROVAL_VALID_MINUTES). */
  approvalValidMinutes: number;
  /** First-response target per ticket channel, in minutes (FIRST_RESPONSE_MINUTES). */
  firstResponseMinutes: Record<'phone' | 'e-mail' | 'chat', number>;
  /** The built-in mailbox (/mailbox) receives mail (without SMTP_URL) and SMS (without SMS_WEBHOOK_URL). */
  mailbox: boolean;
  /** MAILBOX=true was set explicitly: /mailbox answers every client, not only this machine's. */
  mailboxPublic: boolean;
  smsWebhookUrl: string | null;
  /** Inbound SMTP listener for tickets from e-mail; off when null. */
  inboundSmtp: { port: number; host: string; address: string; maxBytes: number } | null;
  /** Serve the built SPA from this folder when it exists. */
  staticDir: string;
  /** 32-byte key of the audit chain's HMAC (AUDIT_KEY or DATA_DIR/audit.key). */
  auditKey: Buffer;
  /** Log the audit chain's head every this many events (0: never). */
  auditHeadLogEvery: number;
  /** Longest a graceful shutdown may take before the process exits anyway (code 1). */
  shutdownTimeoutSeconds: number;
  outbox: { pollSeconds: number; maxAttempts: number; retrySeconds: number; leaseSeconds: number };
  /** How long expired or spent rows are kept before the scheduled purge removes them, in seconds (RETENTION). */
  retention: Record<RetentionName, number>;
  /** How often the scheduled purge runs (PURGE_INTERVAL_MINUTES). */
  purgeIntervalMinutes: number;
  /** Per-route request limits (per client address): name → limit per window. */
  rateLimits: Record<RateLimitName, RateLimit>;
  /** The password KDF gate: argon2id (or legacy scrypt) runs at once, waiting callers, longest wait (KDF_CONCURRENCY, KDF_QUEUE, KDF_QUEUE_TIMEOUT_MS). */
  kdf: KdfLimits;
  /** A connection is failing after this many mismatched signatures (from its allowed sources) … */
  connectionFailingThreshold: number;
  /** … within this many minutes, with no signed hand-off in that time. */
  connectionFailingWindowMinutes: number;
}

/** Express's `trust proxy` value: off, a hop count, or the trusted proxies' addresses and networks. */
export type TrustProxy = false | number | string[];
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: `false`/`0` (default), a hop count (`1` = one proxy in front), or a comma-separated list of the
 * proxies' addresses or networks (`loopback,10.0.0.0/8`). `true` would trust every X-Forwarded-For hop, so any
 * client could choose its own address (and dodge every per-address limit): it is refused.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new ConfigError('TRUST_PROXY', 'must not be "true": that trusts every X-Forwarded-For entry, so any client could choose its address. Give the number of proxies in front of the server (e.g. 1) or their addresses (e.g. loopback,10.0.0.0/8)');
  }
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n > 10) throw new ConfigError('TRUST_PROXY', `must be a hop count between 0 and 10, got ${n}`);
    return n;
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [addr, bits, ...rest] = entry.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    if (!family || rest.length || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))) {
      throw new ConfigError('TRUST_PROXY', `has an invalid entry "${entry}" (use a hop count, or addresses and networks such as 10.0.0.1, 10.0.0.0/8, ::1 or ${PROXY_NAMES.join(', ')})`);
    }
  }
  return list;
}

const FIRST_RESPONSE_DEFAULTS = { phone: 15, 'e-mail': 240, chat: 10 };
/** FIRST_RESPONSE_MINUTES="phone=15,e-mail=240,chat=10": first-response target per channel. */
function firstResponse(env: Env): AppConfig['firstResponseMinutes'] {
  const out = { ...FIRST_RESPONSE_DEFAULTS };
  for (const part of (env.FIRST_RESPONSE_MINUTES ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(phone|e-mail|chat)=(\d{1,5})$/.exec(part);
    if (!m || Number(m[2]) < 1) throw new ConfigError('FIRST_RESPONSE_MINUTES', `has an invalid entry "${part}" (use channel=minutes; channels: phone, e-mail, chat)`);
    out[m[1] as keyof typeof out] = Number(m[2]);
  }
  return out;
}

const BASE32 = /^[A-Z2-7]+=*$/;

/** Reads a 32-byte key from the variable, or from DATA_DIR/<fileName>, creating it (mode 0600) when absent. */
function loadKey(env: Env, variable: string, dataDir: string, fileName: string): { key: Buffer; source: 'env' | 'file' } {
  const raw = env[variable];
  if (raw !== undefined && raw !== '') {
    const key = parseKey(raw);
    if (!key) throw new ConfigError(variable, 'must be 32 bytes as 64 hex characters or base64');
    return { key, source: 'env' };
  }
  const file = join(dataDir, fileName);
  if (existsSync(file)) {
    const key = parseKey(readFileSync(file, 'utf8').trim());
    if (!key) throw new ConfigError(variable, `file ${file} does not hold a 32-byte key`);
    return { key, source: 'file' };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: 'file' };
}

export function parseKey(raw: string): Buffer | null {
  const s = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const b = Buffer.from(s, 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

/** Validates the whole environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : 'data');
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0';

  let database: AppConfig['database'];
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// (leave it unset for SQLite)');
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL');
    }
    database = { kind: 'postgres', url };
  } else {
    const path = env.DATABASE_PATH && env.DATABASE_PATH !== '' ? env.DATABASE_PATH : join(dataDir, 'access-desk.sqlite');
    database = { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }

  let publicUrl = `http://localhost:${port}`;
  if (env.PUBLIC_URL) {
    try {
      const u = new URL(env.PUBLIC_URL);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      publicUrl = u.toString().replace(/\/$/, '');
    } catch {
      throw new ConfigError('PUBLIC_URL', 'must be an http:// or https:// URL');
    }
  }
  const demoData = bool(env, 'DEMO_DATA', true);
  const smsWebhookUrl = env.SMS_WEBHOOK_URL ? env.SMS_WEBHOOK_URL : null;
  if (smsWebhookUrl && !/^https?:\/\/[^\s]+$/.test(smsWebhookUrl)) throw new ConfigError('SMS_WEBHOOK_URL', 'must be an http:// or https:// URL');
  const inboundPort = env.INBOUND_SMTP_PORT ? int(env, 'INBOUND_SMTP_PORT', 0, 0, 65535) : null;
  const supportAddress = (env.SUPPORT_ADDRESS || 'support@accessdesk.test').trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(supportAddress)) throw new ConfigError('SUPPORT_ADDRESS', 'must be an e-mail address');

  const demoTotpSecret = (env.DEMO_TOTP_SECRET || 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP').toUpperCase();
  if (!BASE32.test(demoTotpSecret) || demoTotpSecret.replace(/=+$/, '').length < 32) {
    throw new ConfigError('DEMO_TOTP_SECRET', 'must be base32 of at least 20 bytes (32 characters)');
  }
  const demoPassword = env.DEMO_PASSWORD || 'Demo-Password-1!';
  if (demoPassword.length < 8) throw new ConfigError('DEMO_PASSWORD', 'must be at least 8 characters');

  const smtpUrl = env.SMTP_URL && env.SMTP_URL !== '' ? env.SMTP_URL : null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const o of corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(o)) throw new ConfigError('CORS_ORIGINS', `has an invalid origin "${o}" (use scheme://host[:port])`);
  }

  const bodyLimit = env.BODY_LIMIT || '100kb';
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) throw new ConfigError('BODY_LIMIT', 'must look like 100kb or 1mb');

  const logLevel = oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');
  const { key, source } = loadKey(env, 'DATA_ENCRYPTION_KEY', dataDir, 'encryption.key');
  const sessionSecret = loadKey(env, 'SESSION_SECRET', dataDir, 'session.key').key;
  const auditKey = loadKey(env, 'AUDIT_KEY', dataDir, 'audit.key').key;

  return {
    port,
    host,
    publicUrl,
    publicUrlExplicit: !!env.PUBLIC_URL,
    dataDir,
    database,
    encryptionKey: key,
    encryptionKeySource: source,
    sessionSecret,
    demoData,
    demoPassword,
    demoTotpSecret,
    demoPortalSecret: env.DEMO_PORTAL_SECRET || 'demo-portal-secret',
    logLevel,
    logFile: env.LOG_FILE ? resolve(env.LOG_FILE) : null,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    stepUpMinutes: 5,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Access Desk <no-reply@accessdesk.test>',
    passwordPolicy: oneOf(env, 'PASSWORD_POLICY', ['seed', 'nist'] as const, 'seed'),
    corsOrigins,
    trustProxy: trustProxy(env),
    bodyLimit,
    verificationChecksRequired: int(env, 'VERIFICATION_CHECKS_REQUIRED', 2, 1, 4),
    verificationValidMinutes: int(env, 'VERIFICATION_VALID_MINUTES', 30, 1, 24 * 60),
    approvalValidMinutes: int(env, 'APPROVAL_VALID_MINUTES', 60, 1, 7 * 24 * 60),
    firstResponseMinutes: firstResponse(env),
    mailbox: bool(env, 'MAILBOX', demoData),
    mailboxPublic: bool(env, 'MAILBOX', false),
    smsWebhookUrl,
    inboundSmtp:
      inboundPort === null
        ? null
        : { port: inboundPort, host: env.INBOUND_SMTP_HOST || host, address: supportAddress, maxBytes: int(env, 'INBOUND_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024) },
    staticDir: resolve(env.STATIC_DIR || 'dist/public'),
    rateLimits: rateLimits(env),
    kdf: kdfLimits(env),
    connectionFailingThreshold: int(env, 'CONNECTION_FAILING_THRESHOLD', 5, 1, 100_000),
    connectionFailingWindowMinutes: int(env, 'CONNECTION_FAILING_WINDOW_MINUTES', 15, 1, 60),
    auditKey,
    shutdownTimeoutSeconds: int(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 3600),
    auditHeadLogEvery: int(env, 'AUDIT_HEAD_LOG_EVERY', 1000, 0, 1_000_000),
    retention: retention(env),
    purgeIntervalMinutes: int(env, 'PURGE_INTERVAL_MINUTES', 60, 1, 24 * 60),
    outbox: {
      pollSeconds: int(env, 'OUTBOX_POLL_SECONDS', 5, 1, 3600),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 6, 1, 100),
      retrySeconds: int(env, 'OUTBOX_RETRY_SECONDS', 30, 1, 86_400),
      leaseSeconds: int(env, 'OUTBOX_LEASE_SECONDS', 300, 10, 86_400),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
