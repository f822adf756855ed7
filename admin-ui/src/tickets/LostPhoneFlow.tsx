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
import { useGetOne, useLocaleState, useTranslate } from 'react-admin';
import { RECOVERY_CODE_LIFETIME, RecoveryCodeStatus, VerificationCheck } from '../../../shared/index.js';
import { errorMessage, isStepUpRequired } from '../providers/http';
import type { Identity } from '../types';
import { fetchCodesForTicket, fetchVerification, issueCode, recordVerification, revokeCode, usePolled, type IssuedCode, type PendingRequest, type TicketRecord } from './api';
import { CodeReveal } from './CodeReveal';
import { formatDateTime } from '../i18n/format';
import { issuedSentence, statusSentence } from './codeText';
import { CodeStatusLabel } from './fields';

type Outcome = 'not-done' | 'passed' | 'failed';

const LIFETIMES = [
  { minutes: RECOVERY_CODE_LIFETIME.minMinutes, label: 'app.lostPhone.lifetime.m10' },
  { minutes: 30, label: 'app.lostPhone.lifetime.m30' },
  { minutes: RECOVERY_CODE_LIFETIME.defaultMinutes, label: 'app.lostPhone.lifetime.h1' },
  { minutes: 240, label: 'app.lostPhone.lifetime.h4' },
  { minutes: RECOVERY_CODE_LIFETIME.maxMinutes, label: 'app.lostPhone.lifetime.h24' },
];

const WORKABLE = ['open', 'verified', 'code-issued'];

/**
 * The guided lost-phone flow on a ticket: verify the caller (checklist) → issue a one-time code (step-up) →
 * the code shown once → its status, updating live.
 */
