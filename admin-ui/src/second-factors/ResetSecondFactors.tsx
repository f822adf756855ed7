import { Alert, Box, Button, MenuItem, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorKey } from '../providers/http';
import { fetchWorkableTickets, resetSecondFactors, usePolled } from '../tickets/api';
import { TicketSubject } from '../tickets/fields';
import { fire } from '../common/fire';

/**
 * The agent's reset (seed 003): removes every second factor — authenticator, SMS, emergency code, passkeys,
 * push — for every application at once, on a ticket of this person whose caller was verified (the server checks
 * it, asks for step-up, and refuses people with console roles unless a supervisor does it).
 */
export const ResetSecondFactors = ({ identityId, enrolledCount, onDone }: { identityId: string; enrolledCount: number; onDone: () => void }) => {
  const { permissions } = usePermissions<Permissions>();
  const translate = useTranslate();
  const allowed = can(permissions?.roles, 'tickets.work');
  const tickets = usePolled(allowed ? (signal) => fetchWorkableTickets(identityId, signal) : null, [identityId, allowed]);
  const [ticketId, setTicketId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  if (!allowed || enrolledCount === 0) return null;
  const list = tickets.data ?? [];
  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const r = await resetSecondFactors(identityId, ticketId);
      setResult({ ok: true, text: translate('app.people.resetDone', { smart_count: r.sessionsEnded }) });
      setConfirming(false);
      onDone();
    } catch (e) {
      setResult({ ok: false, text: translate(errorKey(e)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ mt: 2, maxWidth: 900 }} data-testid="reset-second-factors">
      <Typography variant="subtitle2">{translate('app.people.resetTitle')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.people.resetText')}
      </Typography>
      {list.length === 0 ? (
        <Alert severity="info">{translate('app.people.resetNoTicket')}</Alert>
      ) : (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField select size="small" label={translate('app.people.ticket')} value={ticketId} onChange={(e) => setTicketId(e.target.value)} sx={{ minWidth: 260 }} slotProps={{ htmlInput: { 'data-testid': 'reset-ticket' } }}>
            {list.map((t) => (
              <MenuItem key={t.id} value={t.id}>
                #{t.number} <TicketSubject subject={t.subject} />
              </MenuItem>
            ))}
          </TextField>
          {confirming ? (
            <>
              <Button color="error" variant="contained" disabled={busy} onClick={fire(run)} data-testid="reset-confirm">
                {translate('app.people.resetConfirm')}
              </Button>
              <Button onClick={() => setConfirming(false)}>{translate('ra.action.cancel')}</Button>
            </>
          ) : (
            <Button color="error" variant="outlined" disabled={!ticketId} onClick={() => setConfirming(true)} data-testid="reset-start">
              {translate('app.people.resetStart')}
            </Button>
          )}
        </Box>
      )}
      {result ? (
        <Alert severity={result.ok ? 'success' : 'error'} sx={{ mt: 1 }}>
          {result.text}
        </Alert>
      ) : null}
    </Box>
  );
};
