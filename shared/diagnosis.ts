import type { CheckOwner, CheckStatus, PortalId } from './sign-in.js';
import { FailureReason } from './sign-in.js';
import type { ConnectionCauseCode, ConnectionCauseParams, ConnectionHealthStatus } from './connections.js';

/** Fixes the diagnosis may offer next to a check. `allowed` is for the caller; `who` says who may do it. */
export type DiagnosisActionId =
  | 'activate-user'
  | 'activate-addon'
  | 'open-connection'
  | 'check-connection'
  | 'enable-connection'
  | 'rotate-secret'
  | 'create-connection'
  | 'open-severa-users';

export interface DiagnosisAction {
  id: DiagnosisActionId;
  label: string;
  allowed: boolean;
  /** Who may perform it, in plain words. */
  who: string;
  /** The action asks for a fresh authenticator code. */
  stepUp: boolean;
  /** What the action works on (severaUserId, organizationId, addonId, connectionId, portalId). */
  params: Record<string, string>;
}

/**
 * One sentence for people as a catalog key (`diagnosis.<key>` in the UIs' catalogs) and its parameters. Parameters
 * named `at` are instants and `on` dates (ISO 8601): the UI formats them in the reader's language.
 */
export interface DiagnosisMessage {
  key: string;
  params?: Record<string, string | number>;
}

export interface DiagnosisCheck {
  code: FailureReason;
  status: CheckStatus;
  /** The facts behind the status, with dates and names (English; the UI renders `evidenceMessages`). */
  evidence: string;
  /** The same facts as sentences to translate, in order. */
  evidenceMessages: DiagnosisMessage[];
  owner: CheckOwner;
  /** How to fix it, in the help-centre articles' words (English; the UI renders `remedyMessages`). */
  remedy: string;
  remedyMessages: DiagnosisMessage[];
  actions: DiagnosisAction[];
}

export type NearMissKind = 'letter-case' | 'surrounding-spaces' | 'plus-tag' | 'other-domain' | 'look-alike' | 'same-email';

export interface NearMiss {
  severaUserId: string;
  email: string;
  name: string;
  active: boolean;
  kinds: NearMissKind[];
  why: string;
}

export interface DiagnosisAttempt {
  id: string;
  createdAt: string;
  result: string;
  reasons: FailureReason[];
  /** English, as recorded; the console words `detailCode` and `detailParams`. */
  detail: string | null;
  /** The recorded connection cause as a code (null when none was recorded or it is not a connection cause). */
  detailCode: ConnectionCauseCode | null;
  detailParams: ConnectionCauseParams | null;
}

/** A portal account whose e-mail is nearly the typed one, with its own verdict (what a hand-off for it would do). */
export interface PortalAccountCandidate {
  id: string;
  email: string;
  name: string;
  kinds: NearMissKind[];
  why: string;
  canSignIn: boolean;
  failures: FailureReason[];
}

/**
 * The first line of a diagnosis as a code and parameters (the console words it):
 * - `can-sign-in`: the portal account exists and all five checks pass;
 * - `no-portal-account`: the portal has no account with exactly this e-mail (`portalSpelling`: the closest one it has);
 * - `cannot-sign-in`: the account exists, `failures` say why.
 */
export interface DiagnosisVerdict {
  code: 'can-sign-in' | 'no-portal-account' | 'cannot-sign-in';
  params: { portal: PortalId; portalSpelling?: string; candidates?: number; failures?: FailureReason[] };
}

export interface Diagnosis {
  /** True only when the portal has an account with exactly this e-mail and all five checks pass. */
  canSignIn: boolean;
  verdict: DiagnosisVerdict;
  /** The portal account of this portal and organization whose e-mail is exactly the given one. */
  portalAccount: { id: string; email: string; name: string } | null;
  /** When there is none: near misses on the portal side, closest first, each with its own verdict. */
  portalAccountCandidates: PortalAccountCandidate[];
  portal: PortalId;
  organizationId: string;
  organizationName: string;
  email: string;
  /** The Severa user a hand-off would sign in, when the e-mail matched. */
  severaUserId: string | null;
  checks: DiagnosisCheck[];
  failures: FailureReason[];
  nearMisses: NearMiss[];
  /** Two or more Severa users are candidates (exact duplicates or several near misses). */
  ambiguous: boolean;
  recentAttempts: DiagnosisAttempt[];
}

export interface PreflightAccount {
  id: string;
  email: string;
  name: string;
  canSignIn: boolean;
  failures: FailureReason[];
}

export interface Preflight {
  portal: PortalId;
  organizationId: string;
  organizationName: string;
  total: number;
  canSignIn: number;
  cannotSignIn: number;
  /** Accounts failing each check (an account may count under several codes). */
  counts: Record<FailureReason, number>;
  accounts: PreflightAccount[];
}

/** A connection's health (see shared/connections.ts). */
export type ConnectionStatus = ConnectionHealthStatus;

export interface ConnectionCheckItem {
  id: 'secret' | 'enabled' | 'organization' | 'addon' | 'signature' | 'recent-hand-offs';
  ok: boolean;
  /** English, for logs and older clients; the console renders `text`. */
  message: string;
  /** The sentence as a catalog key (`connections.check.<key>` in the console's catalogs) and its parameters. */
  text: DiagnosisMessage;
}

export interface ConnectionCheckResult {
  ok: boolean;
  checkedAt: string;
  items: ConnectionCheckItem[];
}

/** Each check named by what must hold (the failure codes name what went wrong). */
export const CHECK_LABELS: Record<FailureReason, string> = {
  PORTAL_CONNECTION_FAILED: 'The connection between the portal and Severa works',
  ORGANIZATION_LEFT_SEVERA: 'The organization still uses Severa',
  ADDON_NOT_ACTIVE: "The portal's add-on is active",
  EMAIL_NOT_FOUND: 'A Severa user has exactly this e-mail',
  SEVERA_USER_INACTIVE: 'That Severa user is active',
};

/** One person found by GET /api/sign-in/people: every spelling of them on both sides, side by side. */
export interface PersonMatch {
  /** The near-miss key the spellings share (lower case, no spaces, +tags or look-alikes). */
  key: string;
  name: string | null;
  severaUsers: { id: string; email: string; active: boolean }[];
  portalAccounts: Record<PortalId, { id: string; email: string }[]>;
  lastFailure: { at: string; portal: PortalId; reasons: FailureReason[] } | null;
}

/** A character of a near miss that is not plain ASCII: a look-alike or an invisible one, named by its code points. */
export interface OddCharacter {
  char: string;
  /** e.g. `U+0430`. */
  codePoints: string;
  invisible: boolean;
}

const INVISIBLE_CHARACTER = /^[\u00AD\u200B-\u200F\u2060\uFEFF]$/;

/** The look-alike or invisible characters of two e-mails (at most `max`), for "differs by look-alike characters: …". */
export function oddCharacters(presented: string, candidate: string, max = 3): OddCharacter[] {
  const odd = new Set<string>();
  for (const s of [presented, candidate]) for (const ch of s) if (ch.codePointAt(0)! > 0x7e) odd.add(ch);
  return [...odd].slice(0, max).map((char) => ({
    char,
    codePoints: [...char].map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' '),
    invisible: INVISIBLE_CHARACTER.test(char) || !/\S/.test(char),
  }));
}
