/** The TOTP verification path against RFC 6238 appendix B (and oathtool when installed). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { OATHTOOL, base32Decode, independentTotp, rfc6238 } from './support/connect.js';
import { base32Encode, verifyTotp } from '../server/src/identities/totp.js';

/** RFC 6238 appendix B, SHA-1 column (8 digits, ASCII secret 12345678901234567890, 30 s). */
const RFC6238_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('TOTP verification path: RFC 6238 test vectors', () => {
  it('the vectors verify (8 digits, SHA-1) at their time step, and a changed digit does not', async () => {
    assert.equal(RFC_SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [time, code] of RFC6238_VECTORS) {
      assert.equal(await verifyTotp(RFC_SECRET, code, time * 1000, null, 8), Math.floor(time / 30), `vector at ${time}`);
      const wrong = code.slice(0, 7) + String((Number(code[7]) + 1) % 10);
      assert.equal(await verifyTotp(RFC_SECRET, wrong, time * 1000, null, 8), null, `altered vector at ${time}`);
      // a code is accepted once: the step itself (or an earlier one) as afterStep refuses it
      assert.equal(await verifyTotp(RFC_SECRET, code, time * 1000, Math.floor(time / 30), 8), null);
    }
  });

  it('accepts one step of clock drift each way, not two', async () => {
    const t = 1234567890;
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t + 30) * 1000, null, 8), Math.floor(t / 30));
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t - 30) * 1000, null, 8), Math.floor(t / 30));
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t + 60) * 1000, null, 8), null);
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t - 60) * 1000, null, 8), null);
  });

  it('the independent code generator used below agrees with the RFC (and with oathtool when installed)', () => {
    for (const [time, code] of RFC6238_VECTORS) assert.equal(rfc6238(Buffer.from('12345678901234567890'), time, 8), code);
    assert.deepEqual(base32Decode(RFC_SECRET), Buffer.from('12345678901234567890'));
    if (existsSync(OATHTOOL)) {
      for (const [time, code] of RFC6238_VECTORS.slice(0, 5)) assert.equal(independentTotp(RFC_SECRET, time * 1000, 8), code);
      const v = spawnSync(OATHTOOL, ['--version'], { encoding: 'utf8' });
      assert.equal(v.status, 0);
    }
  });
});
