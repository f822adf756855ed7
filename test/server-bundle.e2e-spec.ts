/**
 * The production server is one bundled ES module (server/bundle.mjs → dist/server/main.mjs, what `npm start` and the
 * benchmark run). The rest of the suite runs the TypeScript sources, so this file builds the bundle the way
 * `npm run build:server` does (tsc, then esbuild) into a scratch folder and drives the real process: start-up with
 * migrations and demo data, the files it reads from the repository (version, common passwords), the native addons
 * (better-sqlite3, @node-rs/argon2), the OpenAPI document built on first request, and the libraries loaded on first use.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freshDatabaseEnv, AGENT } from './create-test-app.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { call, RemoteStaff } from './support/http-client.js';

const out = `.bundle-test-${process.pid}`;

describe('the bundled server (dist/server/main.mjs)', { timeout: 600_000 }, () => {
  let db: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  let server: ServerProcess;

  before(async () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--outDir', out], { stdio: 'inherit' });
    execFileSync(process.execPath, ['server/bundle.mjs', out], { stdio: 'inherit' });
    db = await freshDatabaseEnv();
    server = await startServerProcess({ ...db.env, DEMO_DATA: 'true' }, 180_000, [join(out, 'server', 'main.mjs')]);
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('is one file: no module of the application or of a bundled package is loaded from its own path', () => {
    const code = readFileSync(join(out, 'server', 'main.mjs'), 'utf8');
    assert.ok(code.length > 1_000_000, 'the bundle holds the dependencies');
    assert.doesNotMatch(code, /^import[^\n]*from ["']\.\.?\//m, 'no relative import left');
    assert.doesNotMatch(code, /^import[^\n]*from ["'](@nestjs|typeorm|express|class-validator)/m, 'the framework is inside');
    assert.match(code, /^import[^\n]*from ["']node:/m, 'Node built-ins are imported as such');
    assert.doesNotMatch(code, /[\u0080-\uffff]/, 'pure ASCII (a one-byte string for V8)');
    assert.ok(existsSync(resolve('node_modules/better-sqlite3')), 'the native addons stay in node_modules');
  });

  it('starts (finding the common-passwords list), migrates, seeds the demo and answers /api/health with the package version (read from package.json)', async () => {
    const h = await call(server.url, 'GET', '/api/health');
    assert.equal(h.status, 200);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    assert.notEqual(version, '0.0.0');
    assert.equal(h.body.version, version);
    assert.match(server.output(), /database: /);
  });

  it('serves the OpenAPI document, built by its first request', async () => {
    const d = await call(server.url, 'GET', '/api/docs-json');
    assert.equal(d.status, 200);
    assert.ok(Object.keys(d.body.paths).length > 50);
    assert.ok(d.body.paths['/api/portals/{portal}/handoff']);
  });

  it('signs a staff member in (argon2, sessions, TOTP) and reads a list', async () => {
    const agent = await RemoteStaff.signIn(server.url, AGENT);
    const me = await agent.req('GET', '/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, AGENT);
    const list = await agent.req('GET', '/api/organizations?range=[0,1]&sort=["name","ASC"]');
    assert.equal(list.status, 200);
    assert.equal(list.body.length, 2);
    assert.match(list.headers.get('content-range') ?? '', /^organizations 0-1\/\d+$/);
  });

  it('answers a wrong password and a bad body in the one error shape', async () => {
    const r = await call(server.url, 'POST', '/api/auth/sign-in', { email: AGENT, password: 'wrong' });
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'INVALID_CREDENTIALS');
    const bad = await call(server.url, 'POST', '/api/auth/sign-in', { email: AGENT, password: 'x', extra: 1 });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors);
  });

  it('loads @simplewebauthn on the first passkey ceremony', async () => {
    const r = await call(server.url, 'POST', '/api/connect/sign-in/passkey/options', {}, { Origin: new URL(server.url).origin });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(typeof r.body.options.challenge, 'string');
    assert.equal(typeof r.body.challenge, 'string');
  });
});