export const LostPhoneFlow = ({ ticket, canWork, meId, onChanged }: { ticket: TicketRecord; canWork: boolean; meId: string | undefined; onChanged: () => void }) => {
  // The ticket page polls the ticket (one mechanism); its `version` changes with anything that happens on it.
  const verification = usePolled((signal) => fetchVerification(ticket.id, signal), [ticket.id, ticket.version]);
  const codes = usePolled(canWork ? (signal) => fetchCodesForTicket(ticket.id, signal) : null, [ticket.id, ticket.version]);
  const { data: identity } = useGetOne<Identity>('identities', { id: ticket.identityId ?? '' }, { enabled: !!ticket.identityId });
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const at = (iso: string | null | undefined) => formatDateTime(iso, locale);
  const t = (key: string, params?: Record<string, unknown>) => translate(`app.lostPhone.${key}`, params);

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
  const lostChannel = (checkId: string) => phoneLost && overview?.checks.find((d) => d.id === (checkId as VerificationCheck))?.channel === 'phone-on-record';
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
      if (result.status === RecoveryCodeStatus.ACTIVE) setRevealed(result);
      else setPending(result);
      codes.reload();
      onChanged();
    } catch (e) {
      setError(isStepUpRequired(e) ? t('stepUp') : errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  /** A check's name in the console's language (the server's English label if the catalog does not know the check). */
  const checkLabel = (id: string) => translate(`app.tickets.check.${id}`, { _: overview?.checks.find((d) => d.id === (id as VerificationCheck))?.label ?? id });

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
            {t('noIdentityTitle')}
          </Typography>
          <Alert severity="info">{t('noIdentity')}</Alert>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card data-testid="lost-phone-flow">
      <CardContent>
        <Typography variant="h6">{t('title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('intro', { name: ticket.identityName ?? ticket.identityEmail, email: ticket.identityEmail })}
        </Typography>
        {error && (
          <Alert severity="error" sx={{ my: 1 }} role="alert" data-testid="flow-error">
            {error}
          </Alert>
        )}
        {isSelf && <Alert severity="warning">{t('self')}</Alert>}
        <Stepper activeStep={activeStep} orientation="vertical" nonLinear>
          <Step completed={verified && !editing} expanded>
            <StepLabel optional={overview ? <Typography variant="caption">{t('verify.required', { smart_count: overview.requiredCount })}</Typography> : undefined}>{t('verify.step')}</StepLabel>
            <StepContent>
              {!overview ? (
                <CircularProgress size={20} />
              ) : verified && !editing ? (
                <Box data-testid="verification-summary">
                  <Alert severity="success" sx={{ mb: 1 }}>
                    {t('verify.verifiedAt', { at: at(latest.at), passed: latest.passedCount, required: latest.requiredCount, until: at(latest.expiresAt) })}
                  </Alert>
                  <Stack spacing={0.5} sx={{ mb: 1 }}>
                    {latest.checks.map((c) => (
                      <Stack key={c.check} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        {c.counted ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color={c.passed ? 'disabled' : 'error'} fontSize="small" />}
                        <Typography variant="body2">
                          {checkLabel(c.check)}
                          {c.note ? ` — ${c.note}` : ''}
                          {c.notCountedReason === 'lost-channel' ? ` ${t('verify.lostChannel')}` : ''}
                        </Typography>
                      </Stack>
                    ))}
                  </Stack>
                  {canVerify && (
                    <Button size="small" onClick={() => setEditing(true)}>
                      {t('verify.again')}
                    </Button>
                  )}
                </Box>
              ) : (
                <Box data-testid="verification-form">
                  {phoneLost && (
                    <Alert severity="warning" sx={{ mb: 1 }} data-testid="phone-lost-note">
                      {t('verify.phoneLost')}
                    </Alert>
                  )}
                  {latest && !latest.sufficient && (
                    <Alert severity="warning" sx={{ mb: 1 }} data-testid="verification-not-sufficient">
                      {latest.expired && latest.passedCount >= latest.requiredCount
                        ? t('verify.expired', { at: at(latest.at), until: at(latest.expiresAt) })
                        : t('verify.insufficient', { at: at(latest.at), passed: latest.passedCount, required: latest.requiredCount })}
                    </Alert>
                  )}
                  <Stack spacing={1.5} divider={<Divider flexItem />}>
                    {overview.checks.map((c) => (
                      <Box key={c.id}>
                        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'center' }, justifyContent: 'space-between' }}>
                          <Box>
                            <Typography variant="subtitle2">
                              {checkLabel(c.id)}
                              {lostChannel(c.id) && (
                                <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 1 }} data-testid={`check-${c.id}-not-counted`}>
                                  {t('verify.checkLost')}
                                </Typography>
                              )}
                            </Typography>
                            <Typography variant="caption" color="text.secondary">
                              {translate(`app.lostPhone.guidance.${c.id}`, { _: c.guidance })}
                            </Typography>
                          </Box>
                          <ToggleButtonGroup
                            size="small"
                            exclusive
                            value={outcomes[c.id] ?? 'not-done'}
                            onChange={(_, v: Outcome | null) => v && setOutcomes((o) => ({ ...o, [c.id]: v }))}
                            disabled={!canVerify}
                            aria-label={checkLabel(c.id)}
                          >
                            <ToggleButton value="not-done" data-testid={`check-${c.id}-not-done`}>
                              {t('verify.notDone')}
                            </ToggleButton>
                            <ToggleButton value="passed" color="success" data-testid={`check-${c.id}-passed`}>
                              {t('verify.passed')}
                            </ToggleButton>
                            <ToggleButton value="failed" color="error" data-testid={`check-${c.id}-failed`}>
                              {t('verify.failed')}
                            </ToggleButton>
                          </ToggleButtonGroup>
                        </Stack>
                        {(outcomes[c.id] ?? 'not-done') !== 'not-done' && (
                          <TextField
                            size="small"
                            fullWidth
                            sx={{ mt: 1 }}
                            label={t('verify.note')}
                            value={notes[c.id] ?? ''}
                            onChange={(e) => setNotes((n) => ({ ...n, [c.id]: e.target.value.slice(0, 500) }))}
                            slotProps={{ htmlInput: { 'data-testid': `note-${c.id}`, maxLength: 500 } }}
                          />
                        )}
                      </Box>
                    ))}
                  </Stack>
                  <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
                    <Button variant="contained" onClick={() => void submitVerification()} disabled={!canVerify || performed.length === 0 || busy !== null} data-testid="record-verification">
                      {t(busy === 'verify' ? 'verify.recording' : 'verify.record')}
                    </Button>
                    <Typography variant="body2" color={passedTicked >= overview.requiredCount ? 'success.main' : 'text.secondary'}>
                      {t('verify.ticked', { passed: passedTicked, required: overview.requiredCount })}
                    </Typography>
                    {editing && <Button onClick={() => setEditing(false)}>{translate('ra.action.cancel')}</Button>}
                  </Stack>
                </Box>
              )}
            </StepContent>
          </Step>

          <Step completed={!!current && current.status !== RecoveryCodeStatus.REJECTED} expanded>
            <StepLabel>{t('issue.step')}</StepLabel>
            <StepContent>
              {!workable ? (
                <Alert severity="info">{t('issue.notWorkable', { status: translate(`app.tickets.status.${ticket.status}`, { _: ticket.status }) })}</Alert>
              ) : !verified ? (
                <Typography variant="body2" color="text.secondary">
                  {t('issue.notVerified')}
                </Typography>
              ) : (
                <Box>
                  {needsApproval && (
                    <Alert severity="info" sx={{ mb: 1 }} data-testid="dual-control-note">
                      {t(identity.roles.length ? 'issue.role' : 'issue.privileged')}
                    </Alert>
                  )}
                  {current?.status === RecoveryCodeStatus.ACTIVE && !revealed && (
                    <Alert severity="warning" sx={{ mb: 1 }}>
                      {t('issue.alreadyActive')}
                    </Alert>
                  )}
                  {pending && (
                    <Alert severity="success" sx={{ mb: 1 }} data-testid="pending-approval">
                      {t('issue.pending')}
                    </Alert>
                  )}
                  <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
                    <TextField select size="small" label={t('issue.validFor')} value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))} sx={{ minWidth: 180 }} disabled={!canWork}>
                      {LIFETIMES.map((l) => (
                        <MenuItem key={l.minutes} value={l.minutes}>
                          {translate(l.label)}
                        </MenuItem>
                      ))}
                    </TextField>
                    <Button variant="contained" color="warning" onClick={() => void issue()} disabled={!canIssue || busy !== null} data-testid="issue-code">
                      {t(busy === 'issue' ? 'issue.issuing' : needsApproval ? 'issue.request' : 'issue.issue')}
                    </Button>
                  </Stack>
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
                    {t('issue.hint')}
                  </Typography>
                </Box>
              )}
            </StepContent>
          </Step>

          <Step completed={!!revealed} expanded={!!revealed}>
            <StepLabel>{t('give')}</StepLabel>
            <StepContent>{revealed && <CodeReveal code={revealed.code} expiresAt={revealed.expiresAt} onDone={() => setRevealed(null)} />}</StepContent>
          </Step>

          <Step completed={current?.status === RecoveryCodeStatus.REDEEMED} expanded>
            <StepLabel optional={<Typography variant="caption">{t('state.live')}</Typography>}>{t('state.step')}</StepLabel>
            <StepContent>
              {!canWork ? (
                <Typography variant="body2" color="text.secondary">
                  {t('state.staffOnly')}
                </Typography>
              ) : !codes.data ? (
                codes.error ? <Alert severity="error">{errorMessage(codes.error)}</Alert> : <CircularProgress size={20} />
              ) : !current ? (
                <Typography variant="body2" color="text.secondary">
                  {t('state.none')}
                </Typography>
              ) : (
                <Box data-testid="code-status-panel">
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
                    <CodeStatusLabel status={current.status} />
                    <Typography variant="body2" data-testid="code-status-text">
                      {statusSentence(current, translate, at, locale)}
                    </Typography>
                  </Stack>
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                    {issuedSentence(current, translate, at)}
                  </Typography>
                  {current.status === RecoveryCodeStatus.ACTIVE && (
                    <Button size="small" color="error" sx={{ mt: 1 }} onClick={() => void revoke(current.id)} disabled={busy !== null} data-testid="revoke-code">
                      {t('state.revoke')}
                    </Button>
                  )}
                  {list.length > 1 && (
                    <Box sx={{ mt: 1 }}>
                      <Typography variant="caption" color="text.secondary">
                        {t('state.earlier')}
                      </Typography>
                      {list.slice(1).map((c) => (
                        <Stack key={c.id} direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5 }}>
                          <CodeStatusLabel status={c.status} />
                          <Typography variant="caption">{at(c.issuedAt ?? c.createdAt)}</Typography>
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
