import { ConfigError, type Env } from './config-values.js';

/**
 * How long the scheduled purge keeps rows after they stopped mattering, by name (seconds). RETENTION overrides any of
 * them, e.g. `RETENTION=sessions=30d,outbox-bodies=180d`. `min` keeps a value from breaking a guarantee (a nonce
 * forgotten too early could be replayed).
 */
export const RETENTION_DEFAULTS = {
  /** staff and Connect sessions (and Severa sessions), after they were signed out, revoked, idle too long or past their lifetime */
  sessions: { seconds: 7 * 86_400, min: 0 },
  /** half-finished sign-ins (password accepted, second factor pending), after they expired */
  challenges: { seconds: 86_400, min: 0 },
  /** rate-limit and failure counters, after their window ended */
  'rate-limits': { seconds: 3600, min: 0 },
  /** nonces of hand-offs and device-signed requests, after they were used (at least the 1 hour that outlives every replay window) */
  nonces: { seconds: 86_400, min: 3600 },
  /** activation, password-reset and device-enrolment links, after they expired or were used */
  'link-tokens': { seconds: 30 * 86_400, min: 0 },
  /** the text of sent outbox messages (the staff view; the row stays, its body is emptied) */
  'outbox-bodies': { seconds: 90 * 86_400, min: 0 },
} as const;
export type RetentionName = keyof typeof RETENTION_DEFAULTS;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const MAX_RETENTION_SECONDS = 10 * 365 * 86_400;

/** Seconds as the shortest exact form (90d, 36h, 15m, 45s). */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** RETENTION="sessions=30d,nonces=2h": overrides of the retention periods (a number and s, m, h or d). */
export function retention(env: Env): Record<RetentionName, number> {
  const out = Object.fromEntries(Object.entries(RETENTION_DEFAULTS).map(([k, v]) => [k, v.seconds])) as Record<RetentionName, number>;
  const names = Object.keys(out).join(', ');
  const seen = new Set<string>();
  for (const part of (env.RETENTION ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)=(\d{1,9})([smhd])$/.exec(part);
    if (!m) throw new ConfigError('RETENTION', `has an invalid entry "${part}" (use name=<number><s|m|h|d>, e.g. sessions=30d; names: ${names})`);
    const name = m[1] as RetentionName;
    if (!(name in out)) throw new ConfigError('RETENTION', `names an unknown period "${m[1]}" (names: ${names})`);
    if (seen.has(name)) throw new ConfigError('RETENTION', `sets "${name}" twice`);
    seen.add(name);
    const seconds = Number(m[2]) * DURATION_UNITS[m[3]];
    const { min } = RETENTION_DEFAULTS[name];
    if (seconds < min) throw new ConfigError('RETENTION', `sets "${name}" to ${formatDuration(seconds)}, below its minimum of ${formatDuration(min)}`);
    if (seconds > MAX_RETENTION_SECONDS) throw new ConfigError('RETENTION', `sets "${name}" to ${formatDuration(seconds)}, above the maximum of 3650d`);
    out[name] = seconds;
  }
  return out;
}
