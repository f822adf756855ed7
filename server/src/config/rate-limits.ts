import { ConfigError, type Env } from './config-values.js';

/**
 * Every limit, by name. `limit` per `windowSeconds`; RATE_LIMITS overrides any of them, and a limit of 0 switches one off.
 * The first group limits calls to a route per client address (the throttler). The others are counted by the
 * services that own them.
 */
export const RATE_LIMIT_DEFAULTS = {
  // --- calls per client address to one route ---
  'sign-in': { limit: 20, windowSeconds: 60 },
  'step-up': { limit: 10, windowSeconds: 60 },
  'connect-sign-in': { limit: 20, windowSeconds: 60 },
  'one-time-code': { limit: 10, windowSeconds: 60 },
  // hand-offs that fail verification (bad signature, stale, replayed, malformed); authentic ones are never limited
  handoff: { limit: 120, windowSeconds: 60 },
  invite: { limit: 30, windowSeconds: 3600 },
  // --- failed sign-ins (staff and Connect: password, authenticator, SMS, one-time code, step-up) ---
  /** from one address, whatever the account: then 429 for that address */
  'failures-per-address': { limit: 50, windowSeconds: 15 * 60 },
  /** for one account from one address: then that address is locked out of that account until the window ends */
  'failures-per-account-address': { limit: 10, windowSeconds: 15 * 60 },
  /** for one account from every address (NIST SP 800-63B-4: at most 100): then only known addresses may still try */
  'failures-per-account': { limit: 100, windowSeconds: 24 * 3600 },
  /** wrong second-factor codes on one sign-in challenge before it is spent (window unused: a challenge lives 5 minutes) */
  'challenge-codes': { limit: 5, windowSeconds: 5 * 60 },
  /** wrong one-time codes (customer service or emergency code) per identity: then one-time codes are refused for the window */
  'one-time-code-failures': { limit: 10, windowSeconds: 30 * 60 },
  /** step-up attempts per staff member */
  'step-up-attempts': { limit: 10, windowSeconds: 15 * 60 },
  /** Connect step-up attempts (security settings) per identity */
  'connect-step-up': { limit: 10, windowSeconds: 15 * 60 },
  /** passkey / security-key registrations started per identity */
  'passkey-registration': { limit: 20, windowSeconds: 3600 },
  // --- messages and codes per person ---
  /** sign-in SMS codes sent per identity */
  'sms-code': { limit: 5, windowSeconds: 15 * 60 },
  /** phone-verification SMS codes sent per identity (enrolment) */
  'phone-code': { limit: 5, windowSeconds: 3600 },
  /** wrong entries of one phone-verification code before it is spent (window unused: a code lives 10 minutes) */
  'phone-code-tries': { limit: 5, windowSeconds: 10 * 60 },
  /** wrong codes while adding a new authenticator, per identity */
  'enrol-code': { limit: 10, windowSeconds: 15 * 60 },
  /** new emergency codes per identity */
  'emergency-code': { limit: 10, windowSeconds: 3600 },
  /** password-reset and new-link requests per client address */
  'password-reset-address': { limit: 20, windowSeconds: 3600 },
  /** reset mails sent per e-mail address (more requests get the same answer but no mail) */
  'password-reset-account': { limit: 3, windowSeconds: 3600 },
  /** one-time recovery codes issued, requested or approved per agent */
  'recovery-codes-agent': { limit: 10, windowSeconds: 3600 },
  /** one-time recovery codes per identity (counted from the codes themselves) */
  'recovery-codes-identity': { limit: 3, windowSeconds: 24 * 3600 },
} as const;
export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** RATE_LIMITS="handoff=600/60,sign-in=10/60": overrides of the limits (limit/window seconds; 0 switches one off). */
export function rateLimits(env: Env): Record<RateLimitName, RateLimit> {
  const out = Object.fromEntries(Object.entries(RATE_LIMIT_DEFAULTS).map(([k, v]) => [k, { ...v }])) as Record<RateLimitName, RateLimit>;
  for (const part of (env.RATE_LIMITS ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)=(\d{1,9})(?:\/(\d{1,9}))?$/.exec(part);
    if (!m || !(m[1] in out)) throw new ConfigError('RATE_LIMITS', `has an invalid entry "${part}" (use name=limit/seconds; names: ${Object.keys(out).join(', ')})`);
    if (m[3] !== undefined && Number(m[3]) < 1) throw new ConfigError('RATE_LIMITS', `has a zero window in "${part}"`);
    out[m[1] as RateLimitName] = { limit: Number(m[2]), windowSeconds: m[3] ? Number(m[3]) : out[m[1] as RateLimitName].windowSeconds };
  }
  return out;
}
