import { RecoveryCodeStatus } from '../../../shared/index.js';
import { useEffect, useMemo, useState } from 'react';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Divider,
  MenuItem,
  Stack,
  Step,
  StepContent,
  StepLabel,
  Stepper,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useGetOne } from 'react-admin';
import { RECOVERY_CODE_LIFETIME } from '../../../shared/index.js';
import { errorMessage, isStepUpRequired } from '../providers/http';
import type { Identity } from '../types';
import { fetchCodesForTicket, fetchVerification, issueCode, recordVerification, revokeCode, usePolled, type IssuedCode, type PendingRequest, type RecoveryCodeRecord, type TicketRecord } from './api';
import { CodeReveal } from './CodeReveal';
import { CodeStatusLabel, formatTime, relative } from './fields';

type Outcome = 'not-done' | 'passed' | 'failed';

const LIFETIMES = [
  { minutes: RECOVERY_CODE_LIFETIME.minMinutes, label: '10 minutes' },
  { minutes: 30, label: '30 minutes' },
  { minutes: RECOVERY_CODE_LIFETIME.defaultMinutes, label: '1 hour (default)' },
  { minutes: 240, label: '4 hours' },
  { minutes: RECOVERY_CODE_LIFETIME.maxMinutes, label: '24 hours' },
];

const WORKABLE = ['open', 'verified', 'code-issued'];

/** What the status of a code means for the agent on the phone. */
function statusSentence(c: RecoveryCodeRecord): string {
  switch (c.status) {
    case RecoveryCodeStatus.PENDING_APPROVAL:
      return 'Waiting for a second supervisor to approve. The approver sees the code once and gives it to the person.';
    case RecoveryCodeStatus.ACTIVE:
      return `Waiting for the person to sign in with it. Expires ${formatTime(c.expiresAt)} (${relative(c.expiresAt!)}).`;
    case RecoveryCodeStatus.REDEEMED:
      return `Used to sign in at ${formatTime(c.redeemedAt)}.`;
    case RecoveryCodeStatus.EXPIRED:
      return `Expired unused at ${formatTime(c.expiresAt)}.`;
    case RecoveryCodeStatus.REVOKED:
      return `Revoked at ${formatTime(c.revokedAt)}${c.revokedByEmail ? ` by ${c.revokedByEmail}` : ''}.`;
    case RecoveryCodeStatus.REJECTED:
      return `Request rejected at ${formatTime(c.revokedAt)}${c.revokedByEmail ? ` by ${c.revokedByEmail}` : ''}.`;
  }
}

/**
 * The guided lost-phone flow on a ticket: verify the caller (checklist) → issue a one-time code (step-up) →
 * the code shown once → its status, updating live.
 */
