/**
 * The one rules engine for a portal → Severa hand-off (help-centre articles 000 and 002).
 * Pure: no I/O. The live hand-off, the diagnosis, the preflights and the demo data all call evaluateHandoff().
 */
import { ADDON_FOR_PORTAL, AddonId, CheckStatus, FAILURE_REASONS, FailureReason, PortalId } from '../../../shared/sign-in.js';

export interface ConnectionFacts {
  /** A connection between this portal and Severa is configured for the organization. */
  configured: boolean;
  enabled: boolean;
  /** Present for a real hand-off: what the signed request proved. */
  request?: { signatureValid: boolean; fresh: boolean; nonceUnused: boolean };
  /** Present for a diagnosis: whether recent real hand-offs failed on the connection, and why. */
  health?: { failing: boolean; cause: string | null; since: Date | null };
}

export interface OrganizationFacts {
  id: string;
  severaStatus: string;
  severaEndedAt: Date | null;
}

export interface SeveraUserFacts {
  id: string;
  email: string;
  active: boolean;
  activeChangedAt: Date | null;
  activeChangedBy: string | null;
  activeChangeReason: string | null;
}

export interface HandoffFacts {
  /** null: a direct sign-in through Visma Connect (`GET /severa/sign-in`), where no portal is involved. */
  portalId: PortalId | null;
  /** The e-mail as the portal presented it. */
  email: string;
  /** Null when no organization with that id exists. */
  organization: OrganizationFacts | null;
  connection: ConnectionFacts;
  /** Status of this portal's add-on for the organization (null: never purchased). */
  addonStatus: string | null;
  /** Severa users of the organization whose e-mail equals `email` byte for byte. */
  exactMatches: SeveraUserFacts[];
}

export type ConnectionProblem = 'not-configured' | 'disabled' | 'bad-signature' | 'stale' | 'replayed' | 'failing';

export interface CheckOutcome {
  code: FailureReason;
  status: CheckStatus;
  /** Machine-readable detail of a failure or of why the check could not be evaluated. */
  detail?: ConnectionProblem | 'no-organization' | 'no-user' | 'never-purchased' | 'deactivated' | 'ended' | 'several-users' | 'direct-sign-in';
}

export interface HandoffDecision {
  ok: boolean;
  /** All five checks, in FAILURE_REASONS order. */
  checks: CheckOutcome[];
  /** Every failing reason, not only the first. */
  failures: FailureReason[];
  /** null for a direct sign-in (no portal, so no add-on). */
  addonId: AddonId | null;
  /** The Severa user the hand-off signs in (when the e-mail matched exactly one). */
  user: SeveraUserFacts | null;
}

/** The exact-match rule: the same string, no case folding, no trimming, no normalization. */
export function emailsMatchExactly(a: string, b: string): boolean {
  return a === b;
}

/** The connection check alone (also gives a connection's status in the portal-connections list). */
export function connectionCheck(c: ConnectionFacts): CheckOutcome {
  const code = FailureReason.PORTAL_CONNECTION_FAILED;
  if (!c.configured) return { code, status: 'fail', detail: 'not-configured' };
  if (!c.enabled) return { code, status: 'fail', detail: 'disabled' };
  if (c.request) {
    if (!c.request.signatureValid) return { code, status: 'fail', detail: 'bad-signature' };
    if (!c.request.fresh) return { code, status: 'fail', detail: 'stale' };
    if (!c.request.nonceUnused) return { code, status: 'fail', detail: 'replayed' };
  } else if (c.health?.failing) {
    return { code, status: 'fail', detail: 'failing' };
  }
  return { code, status: 'pass' };
}

export function evaluateHandoff(f: HandoffFacts): HandoffDecision {
  // A direct sign-in through Visma Connect uses no portal: the portal connection and the portal add-on do not apply.
  const direct = f.portalId === null;
  const addonId = direct ? null : ADDON_FOR_PORTAL[f.portalId!];
  const checks: CheckOutcome[] = [direct ? { code: FailureReason.PORTAL_CONNECTION_FAILED, status: 'not-applicable', detail: 'direct-sign-in' } : connectionCheck(f.connection)];
  const org = f.organization;

  checks.push(
    !org
      ? { code: FailureReason.ORGANIZATION_LEFT_SEVERA, status: 'fail', detail: 'no-organization' }
      : org.severaStatus === 'active'
        ? { code: FailureReason.ORGANIZATION_LEFT_SEVERA, status: 'pass' }
        : { code: FailureReason.ORGANIZATION_LEFT_SEVERA, status: 'fail', detail: 'ended' },
  );

  checks.push(
    direct
      ? { code: FailureReason.ADDON_NOT_ACTIVE, status: 'not-applicable', detail: 'direct-sign-in' }
      : !org
      ? { code: FailureReason.ADDON_NOT_ACTIVE, status: 'not-applicable', detail: 'no-organization' }
      : f.addonStatus === 'active'
        ? { code: FailureReason.ADDON_NOT_ACTIVE, status: 'pass' }
        : { code: FailureReason.ADDON_NOT_ACTIVE, status: 'fail', detail: f.addonStatus === null ? 'never-purchased' : 'deactivated' },
  );

  // Only byte-identical e-mails count, whatever the caller passed in.
  const matches = f.exactMatches.filter((u) => emailsMatchExactly(u.email, f.email));
  let user: SeveraUserFacts | null = null;
  if (!org) {
    checks.push({ code: FailureReason.EMAIL_NOT_FOUND, status: 'fail', detail: 'no-organization' });
  } else if (matches.length === 0) {
    checks.push({ code: FailureReason.EMAIL_NOT_FOUND, status: 'fail', detail: 'no-user' });
  } else {
    // Several Severa users with the same e-mail: an active one signs in; otherwise the first is reported.
    user = matches.find((u) => u.active) ?? matches[0];
    checks.push({ code: FailureReason.EMAIL_NOT_FOUND, status: 'pass', ...(matches.length > 1 ? { detail: 'several-users' as const } : {}) });
  }

  checks.push(
    !user
      ? { code: FailureReason.SEVERA_USER_INACTIVE, status: 'not-applicable', detail: 'no-user' }
      : user.active
        ? { code: FailureReason.SEVERA_USER_INACTIVE, status: 'pass' }
        : { code: FailureReason.SEVERA_USER_INACTIVE, status: 'fail', detail: 'deactivated' },
  );

  const failures = FAILURE_REASONS.filter((code) => checks.find((c) => c.code === code)!.status === 'fail');
  return { ok: failures.length === 0, checks, failures, addonId, user };
}
