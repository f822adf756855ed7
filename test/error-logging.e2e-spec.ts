/**
 * A database error on a request becomes a 500 with the standard body, and its log line names the error without the
 * query's bind parameters (TypeORM's QueryFailedError carries them, and PostgreSQL's `detail` quotes the value
 * too). The secret used here is recorded, so the log scan after the suite (test/log-scan.after-spec.ts) looks for it
 * in every log line as well, and checks that this forced error was logged at all.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { createTestApp, recordSecret, type TestApp } from './create-test-app.js';
import { HealthController } from '../server/src/health/health.controller.js';
import type { Db } from '../server/src/database/db.service.js';

/** The route whose query is replaced by a failing one. */
const FORCED_ERROR_PATH = '/api/health';

describe('errors in logs', () => {
  let t: TestApp;
  let logFile: string;
  let ownDir: string | null = null;
  const secret = recordSecret(`qfe-secret-${randomBytes(12).toString('base64url')}`);

  before(async () => {
    // Into TEST_LOG_DIR when the whole suite runs (the log scan reads it), else a folder of this test's own.
    const dir = process.env.TEST_LOG_DIR ?? (ownDir = mkdtempSync(join(tmpdir(), 'access-desk-errlog-')));
    logFile = join(dir, `error-logging-${process.pid}-${randomBytes(4).toString('hex')}.log`);
    t = await createTestApp({ demo: false, env: { LOG_LEVEL: 'debug', LOG_FILE: logFile } });
  });
  after(async () => {
    await t?.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  });

  it('a QueryFailedError carrying a secret as a bind parameter: 500, and the log line has no parameter', async () => {
    const db = t.db;
    const insert = `INSERT INTO rate_limits (key, count, "windowStart", "expiresAt") VALUES ($1, 1, $2, $2)`;
    await db.tx((m) => db.sql(m, insert, [secret, t.clock.now()]));
    // The health check's query is replaced by a write that breaks the primary key with the secret as its value.
    let thrown: unknown = null;
    const health: { db: Pick<Db, 'isPostgres'> & { manager: { query: () => Promise<unknown> } } } = t.app.get<HealthController, never>(HealthController);
    const real = health.db;
    health.db = {
      isPostgres: db.isPostgres,
      manager: {
        query: () =>
          db.tx((m) => db.sql(m, insert, [secret, t.clock.now()])).catch((e: unknown) => {
            thrown = e;
            throw e;
          }),
      },
    };
    try {
      const r = await t.http.get(FORCED_ERROR_PATH);
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on our side. It has been logged.' });
      assert.ok(!r.text.includes(secret));
    } finally {
      health.db = real;
    }

    // The error really carried the secret: pino's standard serializer would have written it.
    assert.ok(thrown instanceof QueryFailedError, String(thrown));
    assert.ok(JSON.stringify(pino.stdSerializers.err(thrown as Error)).includes(secret), 'the forced error carries the secret');

    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    const logged = lines.map((l) => JSON.parse(l) as { msg?: string; path?: string; err?: Record<string, unknown> }).filter((l) => l.msg === 'Unhandled error' && l.path === FORCED_ERROR_PATH);
    assert.equal(logged.length, 1, lines.join('\n'));
    const err = logged[0].err ?? {};
    assert.equal(err.type, 'QueryFailedError');
    assert.match(String(err.code), db.isPostgres ? /^23505$/ : /^SQLITE_CONSTRAINT/);
    assert.match(String(err.message), /unique|UNIQUE/);
    assert.ok(typeof err.stack === 'string' && err.stack.length > 0, 'the stack stays');
    for (const key of ['parameters', 'query', 'driverError', 'detail']) assert.equal(err[key], undefined, key);
    const leaks = lines.filter((l) => l.includes(secret));
    assert.deepEqual(leaks, []);
  });
});
