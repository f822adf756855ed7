/** Portal connections: health, views and the answers of their lifecycle actions (issue 13). */
import type { PortalId } from './sign-in.js';

export type ConnectionHealthStatus = 'ok' | 'failing' | 'unverified' | 'disabled' | 'not-configured';

/** Why a hand-off request was refused before the rules engine, as counted per connection and minute. */
export type RejectionKind = 'bad-signature' | 'source' | 'stale' | 'replayed' | 'malformed';
export const REJECTION_KINDS: readonly RejectionKind[] = ['bad-signature', 'source', 'stale', 'replayed', 'malformed'];

/** Why a signed hand-off was refused on the connection (the recorded cause, as a code). */
export type ConnectionCauseCode = 'not-configured' | 'disabled' | 'bad-signature' | 'missing-signature' | 'secret-unreadable' | 'stale' | 'replayed' | 'malformed';

/** What was wrong with one field of a malformed hand-off body (`body`: the body itself was not a JSON object). */
export type HandoffFieldProblem = 'not-json-object' | 'not-allowed' | 'organization-id' | 'email-length' | 'unix-seconds' | 'nonce-format';

/** The parameters of a recorded cause: for `malformed`, each refused field (as the portal named it) and its problem. */
export interface ConnectionCauseParams {
  fields: { field: string; problem: HandoffFieldProblem }[];
}

/** A recorded cause as the API answers it next to the English text: a code and its parameters (the UI words them). */
export interface RecordedCause {
  /** null when nothing was recorded or the text is not a connection cause. */
  detailCode: ConnectionCauseCode | null;
  /** null unless the cause has parameters (`malformed`). */
  detailParams: ConnectionCauseParams | null;
}

/** Rotation keeps the previous secret valid this many hours by default (0–168). */
export const DEFAULT_OVERLAP_HOURS = 24;
export const MAX_OVERLAP_HOURS = 168;
export const MAX_ALLOWED_SOURCES = 20;

/** What the console shows for a connection's health: a code and its parameters (the UI words them). */
export interface ConnectionHealthView {
  status: ConnectionHealthStatus;
  /** For `failing`: since when, the dominant kind of evidence and how many in the window. */
  since: string | null;
  cause: RejectionKind | null;
  evidence: number;
  threshold: number;
  windowMinutes: number;
  /** Requests refused in the last hour (any kind, any source), and by kind. */
  rejectedRequests: number;
  rejectedByKind: Partial<Record<RejectionKind, number>>;
  /** What the admin can do: codes the UI words. */
  advice: ('rotate-secret' | 'check-portal-configuration' | 'check-portal-clock' | 'enable-connection' | 'create-connection' | 'send-test-hand-off' | 'check-allowed-sources')[];
}

export interface PortalConnectionView {
  id: string;
  portalId: PortalId | string;
  organizationId: string;
  enabled: boolean;
  /** = health.status (kept for older clients). */
  status: ConnectionHealthStatus;
  health: ConnectionHealthView;
  rejectedRequests: number;
  lastSuccessAt: string | Date | null;
  lastFailureAt: string | Date | null;
  /** English, as recorded; the console words `lastFailureCauseCode` and `lastFailureCauseParams`. */
  lastFailureCause: string | null;
  /** What the last signed hand-off refused on the connection ran into, as a code. */
  lastFailureCauseCode: ConnectionCauseCode | null;
  /** Its parameters, as a login attempt's `detailParams`: for `malformed`, each refused field and its problem; else null. */
  lastFailureCauseParams: ConnectionCauseParams | null;
  secretRotatedAt: string | Date | null;
  unverifiedSince: string | Date | null;
  previousSecretUntil: string | Date | null;
  previousSecretLastUsedAt: string | Date | null;
  allowedSources: string[];
  createdAt: string | Date;
  failures24h: number;
  connectionFailures24h: number;
}

/** The answer of POST /api/portal-connections: the secret is shown this once. */
export interface CreatedConnection {
  id: string;
  secret: string;
  connection: PortalConnectionView;
}
