import { useCallback, useEffect, useRef, useState } from 'react';
import type { TicketAction, VerificationCheckDefinition, VerificationCheckStanding } from '../../../shared/tickets.js';
import { httpClient } from '../providers/http';
import type { PasskeyView } from '../../../shared/security-settings.js';
import type { AuthenticatorDeviceView } from '../../../shared/two-factor.js';
import type { TimelineEntry } from '../../../shared/ticket-timeline.js';

const API = '/api';

/** A ticket as `GET /api/tickets/:id` returns it. */
export interface TicketRecord {
  id: string;
  number: number;
  identityId: string | null;
  identityEmail: string | null;
  identityName: string | null;
  callerEmail: string | null;
  organizationId: string | null;
  channel: string;
  subject: string;
  description: string;
  status: string;
  assigneeId: string | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  verification: VerificationRecord | null;
  allowedStatuses: string[];
  organizationName: string | null;
  phoneLost: boolean;
  waitingForPerson: boolean;
  firstResponseAt: string | null;
  firstResponseDueAt: string;
  firstResponseMissed: boolean;
  resolvedAt: string | null;
  /** Changes with anything that happens on the ticket: panels reload when it does. */
  version: string;
  /** What the server would accept from me now (GET /api/tickets/:id only). */
  allowedActions: TicketAction[];
}

/** A recorded verification as it stands now (lost-channel checks not counted, expiry applied). */
export interface VerificationRecord {
  id: string;
  at: string;
  performedById: string;
  expiresAt: string;
  expired: boolean;
  checks: VerificationCheckStanding[];
  passedCount: number;
  requiredCount: number;
  sufficient: boolean;
}

export interface VerificationOverview {
  requiredCount: number;
  checks: VerificationCheckDefinition[];
  phoneLost: boolean;
  validMinutes: number;
  latest: VerificationRecord | null;
  history: VerificationRecord[];
}

export type { TimelineEntry };

/** A code as the API lists it (never the code itself), and the one answer that carries the code. */
import type { IssuedCode, PendingRecoveryCode as PendingRequest, RecoveryCodeView as RecoveryCodeRecord } from '../../../shared/tickets.js';
export type { IssuedCode, PendingRequest, RecoveryCodeRecord };

export interface SecondFactors {
  identityId: string;
  email: string;
  policy: string;
  policyLabel: string;
  policyExplanation: string;
  methods: { method: string; label: string; enrolled: boolean; enrolledAt: string | null; detail: string | null }[];
  /** Passkeys and security keys: name, kind, last use. */
  passkeys: PasskeyView[];
  /** Visma Authenticator devices: name, added, last use. */
  devices: AuthenticatorDeviceView[];
  defaultMethod: string | null;
  enrolledCount: number;
  scopeNote: string;
}

const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body ?? {}) });
const id = encodeURIComponent;

export async function fetchVerification(ticketId: string, signal?: AbortSignal): Promise<VerificationOverview> {
  return (await httpClient(`${API}/tickets/${id(ticketId)}/verification`, { signal })).json as VerificationOverview;
}

export async function recordVerification(ticketId: string, checks: { check: string; passed: boolean; note?: string }[]): Promise<{ verification: VerificationRecord; ticketStatus: string }> {
  return (await httpClient(`${API}/tickets/${id(ticketId)}/verification`, post({ checks }))).json as { verification: VerificationRecord; ticketStatus: string };
}

export async function fetchTimeline(ticketId: string, signal?: AbortSignal): Promise<TimelineEntry[]> {
  return (await httpClient(`${API}/tickets/${id(ticketId)}/timeline`, { signal })).json as TimelineEntry[];
}

export async function addComment(ticketId: string, body: string): Promise<void> {
  await httpClient(`${API}/tickets/${id(ticketId)}/comments`, post({ body }));
}

export async function updateTicket(ticketId: string, changes: { assigneeId?: string | null; status?: string; identityId?: string; phoneLost?: boolean; note?: string }): Promise<TicketRecord> {
  return (await httpClient(`${API}/tickets/${id(ticketId)}`, { method: 'PUT', body: JSON.stringify(changes) })).json as TicketRecord;
}

