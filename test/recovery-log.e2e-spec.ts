/** One-time recovery codes never reach the server log: a whole issuing run at LOG_LEVEL=trace in a child process, captured. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeOneTimeCode } from '../server/src/common/crypto.js';

describe('one-time recovery codes in the server log', () => {
  it('no code appears in the server log (a whole run at LOG_LEVEL=trace, captured)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recovery-log-'));
    const outFile = join(dir, 'codes.json');
    try {
      const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'test/support/recovery-log-probe.ts', outFile], { env: { ...process.env, TEST_LOG_LEVEL: 'trace' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, log.slice(-3000));
      const { codes, hashes } = JSON.parse(readFileSync(outFile, 'utf8')) as { codes: string[]; hashes: string[] };
      assert.equal(codes.length, 3);
      // The capture works: request lines and the service's own messages are there.
      assert.match(log, /\/api\/recovery-codes/);
      assert.match(log, /Recovery code [0-9a-f-]{36} issued for ticket #1/);
      assert.match(log, /approved and issued/);
      for (const [i, c] of codes.entries()) {
        for (const form of [c, normalizeOneTimeCode(c)!, c.toLowerCase(), c.toLowerCase().replace(/-/g, ''), hashes[i]]) assert.ok(!log.includes(form), `the log holds code ${i}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
