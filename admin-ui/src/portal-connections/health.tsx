import { Chip } from '@mui/material';
import type { ConnectionHealthStatus, ConnectionHealthView, RejectionKind } from '../../../shared/index.js';

/** The console's words for a connection's health (the API answers codes and numbers). */
export const HEALTH: Record<ConnectionHealthStatus, { label: string; color: 'success' | 'error' | 'warning' | 'default' | 'info' }> = {
  ok: { label: 'Working', color: 'success' },
  failing: { label: 'Failing', color: 'error' },
  unverified: { label: 'Not verified yet', color: 'info' },
  disabled: { label: 'Disabled', color: 'default' },
  'not-configured': { label: 'No connection', color: 'warning' },
};

export const HealthChip = ({ status }: { status: ConnectionHealthStatus }) => (
  <Chip size="small" color={HEALTH[status].color} variant={status === 'ok' ? 'outlined' : 'filled'} label={HEALTH[status].label} data-testid="connection-health" data-status={status} />
);

const KIND: Record<RejectionKind, string> = {
  'bad-signature': 'with a signature that does not match',
  source: 'from outside the allowed networks',
  stale: 'signed but too old (or the portal clock is wrong)',
  replayed: 'that replayed an earlier request',
  malformed: 'signed but malformed',
};

const ADVICE: Record<ConnectionHealthView['advice'][number], string> = {
  'rotate-secret': 'Rotate the secret and have the portal administrator install the new one.',
  'check-portal-configuration': "Check the portal's connection configuration (the organization id and the secret it signs with).",
  'check-portal-clock': "Check the portal's clock: hand-offs must arrive within 5 minutes of being made.",
  'enable-connection': 'Enable the connection when hand-offs should be accepted again.',
  'create-connection': 'Create the connection and give its secret to the portal administrator.',
  'send-test-hand-off': 'The first signed hand-off from the portal verifies the connection.',
  'check-allowed-sources': 'Requests from outside the allowed networks are refused: keep the list up to date when the portal moves.',
};

/** What the health means, in sentences: which evidence, since when, what to do. */
export function healthSentences(h: ConnectionHealthView, portalName: string): string[] {
  const out: string[] = [];
  if (h.status === 'failing') {
    out.push(
      `Since ${h.since ? new Date(h.since).toLocaleString() : '—'}: ${h.evidence} hand-off requests ${KIND[h.cause ?? 'bad-signature']} from ${portalName}'s allowed sources, and no signed hand-off in the last ${h.windowMinutes} minutes (failing from ${h.threshold}).`,
    );
  } else if (h.status === 'unverified') out.push(`No signed hand-off from ${portalName} has arrived since the connection was created, re-enabled or its secret rotated.`);
  else if (h.status === 'ok') out.push(`Signed hand-offs from ${portalName} are arriving.`);
  else if (h.status === 'disabled') out.push('Every hand-off through this connection is refused while it is disabled.');
  else out.push(`Severa cannot verify hand-offs from ${portalName} for this organization.`);
  for (const a of h.advice) out.push(ADVICE[a]);
  return out;
}

/** "N requests with a signature that does not match in the last hour", per kind. */
export function rejectedSentence(h: ConnectionHealthView): string {
  if (h.rejectedRequests === 0) return 'No refused requests in the last hour.';
  const parts = (Object.entries(h.rejectedByKind) as [RejectionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${n === 1 ? 'request' : 'requests'} ${KIND[k]}`);
  return `${parts.join('; ')} in the last hour. On their own they say nothing about the connection: anyone can send them.`;
}
