import { useState, type ReactNode } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Tooltip, Typography } from '@mui/material';
import { useNavigate, useNotify, useTranslate } from 'react-admin';
import { DEFAULT_OVERLAP_HOURS, PORTAL_NAMES, type ConnectionCheckResult, type Diagnosis, type DiagnosisAction } from '../../../shared/index.js';
import { errorMessage } from '../providers/http';
import { checkConnection, rotateConnectionSecret, setConnectionEnabled, setSeveraUserActive } from './api';
import { ReasonDialog } from './ReasonDialog';
import { useRichText } from './Messages';
import { ConnectionCheckDialog, SecretOnceDialog } from './dialogs';
import { fire } from '../common/fire';

/** Shows an e-mail so that spaces and odd characters are visible. */
export const ShownEmail = ({ email }: { email: string }) => (
  <Box component="code" sx={{ fontFamily: 'monospace', bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5, whiteSpace: 'pre' }}>
    {email}
  </Box>
);

/** One fix: performed here when the caller may, otherwise shown disabled with who may do it. */
export const ActionButton = ({ action, diagnosis, onChanged }: { action: DiagnosisAction; diagnosis: Diagnosis; onChanged: () => void }) => {
  const navigate = useNavigate();
  const notify = useNotify();
  const [dialog, setDialog] = useState<'reason' | 'rotate' | null>(null);
  const [checkResult, setCheckResult] = useState<ConnectionCheckResult | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const translate = useTranslate();
  const rich = useRichText();
  const p = action.params;
  const label = translate(`app.diagnosis.action.${action.id}`);
  const who = translate(`app.diagnosis.who.${action.id}`);

  if (!action.allowed) {
    return (
      <Tooltip title={translate('app.diagnosis.whoCan', { who })}>
        <span>
          <Button size="small" variant="outlined" disabled data-testid={`action-${action.id}`} data-allowed="false">
            {label}
          </Button>
          <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
            {who}
          </Typography>
        </span>
      </Tooltip>
    );
  }

  const perform = async () => {
    switch (action.id) {
      case 'activate-user':
      case 'enable-connection':
        setDialog('reason');
        return;
      case 'rotate-secret':
        setDialog('rotate');
        return;
      case 'activate-addon':
        navigate(`/organizations/${encodeURIComponent(p.organizationId)}/show/addons`);
        return;
      case 'open-connection':
      case 'create-connection':
        navigate(`/organizations/${encodeURIComponent(p.organizationId)}/show/connections`);
        return;
      case 'open-severa-users':
        navigate(`/severa-users?filter=${encodeURIComponent(JSON.stringify({ organizationId: p.organizationId, q: p.q }))}`);
        return;
      case 'check-connection':
        setBusy(true);
        try {
          setCheckResult(await checkConnection(p.connectionId));
        } catch (e) {
          notify(errorMessage(e), { type: 'error' });
        } finally {
          setBusy(false);
        }
        return;
    }
  };

  const rotate = async () => {
    setBusy(true);
    try {
      const r = await rotateConnectionSecret(p.connectionId);
      setSecret(r.secret);
      setDialog(null);
      onChanged();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const reasonText: Record<string, { title: string; text: ReactNode; confirm: string; run: (reason: string) => Promise<void> }> = {
    'activate-user': {
      title: translate('app.fixes.activateUser.title'),
      text: rich('app.fixes.activateUser.text', { email: <ShownEmail email={diagnosis.email} /> }),
      confirm: translate('app.fixes.activateUser.confirm'),
      run: async (reason) => {
        await setSeveraUserActive(p.severaUserId, true, reason);
        notify(translate('app.fixes.activateUser.done'), { type: 'success' });
        onChanged();
      },
    },
    'enable-connection': {
      title: translate('app.fixes.enableConnection.title'),
      text: translate('app.fixes.enableConnection.text'),
      confirm: translate('app.fixes.enableConnection.confirm'),
      run: async (reason) => {
        await setConnectionEnabled(p.connectionId, true, reason);
        notify(translate('app.fixes.enableConnection.done'), { type: 'success' });
        onChanged();
      },
    },
  };
  const r = reasonText[action.id];

  return (
    <>
      <Button size="small" variant={action.id.startsWith('open-') ? 'outlined' : 'contained'} onClick={fire(perform)} disabled={busy} data-testid={`action-${action.id}`} data-allowed="true">
        {label}
      </Button>
      {r && <ReasonDialog open={dialog === 'reason'} title={r.title} text={r.text} confirmLabel={r.confirm} onConfirm={r.run} onClose={() => setDialog(null)} />}
      <Dialog open={dialog === 'rotate'} onClose={busy ? undefined : () => setDialog(null)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('app.connections.rotate.title')}</DialogTitle>
        <DialogContent>
          <Typography>{translate('app.fixes.rotate', { portal: PORTAL_NAMES[diagnosis.portal], hours: DEFAULT_OVERLAP_HOURS })}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(null)} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button variant="contained" color="warning" onClick={fire(rotate)} disabled={busy}>
            {translate('app.connections.rotate.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
      <SecretOnceDialog secret={secret} onClose={() => setSecret(null)} />
      <ConnectionCheckDialog result={checkResult} onClose={() => setCheckResult(null)} />
    </>
  );
};

