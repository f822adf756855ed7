import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PasswordPolicyName } from '../config/app-config.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { PasswordPolicyDescription } from '../../../shared/connect.js';
import type { FieldError } from '../../../shared/errors.js';

/**
 * Password rules for Visma Connect identities (PASSWORD_POLICY):
 * - `seed` (default): the Customer Portal guide's rule — at least 8 characters, an uppercase letter and a special character.
 * - `nist`: NIST SP 800-63B — at least 15 characters, no composition rules, not on the list of common passwords.
 * Both accept up to 1024 characters (NIST asks for at least 64) and never truncate: the whole password is hashed.
 * Lengths count Unicode code points after NFC normalization, as the hash does.
 */
export const MAX_PASSWORD_LENGTH = 1024;

interface Rule {
  /** The code and parameters the Connect pages translate (shared/errors.ts FieldErrorCode). */
  error: FieldError;
  /** Shown as a requirement ("At least 8 characters"). */
  label: string;
  /** Shown when the password breaks it ("must be at least 8 characters"). */
  failure: string;
  test: (pw: string, length: number) => boolean;
}

const maxRule: Rule = { error: { code: 'passwordTooLong', params: { max: MAX_PASSWORD_LENGTH } }, label: `At most ${MAX_PASSWORD_LENGTH} characters`, failure: `must be at most ${MAX_PASSWORD_LENGTH} characters`, test: (_pw, n) => n <= MAX_PASSWORD_LENGTH };

const POLICIES: Record<PasswordPolicyName, { minLength: number; rules: Rule[] }> = {
  seed: {
    minLength: 8,
    rules: [
      { error: { code: 'passwordTooShort', params: { min: 8 } }, label: 'At least 8 characters', failure: 'must be at least 8 characters', test: (_pw, n) => n >= 8 },
      { error: { code: 'passwordNoUppercase' }, label: 'At least one uppercase letter', failure: 'must contain an uppercase letter', test: (pw) => /\p{Lu}/u.test(pw) },
      { error: { code: 'passwordNoSpecial' }, label: 'At least one special character (such as ! # &)', failure: 'must contain a special character (such as ! # &)', test: (pw) => /[^\p{L}\p{N}]/u.test(pw) },
      maxRule,
    ],
  },
  nist: {
    minLength: 15,
    rules: [
      { error: { code: 'passwordTooShort', params: { min: 15 } }, label: 'At least 15 characters', failure: 'must be at least 15 characters', test: (_pw, n) => n >= 15 },
      { error: { code: 'passwordCommon' }, label: 'Not a commonly used password', failure: 'is a commonly used password: choose one that is harder to guess', test: (pw) => !isCommonPassword(pw) },
      maxRule,
    ],
  },
};

let common: Set<string> | null = null;

/**
 * Where the list shipped in the repository is: next to this file (sources), or in server/src/identities seen from
 * tsc's output or from the bundle. Throws when a build lost it; main.ts checks it at start.
 */
export function commonPasswordsFile(): string {
  const candidates = [new URL('./common-passwords.txt', import.meta.url), new URL('../../../../server/src/identities/common-passwords.txt', import.meta.url), new URL('../../server/src/identities/common-passwords.txt', import.meta.url)].map((u) => fileURLToPath(u));
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`common-passwords.txt not found (looked in ${candidates.join(', ')})`);
  return file;
}

function commonPasswords(): Set<string> {
  if (common) return common;
  const file = commonPasswordsFile();
  common = new Set(
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.toLowerCase()),
  );
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize('NFC').toLowerCase());
}

export function commonPasswordCount(): number {
  return commonPasswords().size;
}

/** The failures of `password` under the policy, one message per broken rule (empty when it is acceptable). */
export function passwordFailures(password: string, policy: PasswordPolicyName): string[] {
  return brokenRules(password, policy).map((r) => r.failure);
}

function brokenRules(password: string, policy: PasswordPolicyName): Rule[] {
  const pw = typeof password === 'string' ? password.normalize('NFC') : '';
  const length = [...pw].length;
  return POLICIES[policy].rules.filter((r) => !r.test(pw, length));
}

export function describePasswordPolicy(policy: PasswordPolicyName): PasswordPolicyDescription {
  const p = POLICIES[policy];
  return { name: policy, minLength: p.minLength, maxLength: MAX_PASSWORD_LENGTH, rules: p.rules.map((r) => r.label), ruleCodes: p.rules.map((r) => r.error) };
}

/** Throws 400 with `errors.password` naming every rule the password breaks. */
export function assertPasswordAcceptable(password: string, policy: PasswordPolicyName): void {
  const broken = brokenRules(password, policy);
  if (broken.length === 0) return;
  const failures = broken.map((r) => r.failure);
  const sentence = `The password ${failures.join('; it ')}.`;
  const [first, ...more] = broken.map((r) => r.error);
  throw new DomainError(400, ErrorCode.VALIDATION_FAILED, sentence, { password: failures.join('; ') }, undefined, { password: more.length ? { ...first, more } : first });
}