export async function fetchCodesForTicket(ticketId: string, signal?: AbortSignal): Promise<RecoveryCodeRecord[]> {
  const q = `filter=${id(JSON.stringify({ ticketId }))}&sort=${id(JSON.stringify(['createdAt', 'DESC']))}&range=${id('[0,49]')}`;
  return (await httpClient(`${API}/recovery-codes?${q}`, { signal })).json as RecoveryCodeRecord[];
}

/**
 * Issues a code (the step-up dialog opens when the server asks for it). Deliberately not through the
 * dataProvider: the answer must not land in react-admin's query cache.
 */
export async function issueCode(ticketId: string, identityId: string, expiresInMinutes: number): Promise<IssuedCode | PendingRequest> {
  return (await httpClient(`${API}/recovery-codes`, post({ ticketId, identityId, expiresInMinutes }))).json as IssuedCode | PendingRequest;
}

export async function approveCode(codeId: string): Promise<IssuedCode> {
  return (await httpClient(`${API}/recovery-codes/${id(codeId)}/approve`, post({}))).json as IssuedCode;
}

export async function rejectCode(codeId: string, reason: string): Promise<RecoveryCodeRecord> {
  return (await httpClient(`${API}/recovery-codes/${id(codeId)}/reject`, post(reason.trim() ? { reason: reason.trim() } : {}))).json as RecoveryCodeRecord;
}

export async function revokeCode(codeId: string): Promise<RecoveryCodeRecord> {
  return (await httpClient(`${API}/recovery-codes/${id(codeId)}/revoke`, post({}))).json as RecoveryCodeRecord;
}

export async function fetchSecondFactors(identityId: string, signal?: AbortSignal): Promise<SecondFactors> {
  return (await httpClient(`${API}/identities/${id(identityId)}/second-factors`, { signal })).json as SecondFactors;
}

/**
 * Loads data, reloads on `reload()` and, with `pollMs`, every so often while the tab is visible.
 * The newest answer wins; a failed poll keeps the last data.
 */
export function usePolled<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[], pollMs?: number) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(!!load);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const fn = loadRef.current;
    if (!fn) return;
    const ctrl = new AbortController();
    setLoading(true);
    fn(ctrl.signal).then(
      (d) => {
        if (ctrl.signal.aborted) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (ctrl.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, !!load]);

  const hasLoader = !!load;
  useEffect(() => {
    if (!pollMs || !hasLoader) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload, hasLoader]);

  return { data, error, loading, reload };
}

export async function replyToTicket(ticketId: string, body: string): Promise<void> {
  await httpClient(`${API}/tickets/${id(ticketId)}/replies`, post({ body }));
}

export async function requestInvitation(ticketId: string, body: { organizationId: string; name: string; email?: string }): Promise<void> {
  await httpClient(`${API}/tickets/${id(ticketId)}/invitation-request`, post(body));
}

export async function inviteIdentity(body: { email: string; name: string; organizationId: string }): Promise<void> {
  await httpClient(`${API}/identities/invite`, post(body));
}

export async function decideInvitationRequest(requestId: string, confirm: boolean): Promise<void> {
  await httpClient(`${API}/invitation-requests/${id(requestId)}/${confirm ? 'confirm' : 'reject'}`, post({}));
}

/** Removes every second factor of the person (step-up; the caller verified on `ticketId`). */
export async function resetSecondFactors(identityId: string, ticketId: string): Promise<{ reset: true; sessionsEnded: number }> {
  return (await httpClient(`${API}/identities/${id(identityId)}/second-factors/reset`, post({ ticketId }))).json as { reset: true; sessionsEnded: number };
}

/** The person's tickets on which work can continue (for the reset). */
export async function fetchWorkableTickets(identityId: string, signal?: AbortSignal): Promise<TicketRecord[]> {
  const q = `filter=${id(JSON.stringify({ identityId, status: ['open', 'verified', 'code-issued'] }))}&sort=${id(JSON.stringify(['createdAt', 'DESC']))}&range=${id('[0,24]')}`;
  return (await httpClient(`${API}/tickets?${q}`, { signal })).json as TicketRecord[];
}
