/** RETENTION and PURGE_INTERVAL_MINUTES: parsed and validated once at start, with a message that names the variable. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ConfigError, formatDuration, loadConfig, RETENTION_DEFAULTS } from '../../server/src/config/app-config.js';

const KEYS = { DATA_ENCRYPTION_KEY: '11'.repeat(32), SESSION_SECRET: '22'.repeat(32), AUDIT_KEY: '33'.repeat(32), DATA_DIR: '/nonexistent-access-desk' };
const load = (env: Record<string, string>) => loadConfig({ ...KEYS, ...env });

describe('RETENTION', () => {
  it('defaults to the documented periods', () => {
    const r = load({}).retention;
    assert.deepEqual(r, { sessions: 7 * 86_400, challenges: 86_400, 'rate-limits': 3600, nonces: 86_400, 'link-tokens': 30 * 86_400, 'outbox-bodies': 90 * 86_400 });
    assert.deepEqual(Object.keys(r), Object.keys(RETENTION_DEFAULTS));
    assert.equal(load({}).purgeIntervalMinutes, 60);
  });

  it('overrides single periods in seconds, minutes, hours or days; the others keep their defaults', () => {
    const r = load({ RETENTION: ' sessions=30d, challenges=90m,rate-limits=45s , nonces=2h' }).retention;
    assert.equal(r.sessions, 30 * 86_400);
    assert.equal(r.challenges, 90 * 60);
    assert.equal(r['rate-limits'], 45);
    assert.equal(r.nonces, 7200);
    assert.equal(r['outbox-bodies'], 90 * 86_400);
    assert.equal(load({ RETENTION: 'outbox-bodies=0d' }).retention['outbox-bodies'], 0);
  });

  it('refuses what it cannot read, naming the variable and the entry', () => {
    const cases: [string, RegExp][] = [
      ['sessions=30', /invalid entry "sessions=30".*sessions=30d/],
      ['sessions=30w', /invalid entry/],
      ['sessions=-1d', /invalid entry/],
      ['sessions', /invalid entry/],
      ['cookies=1d', /unknown period "cookies".*sessions, challenges/],
      ['sessions=1d,sessions=2d', /"sessions" twice/],
      ['nonces=10m', /"nonces" to 10m, below its minimum of 1h/],
      ['link-tokens=4000d', /above the maximum/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => load({ RETENTION: value }),
        (e: unknown) => e instanceof ConfigError && e.variable === 'RETENTION' && e.message.startsWith('Invalid configuration: RETENTION') && message.test(e.message),
        value,
      );
    }
  });

  it('PURGE_INTERVAL_MINUTES is a whole number from 1 to 1440', () => {
    assert.equal(load({ PURGE_INTERVAL_MINUTES: '5' }).purgeIntervalMinutes, 5);
    for (const v of ['0', '1441', 'hourly', '1.5']) assert.throws(() => load({ PURGE_INTERVAL_MINUTES: v }), (e: unknown) => e instanceof ConfigError && e.variable === 'PURGE_INTERVAL_MINUTES', v);
  });

  it('formatDuration gives the shortest exact form', () => {
    assert.deepEqual([86_400 * 90, 36 * 3600, 15 * 60, 45, 90].map(formatDuration), ['90d', '36h', '15m', '45s', '90s']);
  });

  it('the server refuses to start with a bad RETENTION and says which variable to fix', () => {
    const r = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/main.ts'], {
      env: { ...process.env, ...KEYS, RETENTION: 'sessions=forever', PORT: '0' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Invalid configuration: RETENTION has an invalid entry "sessions=forever"/);
    assert.match(r.stderr, /Fix the variable and start again/);
  });
});
