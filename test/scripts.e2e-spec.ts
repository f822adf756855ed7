/** The operations scripts: backup, key rotation and the audit verifier, run as a user would run them. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import Database from 'better-sqlite3';
import { freshDatabaseEnv } from './create-test-app.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { RemoteStaff } from './support/http-client.js';
import { loadConfig } from '../server/src/config/app-config.js';
import { buildDataSourceOptions } from '../server/src/database/data-source-options.js';

const script = (name: string, env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', `server/src/scripts/${name}.ts`, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });

describe('operations scripts', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let drop: () => Promise<void>;
  let server: ServerProcess;
  before(async () => {
    const fresh = await freshDatabaseEnv();
    ({ env, dataDir, drop } = fresh);
    server = await startServerProcess(env);
  });
  after(async () => {
    await server?.stop();
    await drop?.();
  });

  it('backup: a consistent copy while the server runs (SQLite), or a pointer to pg_dump', () => {
    const target = join(dataDir, 'backup.sqlite');
    const r = script('backup', env, target);
    if (env.DATABASE_URL) {
      assert.equal(r.status, 2);
      assert.match(r.stderr, /pg_dump/);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /integrity: ok/);
    const copy = new Database(target, { readonly: true });
    const live = new Database(join(dataDir, 'access-desk.sqlite'), { readonly: true });
    try {
      for (const table of ['identities', 'organizations', 'login_attempts', 'audit_events']) {
        assert.deepEqual(copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), live.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table);
      }
    } finally {
      copy.close();
      live.close();
    }
    assert.equal(script('backup', env, target).status, 1, 'refuses to overwrite');
  });

  it('keys:rotate re-encrypts every secret; staff still sign in with their authenticator afterwards', async () => {
    await server.stop();
    const before = loadConfig({ ...process.env, ...env }).encryptionKey.toString('hex');
    const r = script('keys-rotate', env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Re-encrypted \d+ stored values/);
    const keyFile = join(dataDir, 'encryption.key');
    assert.notEqual(readFileSync(keyFile, 'utf8').trim(), before);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.ok(existsSync(keyFile + '.old'));
    server = await startServerProcess(env);
    const staff = await RemoteStaff.signIn(server.url, 'agent@demo.accessdesk.test');
    assert.equal((await staff.req('GET', '/api/auth/me')).status, 200);
  });

  it('audit:verify passes on an intact chain and names the first edited event', async () => {
    const ok = script('audit-verify', env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Audit chain intact: \d+ events/);
    const ds = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, ...env })));
    await ds.initialize();
    const [{ id }] = await ds.query('SELECT MIN(id) AS id FROM audit_events');
    await ds.query(`UPDATE audit_events SET "actorEmail" = 'someone-else@x.test' WHERE id = ${Number(id)}`);
    await ds.destroy();
    const broken = script('audit-verify', env);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, new RegExp(`BROKEN at event #${Number(id)}`));
  });

  it('keys:rotate with the key in the environment: the new key goes to a 0600 file, never to the terminal', async () => {
    const fresh = await freshDatabaseEnv();
    try {
      const keyEnv = { ...fresh.env, DATA_ENCRYPTION_KEY: 'ab'.repeat(32) };
      assert.equal(script('migrate', keyEnv).status, 0);
      const r = script('keys-rotate', keyEnv);
      assert.equal(r.status, 0, r.stderr);
      const file = join(fresh.dataDir, 'encryption.key.new');
      const newKey = readFileSync(file, 'utf8').trim();
      assert.match(newKey, /^[0-9a-f]{64}$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(!r.stdout.includes(newKey) && !r.stderr.includes(newKey), 'the key was printed');
    } finally {
      await fresh.drop();
    }
  });
});
