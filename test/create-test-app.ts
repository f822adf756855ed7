import 'reflect-metadata';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../server/src/config/app-config.js';
import { createApp } from '../server/src/app.factory.js';
import { Db } from '../server/src/database/db.service.js';
import { totpCode } from '../server/src/identities/totp.js';
import { FakeClock } from './support/fake-clock.js';
import { MemoryMailTransport } from '../server/src/notifications/mail-transport.js';

export const DEMO_PASSWORD = 'Demo-Password-1!';
export const DEMO_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const AGENT = 'agent@demo.accessdesk.test';
export const SUPERVISOR = 'supervisor@demo.accessdesk.test';
export const LEAD = 'lead@demo.accessdesk.test';
export const ORG_ADMIN = 'admin@northwind.test';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  clock: FakeClock;
  /** Every message the outbox delivered. */
  mail: MemoryMailTransport;
  db: Db;
  ds: DataSource;
  http: ReturnType<typeof request>;
  /** Signs a demo staff member in (password + TOTP) and returns a client that sends the cookie and CSRF token. */
  signIn(email: string): Promise<StaffClient>;
  close(): Promise<void>;
}

/** Creates a fresh database for one test file: a temporary SQLite file, or a new PostgreSQL database when DATABASE_URL is set. */
export async function freshDatabaseEnv(): Promise<{ env: Record<string, string>; drop: () => Promise<void>; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'access-desk-test-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    return { env: { DATA_DIR: dataDir }, dataDir, drop: () => new Promise<void>((done) => done(rmSync(dataDir, { recursive: true, force: true }))) };
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = '/' + name;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `realMail`: the configured transports (mailbox, SMS webhook) instead of capturing mail in memory. */
export async function createTestApp(opts: { demo?: boolean; env?: Record<string, string>; clock?: FakeClock; realMail?: boolean } = {}): Promise<TestApp> {
  const fresh = await freshDatabaseEnv();
  // With TEST_LOG_DIR (set by npm test) every app logs at debug level into its own file there, and the
  // log scan afterwards looks for any password, code or key the tests used.
  const logEnv = process.env.TEST_LOG_DIR
    ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'debug', LOG_FILE: join(process.env.TEST_LOG_DIR, `${process.pid}-${randomBytes(4).toString('hex')}.log`) }
    : { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' };
  const config = loadConfig({ ...process.env, ...logEnv, ...fresh.env, ...opts.env });
  const clock = opts.clock ?? new FakeClock();
  const mail = new MemoryMailTransport();
  const app = await createApp(config, { clock, mailTransport: opts.realMail ? undefined : mail, demoData: opts.demo ?? true });
  await app.init();
  const ds = app.get(DataSource);
  const server = app.getHttpServer();
  const t: TestApp = {
    app,
    config,
    clock,
    mail,
    db: app.get(Db),
    ds,
    http: request(server),
    signIn: (email) => StaffClient.signIn(t, email),
    close: async () => {
      await app.close();
      await fresh.drop();
    },
  };
  return t;
}

/** A fresh TOTP code for the demo key: the clock moves to the next 30-second step first (a code is accepted once). */
export async function nextDemoCode(clock: FakeClock, secret = DEMO_TOTP): Promise<string> {
  clock.advanceSeconds(30);
  return recordSecret(await totpCode(secret, clock.nowMs()));
}

/** Remembers a secret a test handled, so the log scan after the suite can look for it. */
export function recordSecret<T extends string>(secret: T): T {
  if (process.env.TEST_LOG_DIR && secret) appendFileSync(join(process.env.TEST_LOG_DIR, `secrets-${process.pid}.txt`), secret + '\n');
  return secret;
}

export class StaffClient {
  constructor(
    readonly t: TestApp,
    readonly email: string,
    readonly cookie: string,
    public csrf: string,
    readonly user: { id: string; email: string; roles: string[]; organizationIds: string[] },
  ) {}

  static async signIn(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<StaffClient> {
    const r1 = await t.http.post('/api/auth/sign-in').send({ email, password });
    if (r1.status !== 200) throw new Error(`sign-in ${email}: ${r1.status} ${JSON.stringify(r1.body)}`);
    const code = await nextDemoCode(t.clock);
    const r2 = await t.http.post('/api/auth/sign-in/totp').send({ challenge: r1.body.challenge, code });
    if (r2.status !== 200) throw new Error(`sign-in/totp ${email}: ${r2.status} ${JSON.stringify(r2.body)}`);
    const cookie = [r2.headers['set-cookie']].flat().find((c: string) => c.startsWith('ad_session='))!.split(';')[0];
    return new StaffClient(t, email, cookie, r2.body.csrfToken, r2.body.user);
  }

  get(path: string) {
    return this.t.http.get(path).set('Cookie', this.cookie);
  }
  post(path: string, body?: object) {
    return this.t.http.post(path).set('Cookie', this.cookie).set('X-CSRF-Token', this.csrf).send(body ?? {});
  }
  put(path: string, body?: object) {
    return this.t.http.put(path).set('Cookie', this.cookie).set('X-CSRF-Token', this.csrf).send(body ?? {});
  }
  patch(path: string, body?: object) {
    return this.t.http.patch(path).set('Cookie', this.cookie).set('X-CSRF-Token', this.csrf).send(body ?? {});
  }
  delete(path: string) {
    return this.t.http.delete(path).set('Cookie', this.cookie).set('X-CSRF-Token', this.csrf);
  }
  /** Confirms with a fresh authenticator code: sensitive actions work for the next five minutes. */
  async stepUp(): Promise<void> {
    const r = await this.post('/api/auth/step-up', { code: await nextDemoCode(this.t.clock) });
    if (r.status !== 200) throw new Error(`step-up ${this.email}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}
