import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertPasswordAcceptable, commonPasswordCount, describePasswordPolicy, isCommonPassword, MAX_PASSWORD_LENGTH, passwordFailures } from '../../server/src/identities/password-policy.js';
import { hashPassword, verifyPassword } from '../../server/src/common/password-hash.js';
import { KdfGate } from '../../server/src/common/kdf-gate.js';
import { KDF_DEFAULTS } from '../../server/src/config/kdf.js';
import { DomainError } from '../../server/src/common/errors.js';

describe('password policy "seed" (the Customer Portal guide: 8 characters, an uppercase letter, a special character)', () => {
  it('names each rule a password breaks', () => {
    assert.deepEqual(passwordFailures('', 'seed'), ['must be at least 8 characters', 'must contain an uppercase letter', 'must contain a special character (such as ! # &)']);
    assert.deepEqual(passwordFailures('abcdefgh', 'seed'), ['must contain an uppercase letter', 'must contain a special character (such as ! # &)']);
    assert.deepEqual(passwordFailures('Abcdefgh', 'seed'), ['must contain a special character (such as ! # &)']);
    assert.deepEqual(passwordFailures('abcdefg!', 'seed'), ['must contain an uppercase letter']);
    assert.deepEqual(passwordFailures('Ab#', 'seed'), ['must be at least 8 characters']);
  });

  it('accepts the guide’s examples: ! # & and other special characters, non-ASCII upper case', () => {
    for (const pw of ['Summer!2024', 'Garden#gate', 'Fish&Chips', 'Äiti-on-kotona', 'Space Bar Ok', 'Ünïcødé€uro']) assert.deepEqual(passwordFailures(pw, 'seed'), [], pw);
  });

  it('counts characters, not bytes (7 characters of 2 bytes each are still 7)', () => {
    assert.deepEqual(passwordFailures('Ääääää!', 'seed'), ['must be at least 8 characters']);
    assert.deepEqual(passwordFailures('Ääääääå!', 'seed'), []);
  });

  it('describes itself for the pages', () => {
    const d = describePasswordPolicy('seed');
    assert.equal(d.minLength, 8);
    assert.equal(d.maxLength, MAX_PASSWORD_LENGTH);
    assert.equal(d.rules.length, 4);
  });
});

describe('password policy "nist" (NIST SP 800-63B: 15 characters, no composition rules, a blocklist)', () => {
  it('needs 15 characters but no upper case, digits or symbols', () => {
    assert.deepEqual(passwordFailures('lowercase only here', 'nist'), []);
    assert.deepEqual(passwordFailures('Short#One1', 'nist'), ['must be at least 15 characters']);
  });

  it('refuses common passwords, case-insensitively, and names both failures when short and common', () => {
    assert.deepEqual(passwordFailures('passwordpassword', 'nist'), ['is a commonly used password: choose one that is harder to guess']);
    assert.deepEqual(passwordFailures('PasswordPassword', 'nist'), ['is a commonly used password: choose one that is harder to guess']);
    assert.deepEqual(passwordFailures('qwertyuiopasdfgh', 'nist'), ['is a commonly used password: choose one that is harder to guess']);
    assert.deepEqual(passwordFailures('123456', 'nist'), ['must be at least 15 characters', 'is a commonly used password: choose one that is harder to guess']);
    assert.ok(isCommonPassword('iloveyou'));
    assert.ok(!isCommonPassword('plum orchard lantern river'));
  });

  it('ships a list of a few thousand common passwords', () => {
    assert.ok(commonPasswordCount() >= 2000, `only ${commonPasswordCount()} entries`);
  });
});

describe('both policies', () => {
  for (const policy of ['seed', 'nist'] as const) {
    it(`${policy}: allows 64 characters and more (up to ${MAX_PASSWORD_LENGTH}), refuses longer with its own message`, () => {
      const sixtyFour = 'Aa!' + 'correct horse battery staple '.repeat(3).slice(0, 61);
      assert.equal([...sixtyFour].length, 64);
      assert.deepEqual(passwordFailures(sixtyFour, policy), []);
      assert.deepEqual(passwordFailures('A!' + 'q7'.repeat(500), policy), []);
      assert.deepEqual(passwordFailures('A!' + 'q'.repeat(MAX_PASSWORD_LENGTH), policy), [`must be at most ${MAX_PASSWORD_LENGTH} characters`]);
    });
  }

  it('a rejected password is a 400 with errors.password listing every failure', () => {
    assert.throws(
      () => assertPasswordAcceptable('abc', 'seed'),
      (e: unknown) => e instanceof DomainError && e.statusCode === 400 && e.errors?.password === 'must be at least 8 characters; must contain an uppercase letter; must contain a special character (such as ! # &)',
    );
    assert.doesNotThrow(() => assertPasswordAcceptable('Valid#Password', 'seed'));
  });

  it('never truncates: two 100-character passwords that differ only in the last character do not match', async () => {
    const a = 'Long!' + 'x'.repeat(94) + 'a';
    const b = 'Long!' + 'x'.repeat(94) + 'b';
    const gate = new KdfGate(KDF_DEFAULTS);
    const hash = await hashPassword(gate, a);
    assert.equal(await verifyPassword(gate, a, hash), true);
    assert.equal(await verifyPassword(gate, b, hash), false);
  });
});
