/**
 * Runs after the whole suite (npm test): scans every log line the servers wrote during the run for the
 * passwords, one-time codes, TOTP codes and keys the tests used. Finding one fails the build.
 * test/error-logging.e2e-spec.ts forces a database error (QueryFailedError) whose bind parameter is a recorded
 * secret: its log line must be there, and neither the secret nor any query parameters may be.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TEST_LOG_DIR;

const FIXED_SECRETS = ['Demo-Password-1!', 'Wrong-Password-1!', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'demo-portal-secret', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'];
const PATTERNS: [string, RegExp][] = [
  ['one-time code', /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/],
  ['password field', /"(password|newPassword|currentPassword)"\s*:\s*"/i],
  // An error's own code ("SQLITE_ERROR", "ECONNREFUSED", "23505") is not a secret; a one-time or TOTP code is.
  ['code field', /"(code)"\s*:\s*"(?![A-Z][A-Z0-9_]{3,}"|[0-9A-Z]{5}")[^"]+"/],
  ['code field', /"(emergencyCode|oneTimeCode)"\s*:\s*"[^"]+"/],
  ['otpauth URI', /otpauth:\/\//],
  ['TOTP secret', /[?&]secret=[A-Z2-7]{16,}/],
  ['session cookie', /ad_session=[A-Za-z0-9_-]{20,}/],
  ['activation token', /token=[A-Za-z0-9_-]{20,}/],
  // a serialized error never carries a query's bind parameters, its text or the driver's detail
  ['query parameters', /"(parameters|driverError)"\s*:/],
  ['driver detail', /"detail"\s*:\s*"Key \(/],
];

describe('log scan', () => {
  it('no password, code or key the tests used appears in any log line', { skip: !dir && 'TEST_LOG_DIR not set (npm test sets it)' }, () => {
    assert.ok(existsSync(dir!), `${dir} does not exist`);
    const files = readdirSync(dir!);
    const secrets = new Set(FIXED_SECRETS);
    for (const f of files.filter((f) => f.startsWith('secrets-'))) for (const s of readFileSync(join(dir!, f), 'utf8').split('\n')) if (s.trim().length >= 6) secrets.add(s.trim());
    const logs = files.filter((f) => f.endsWith('.log'));
    let lines = 0;
    let forcedQueryErrors = 0;
    const found: string[] = [];
    for (const f of logs) {
      for (const line of readFileSync(join(dir!, f), 'utf8').split('\n')) {
        if (!line) continue;
        lines++;
        if (line.includes('"msg":"Unhandled error"') && line.includes('"type":"QueryFailedError"')) forcedQueryErrors++;
        for (const s of secrets) {
          // Six-to-eight digit TOTP codes would match inside any timestamp: look for them as a quoted value only.
          const needle = /^\d{6,8}$/.test(s) ? `"${s}"` : s;
          if (line.includes(needle)) found.push(`${f}: a secret the tests used (${s.slice(0, 3)}…): ${line.slice(0, 200)}`);
        }
        for (const [name, re] of PATTERNS) if (re.test(line)) found.push(`${f}: ${name}: ${line.slice(0, 200)}`);
        if (found.length > 20) break;
      }
    }
    console.log(`log scan: ${lines} lines in ${logs.length} files checked against ${secrets.size} secrets and ${PATTERNS.length} patterns`);
    assert.ok(lines > 1000, `too few log lines (${lines}) to mean anything: did the suite log?`);
    assert.ok(forcedQueryErrors >= 1, 'the QueryFailedError forced by test/error-logging.e2e-spec.ts was not logged: did it run?');
    assert.deepEqual(found, []);
  });
});