export const LostPhoneFlow = ({ ticket, canWork, meId, onChanged }: { ticket: TicketRecord; canWork: boolean; meId: string | undefined; onChanged: () => void }) => {
  // The ticket page polls the ticket (one mechanism); its `version` changes with anything that happens on it.
  const verification = usePolled((signal) => fetchVerification(ticket.id, signal), [ticket.id, ticket.version]);
  const codes = usePolled(canWork ? (signal) => fetchCodesForTicket(ticket.id, signal) : null, [ticket.id, ticket.version]);
  const { data: identity } = useGetOne<Identity>('identities', { id: ticket.identityId ?? '' }, { enabled: !!ticket.identityId });

  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState(false);
  const [lifetime, setLifetime] = useState<number>(RECOVERY_CODE_LIFETIME.defaultMinutes);
  const [busy, setBusy] = useState<null | 'verify' | 'issue' | 'revoke'>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<IssuedCode | null>(null);
  const [pending, setPending] = useState<PendingRequest | null>(null);

  // The code never survives a change of ticket.
  useEffect(() => {
    setRevealed(null);
    setPending(null);
  }, [ticket.id]);

  const overview = verification.data;
  const latest = overview?.latest ?? null;
  const verified = !!latest?.sufficient;
  const workable = WORKABLE.includes(ticket.status);
  const isSelf = !!meId && ticket.identityId === meId;
  const canVerify = ticket.allowedActions.includes('verify');
  const canIssue = ticket.allowedActions.includes('issue-code');
  const phoneLost = !!overview?.phoneLost;
  const lostChannel = (checkId: string) => phoneLost && overview?.checks.find((d) => d.id === checkId)?.channel === 'phone-on-record';
  const list = codes.data ?? [];
  const current = list[0] ?? null;
  const needsApproval = !!identity && (identity.roles.length > 0 || identity.privileged);
  const passedTicked = Object.entries(outcomes).filter(([c, o]) => o === 'passed' && !lostChannel(c)).length;
  const performed = Object.entries(outcomes).filter(([, o]) => o !== 'not-done');

  const activeStep = useMemo(() => {
    if (!verified || editing) return 0;
    if (revealed) return 2;
    if (!current || !['active', 'pending-approval', 'redeemed'].includes(current.status)) return 1;
    return 3;
  }, [verified, editing, revealed, current]);

  const submitVerification = async () => {
    setBusy('verify');
    setError(null);
    try {
      await recordVerification(
        ticket.id,
        performed.map(([check, o]) => ({ check, passed: o === 'passed', ...(notes[check]?.trim() ? { note: notes[check].trim() } : {}) })),
      );
      setOutcomes({});
      setNotes({});
      setEditing(false);
      verification.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const issue = async () => {
    if (!ticket.identityId) return;
    setBusy('issue');
    setError(null);
    setPending(null);
    try {
      const result = await issueCode(ticket.id, ticket.identityId, lifetime);
      if (result.status === 'active') setRevealed(result);
      else setPending(result);
      codes.reload();
      onChanged();
    } catch (e) {
      setError(isStepUpRequired(e) ? 'Issuing a code needs a fresh authenticator code. Try again and confirm.' : errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (id: string) => {
    setBusy('revoke');
    setError(null);
    try {
      await revokeCode(id);
      codes.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (!ticket.identityId) {
    return (
      <Card data-testid="lost-phone-flow">
        <CardContent>
          <Typography variant="h6" gutterBottom>
            Lost phone
          </Typography>
          <Alert severity="info">Link this ticket to the person's Visma Connect identity first: verification confirms that the caller owns that identity.</Alert>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card data-testid="lost-phone-flow">
      <CardContent>
        <Typography variant="h6">Lost phone: one-time sign-in code</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          For {ticket.identityName ?? ticket.identityEmail} ({ticket.identityEmail}). Help desks are a favourite target of social engineering: verify first, and
          give the code only on the channel the person used.
        </Typography>
        {error && (
          <Alert severity="error" sx={{ my: 1 }} role="alert" data-testid="flow-error">
            {error}
          </Alert>
        )}
        {isSelf && <Alert severity="warning">This ticket is about you: another agent must verify and issue the code.</Alert>}
        <Stepper activeStep={activeStep} orientation="vertical" nonLinear>
          <Step completed={verified && !editing} expanded>
            <StepLabel optional={overview ? <Typography variant="caption">{overview.requiredCount} passing checks required</Typography> : undefined}>Verify the caller</StepLabel>
            <StepContent>
              {!overview ? (
                <CircularProgress size={20} />
              ) : verified && !editing ? (
                <Box data-testid="verification-summary">
                  <Alert severity="success" sx={{ mb: 1 }}>
                    Verified at {formatTime(latest!.at)}: {latest!.passedCount} of {latest!.requiredCount} required checks passed. Counts until {formatTime(latest!.expiresAt)}.
                  </Alert>
                  <Stack spacing={0.5} sx={{ mb: 1 }}>
                    {latest!.checks.map((c) => (
                      <Stack key={c.check} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        {c.counted ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color={c.passed ? 'disabled' : 'error'} fontSize="small" />}
                        <Typography variant="body2">
                          {overview.checks.find((d) => d.id === c.check)?.label ?? c.check}
                          {c.note ? ` — ${c.note}` : ''}
                          {c.notCountedReason === 'lost-channel' ? ' (does not count: relies on the lost phone)' : ''}
                        </Typography>
                      </Stack>
                    ))}
                  </Stack>
                  {canVerify && (
                    <Button size="small" onClick={() => setEditing(true)}>
                      Record another verification
                    </Button>
                  )}
                </Box>
              ) : (
                <Box data-testid="verification-form">
                  {phoneLost && (
                    <Alert severity="warning" sx={{ mb: 1 }} data-testid="phone-lost-note">
                      The phone is lost or stolen: checks that rely on the phone number on record would reach whoever has it now, so they do not count.
                    </Alert>
                  )}
                  {latest && !latest.sufficient && (
                    <Alert severity="warning" sx={{ mb: 1 }} data-testid="verification-not-sufficient">
                      {latest.expired && latest.passedCount >= latest.requiredCount
                        ? `The verification of ${formatTime(latest.at)} expired at ${formatTime(latest.expiresAt)}: verify the caller again.`
                        : `The last verification (${formatTime(latest.at)}) was not sufficient: ${latest.passedCount} of ${latest.requiredCount} checks count.`}
                    </Alert>
                  )}
                  <Stack spacing={1.5} divider={<Divider flexItem />}>
                    {overview.checks.map((c) => (
                      <Box key={c.id}>
                        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'center' }, justifyContent: 'space-between' }}>
                          <Box>
                            <Typography variant="subtitle2">
                              {c.label}
                              {lostChannel(c.id) && (
                                <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 1 }} data-testid={`check-${c.id}-not-counted`}>
                                  does not count: the phone is lost
                                </Typography>
                              )}
                            </Typography>
                            <Typography variant="caption" color="text.secondary">
                              {c.guidance}
                            </Typography>
                          </Box>
                          <ToggleButtonGroup
                            size="small"
                            exclusive
                            value={outcomes[c.id] ?? 'not-done'}
                            onChange={(_, v: Outcome | null) => v && setOutcomes((o) => ({ ...o, [c.id]: v }))}
                            disabled={!canVerify}
                            aria-label={c.label}
                          >
                            <ToggleButton value="not-done" data-testid={`check-${c.id}-not-done`}>
                              Not done
                            </ToggleButton>
                            <ToggleButton value="passed" color="success" data-testid={`check-${c.id}-passed`}>
                              Passed
                            </ToggleButton>
                            <ToggleButton value="failed" color="error" data-testid={`check-${c.id}-failed`}>
                              Failed
                            </ToggleButton>
                          </ToggleButtonGroup>
                        </Stack>
                        {(outcomes[c.id] ?? 'not-done') !== 'not-done' && (
                          <TextField
                            size="small"
                            fullWidth
                            sx={{ mt: 1 }}
                            label="Note (what you did; never the answer itself)"
                            value={notes[c.id] ?? ''}
                            onChange={(e) => setNotes((n) => ({ ...n, [c.id]: e.target.value.slice(0, 500) }))}
                            slotProps={{ htmlInput: { 'data-testid': `note-${c.id}`, maxLength: 500 } }}
                          />
                        )}
                      </Box>
                    ))}
                  </Stack>
                  <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
                    <Button variant="contained" onClick={submitVerification} disabled={!canVerify || performed.length === 0 || busy !== null} data-testid="record-verification">
                      {busy === 'verify' ? 'Recording…' : 'Record verification'}
                    </Button>
                    <Typography variant="body2" color={passedTicked >= overview.requiredCount ? 'success.main' : 'text.secondary'}>
                      {passedTicked} of {overview.requiredCount} required checks passed
                    </Typography>
                    {editing && <Button onClick={() => setEditing(false)}>Cancel</Button>}
                  </Stack>
                </Box>
              )}
            </StepContent>
          </Step>

          <Step completed={!!current && current.status !== 'rejected'} expanded>
            <StepLabel>Issue a one-time code</StepLabel>
            <StepContent>
              {!workable ? (
                <Alert severity="info">The ticket is {ticket.status}: no more codes.</Alert>
              ) : !verified ? (
                <Typography variant="body2" color="text.secondary">
                  Available once the caller is verified.
                </Typography>
              ) : (
                <Box>
                  {needsApproval && (
                    <Alert severity="info" sx={{ mb: 1 }} data-testid="dual-control-note">
                      {identity!.roles.length ? 'This person holds a console role' : 'This person is marked privileged'}: the request goes to the approval queue, and a
                      different supervisor approves it and gives the code.
                    </Alert>
                  )}
                  {current?.status === 'active' && !revealed && (
                    <Alert severity="warning" sx={{ mb: 1 }}>
                      A code is already waiting to be used. Issuing a new one revokes it.
                    </Alert>
                  )}
                  {pending && (
                    <Alert severity="success" sx={{ mb: 1 }} data-testid="pending-approval">
                      Request sent to the approval queue. {pending.reason}
                    </Alert>
                  )}
                  <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
                    <TextField select size="small" label="Valid for" value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))} sx={{ minWidth: 180 }} disabled={!canWork}>
                      {LIFETIMES.map((l) => (
                        <MenuItem key={l.minutes} value={l.minutes}>
                          {l.label}
                        </MenuItem>
                      ))}
                    </TextField>
                    <Button variant="contained" color="warning" onClick={issue} disabled={!canIssue || busy !== null} data-testid="issue-code">
                      {busy === 'issue' ? 'Issuing…' : needsApproval ? 'Request a code (needs approval)' : 'Issue one-time code'}
                    </Button>
                  </Stack>
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
                    You will be asked for your authenticator code. At most 3 codes per person in 24 hours. The person is notified at their registered e-mail
                    address.
                  </Typography>
                </Box>
              )}
            </StepContent>
          </Step>

          <Step completed={!!revealed} expanded={!!revealed}>
            <StepLabel>Give the code to the person</StepLabel>
            <StepContent>{revealed && <CodeReveal code={revealed.code} expiresAt={revealed.expiresAt} onDone={() => setRevealed(null)} />}</StepContent>
          </Step>

          <Step completed={current?.status === 'redeemed'} expanded>
            <StepLabel optional={<Typography variant="caption">updates by itself</Typography>}>Status of the code</StepLabel>
            <StepContent>
              {!canWork ? (
                <Typography variant="body2" color="text.secondary">
                  Visible to support agents and supervisors.
                </Typography>
              ) : !codes.data ? (
                codes.error ? <Alert severity="error">{errorMessage(codes.error)}</Alert> : <CircularProgress size={20} />
              ) : !current ? (
                <Typography variant="body2" color="text.secondary">
                  No code issued on this ticket yet.
                </Typography>
              ) : (
                <Box data-testid="code-status-panel">
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
                    <CodeStatusLabel status={current.status} />
                    <Typography variant="body2" data-testid="code-status-text">
                      {statusSentence(current)}
                    </Typography>
                  </Stack>
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                    {current.issuedByEmail ? `Issued by ${current.issuedByEmail} at ${formatTime(current.issuedAt)}` : `Requested by ${current.requestedByEmail} at ${formatTime(current.createdAt)}`}
                    {current.approvedByEmail ? `, approved by ${current.approvedByEmail}` : ''}.
                  </Typography>
                  {current.status === 'active' && (
                    <Button size="small" color="error" sx={{ mt: 1 }} onClick={() => revoke(current.id)} disabled={busy !== null} data-testid="revoke-code">
                      Revoke this code
                    </Button>
                  )}
                  {list.length > 1 && (
                    <Box sx={{ mt: 1 }}>
                      <Typography variant="caption" color="text.secondary">
                        Earlier on this ticket:
                      </Typography>
                      {list.slice(1).map((c) => (
                        <Stack key={c.id} direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5 }}>
                          <CodeStatusLabel status={c.status} />
                          <Typography variant="caption">{formatTime(c.issuedAt ?? c.createdAt)}</Typography>
                        </Stack>
                      ))}
                    </Box>
                  )}
                </Box>
              )}
            </StepContent>
          </Step>
        </Stepper>
      </CardContent>
    </Card>
  );
};
