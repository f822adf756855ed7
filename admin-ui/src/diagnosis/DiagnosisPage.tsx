import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List as MuiList,
  ListItem,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlined';
import { RecordContextProvider, Title, useGetList, useGetOne, useLocation, useNavigate, useNotify, usePermissions, useTranslate } from 'react-admin';
import {
  PORTAL_IDS,
  PORTAL_NAMES,
  type ConnectionCheckResult,
  type Diagnosis,
  type DiagnosisAction,
  type DiagnosisCheck,
  type NearMiss,
  type PortalId,
} from '../../../shared/index.js';
import { ReasonChips, ResultChip } from '../common/fields';
import type { Permissions } from '../providers/authProvider';
import { errorMessage, errorStatus } from '../providers/http';
import type { Organization } from '../types';
import { checkConnection, fetchDiagnosis, rotateConnectionSecret, setConnectionEnabled, setSeveraUserActive } from './api';
import { ReasonDialog } from './ReasonDialog';
import { useDiagnosisText } from './Messages';

import { DIAGNOSIS_PATH } from './path';
export { DIAGNOSIS_PATH, diagnosisLink } from './path';

/** Shows an e-mail so that spaces and odd characters are visible. */
const ShownEmail = ({ email }: { email: string }) => (
  <Box component="code" sx={{ fontFamily: 'monospace', bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5, whiteSpace: 'pre' }}>
    {email}
  </Box>
);

type Query = { portal: PortalId; organizationId: string; email: string };

function readQuery(search: string): Partial<Query> {
  const p = new URLSearchParams(search);
  const portal = p.get('portal');
  return {
    portal: PORTAL_IDS.includes(portal as PortalId) ? (portal as PortalId) : undefined,
    organizationId: p.get('organizationId') ?? undefined,
    email: p.get('email') ?? undefined,
  };
}

type Result = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; diagnosis: Diagnosis } | { state: 'error'; message: string };

/** "Why can't they sign in?": the five checks of the live hand-off for one portal account, with evidence and fixes. */
export const DiagnosisPage = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const { permissions } = usePermissions<Permissions>();
  const fromUrl = useMemo(() => readQuery(location.search), [location.search]);

  const [portal, setPortal] = useState<PortalId>(fromUrl.portal ?? ('myvisma' as PortalId));
  const [organizationId, setOrganizationId] = useState<string | null>(fromUrl.organizationId ?? null);
  const [email, setEmail] = useState(fromUrl.email ?? '');
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const [version, setVersion] = useState(0);

  // Org admins of a single organization start with it picked.
  useEffect(() => {
    if (!organizationId && permissions?.organizationIds?.length === 1 && !permissions.roles.some((r) => r !== 'org-admin')) setOrganizationId(permissions.organizationIds[0]);
  }, [permissions, organizationId]);

  // The URL is the query: links from elsewhere (preflights, near misses) open a diagnosis directly.
  useEffect(() => {
    if (fromUrl.portal) setPortal(fromUrl.portal);
    if (fromUrl.organizationId) setOrganizationId(fromUrl.organizationId);
    if (fromUrl.email !== undefined) setEmail(fromUrl.email);
  }, [fromUrl]);

  const query: Query | null = fromUrl.portal && fromUrl.organizationId && fromUrl.email ? (fromUrl as Query) : null;

  useEffect(() => {
    if (!query) {
      setResult({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResult({ state: 'loading' });
    fetchDiagnosis(query.portal, query.organizationId, query.email, controller.signal).then(
      (diagnosis) => setResult({ state: 'ready', diagnosis }),
      (error) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'error', message: errorStatus(error) === 404 ? 'That organization was not found (or is not one of yours).' : errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [query?.portal, query?.organizationId, query?.email, version]);

  const run = useCallback(
    (q: Query) => {
      const target = `${DIAGNOSIS_PATH}?${new URLSearchParams(q).toString()}`;
      if (`${location.pathname}${location.search}` === target) setVersion((v) => v + 1);
      else navigate(target);
    },
    [navigate, location.pathname, location.search],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (organizationId && email.length > 0) run({ portal, organizationId, email });
  };

  return (
    <Box sx={{ py: 2, maxWidth: 1100 }}>
      <Title title="Why can't they sign in?" />
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            Runs the same five checks as a real sign-in from the portal to Visma Severa, and says what to fix. Type the e-mail exactly as the portal has it.
          </Typography>
          <Box component="form" onSubmit={submit} noValidate sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <TextField
              select
              label="Portal"
              value={portal}
              onChange={(e) => setPortal(e.target.value as PortalId)}
              fullWidth={false}
              sx={{ width: { xs: '100%', sm: 180 } }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'diagnosis-portal' } as object } }}
            >
              {PORTAL_IDS.map((id) => (
                <MenuItem key={id} value={id} data-testid={`diagnosis-portal-${id}`}>
                  {PORTAL_NAMES[id]}
                </MenuItem>
              ))}
            </TextField>
            <OrganizationPicker value={organizationId} onChange={setOrganizationId} />
            <TextField
              label="E-mail in the portal"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              fullWidth={false}
              sx={{ minWidth: { xs: 0, sm: 320 }, width: { xs: '100%', sm: 'auto' }, flex: 1 }}
              slotProps={{ htmlInput: { 'data-testid': 'diagnosis-email', spellCheck: false, autoCapitalize: 'off', autoComplete: 'off' } }}
            />
            <Button type="submit" variant="contained" size="large" disabled={!organizationId || email.length === 0} data-testid="diagnosis-submit" sx={{ mt: 0.5 }}>
              Diagnose
            </Button>
          </Box>
        </CardContent>
      </Card>

      {result.state === 'loading' && (
        <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
          <CircularProgress />
        </Box>
      )}
      {result.state === 'error' && <Alert severity="error">{result.message}</Alert>}
      {result.state === 'ready' && (
        <DiagnosisResult diagnosis={result.diagnosis} onChanged={() => setVersion((v) => v + 1)} onDiagnose={(nextEmail) => run({ portal: result.diagnosis.portal, organizationId: result.diagnosis.organizationId, email: nextEmail })} />
      )}
    </Box>
  );
};

const OrganizationPicker = ({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) => {
  const [input, setInput] = useState('');
  const { data: options = [], isPending } = useGetList<Organization>('organizations', { pagination: { page: 1, perPage: 20 }, sort: { field: 'name', order: 'ASC' }, filter: input ? { q: input } : {} });
  const { data: selected } = useGetOne<Organization>('organizations', { id: value ?? '' }, { enabled: !!value });
  const all = selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options;
  return (
    <Autocomplete
      sx={{ width: { xs: '100%', sm: 320 } }}
      options={all}
      loading={isPending}
      value={all.find((o) => o.id === value) ?? null}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(x) => x}
      onChange={(_, o) => onChange(o?.id ?? null)}
      onInputChange={(_, v, reason) => {
        if (reason === 'input') setInput(v);
      }}
      renderInput={(params) => <TextField {...params} label="Organization" slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'diagnosis-organization' } }} />}
    />
  );
};

const StatusIcon = ({ status }: { status: DiagnosisCheck['status'] }) =>
  status === 'pass' ? (
    <CheckCircleIcon sx={{ color: 'success.main' }} titleAccess="Passes" />
  ) : status === 'fail' ? (
    <CancelIcon sx={{ color: 'error.main' }} titleAccess="Fails" />
  ) : (
    <RemoveCircleOutlineIcon sx={{ color: 'text.disabled' }} titleAccess="Not applicable" />
  );


const DiagnosisResult = ({ diagnosis, onChanged, onDiagnose }: { diagnosis: Diagnosis; onChanged: () => void; onDiagnose: (email: string) => void }) => {
  const P = PORTAL_NAMES[diagnosis.portal];
  return (
    <Stack spacing={2}>
      <Alert severity={diagnosis.canSignIn ? 'success' : 'error'} data-testid="diagnosis-verdict" data-can-sign-in={String(diagnosis.canSignIn)}>
        {diagnosis.canSignIn ? (
          <>
            <ShownEmail email={diagnosis.email} /> can sign in to Visma Severa from {P} at {diagnosis.organizationName}: all five checks pass.
          </>
        ) : (
          <>
            <ShownEmail email={diagnosis.email} /> cannot sign in to Visma Severa from {P} at {diagnosis.organizationName}: {diagnosis.failures.length}{' '}
            {diagnosis.failures.length === 1 ? 'check fails' : 'checks fail'}.
          </>
        )}
      </Alert>

      <Card variant="outlined">
        <CardHeader title="The five checks" slotProps={{ title: { variant: 'h6' } }} />
        <MuiList disablePadding>
          {diagnosis.checks.map((c) => (
            <CheckRow key={c.code} check={c} diagnosis={diagnosis} onChanged={onChanged} />
          ))}
        </MuiList>
      </Card>

      {diagnosis.nearMisses.length > 0 && (
        <Card variant="outlined" data-testid="near-misses">
          <CardHeader
            title="Near misses"
            subheader={diagnosis.ambiguous ? 'Two or more Severa users could be meant: check which one is right before changing an e-mail.' : 'Severa users whose e-mail is almost the same. Only an exact match signs in.'}
            slotProps={{ title: { variant: 'h6' } }}
          />
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Severa user e-mail</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Why it does not match</TableCell>
                <TableCell>Status</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {diagnosis.nearMisses.map((n: NearMiss, i) => (
                <TableRow key={n.severaUserId} data-testid={`near-miss-${i}`}>
                  <TableCell>
                    <ShownEmail email={n.email} />
                  </TableCell>
                  <TableCell>{n.name}</TableCell>
                  <TableCell>{n.why}</TableCell>
                  <TableCell>
                    <Chip size="small" variant="outlined" color={n.active ? 'success' : 'warning'} label={n.active ? 'Active' : 'Inactive'} />
                  </TableCell>
                  <TableCell align="right">
                    {n.email !== diagnosis.email && (
                      <Button size="small" onClick={() => onDiagnose(n.email)} data-testid="diagnose-instead">
                        Diagnose this one instead
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}

      <Card variant="outlined" data-testid="recent-attempts">
        <CardHeader title="Recent sign-in attempts" subheader={`The last ${diagnosis.recentAttempts.length} hand-offs for this e-mail from ${P}`} slotProps={{ title: { variant: 'h6' } }} />
        {diagnosis.recentAttempts.length === 0 ? (
          <CardContent>
            <Typography color="text.secondary">No sign-in attempt from {P} with exactly this e-mail has been recorded.</Typography>
          </CardContent>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Result</TableCell>
                <TableCell>Failing checks</TableCell>
                <TableCell>Detail</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {diagnosis.recentAttempts.map((a) => (
                <TableRow key={a.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(a.createdAt).toLocaleString()}</TableCell>
                  <TableCell>
                    <RecordCell record={a}>
                      <ResultChip source="result" />
                    </RecordCell>
                  </TableCell>
                  <TableCell>
                    <RecordCell record={a}>
                      <ReasonChips source="reasons" />
                    </RecordCell>
                  </TableCell>
                  <TableCell>{a.detail ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </Stack>
  );
};

const RecordCell = ({ record, children }: { record: object; children: ReactNode }) => <RecordContextProvider value={record}>{children}</RecordContextProvider>;

const CheckRow = ({ check, diagnosis, onChanged }: { check: DiagnosisCheck; diagnosis: Diagnosis; onChanged: () => void }) => {
  const translate = useTranslate();
  const text = useDiagnosisText();
  return (
  <ListItem divider alignItems="flex-start" data-testid={`check-${check.code}`} data-status={check.status} sx={{ py: 1.5 }}>
    <ListItemIcon sx={{ mt: 0.5, minWidth: 40 }}>
      <StatusIcon status={check.status} />
    </ListItemIcon>
    <ListItemText
      disableTypography
      primary={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <Typography variant="subtitle1" component="span" sx={{ fontWeight: 600 }}>
            {translate(`app.common.check.${check.code}`)}
          </Typography>
          <Chip size="small" label={translate(`app.common.checkStatus.${check.status}`)} color={check.status === 'pass' ? 'success' : check.status === 'fail' ? 'error' : 'default'} variant={check.status === 'fail' ? 'filled' : 'outlined'} />
          <Typography variant="caption" color="text.secondary" component="span">
            {check.code}
          </Typography>
        </Stack>
      }
      secondary={
        <Box sx={{ mt: 0.5 }}>
          <Typography variant="body2" data-testid="check-evidence">
            {text(check.evidenceMessages)}
          </Typography>
          {check.status !== 'pass' && (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                <strong>{translate('app.diagnosis.whoFixes')}</strong> {translate(`app.common.owner.${check.owner}`)}. {text(check.remedyMessages)}
              </Typography>
              {check.actions.length > 0 && (
                <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
                  {check.actions.map((a) => (
                    <ActionButton key={a.id} action={a} diagnosis={diagnosis} onChanged={onChanged} />
                  ))}
                </Stack>
              )}
            </>
          )}
        </Box>
      }
    />
  </ListItem>
  );
};

/** One fix: performed here when the caller may, otherwise shown disabled with who may do it. */
const ActionButton = ({ action, diagnosis, onChanged }: { action: DiagnosisAction; diagnosis: Diagnosis; onChanged: () => void }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const notify = useNotify();
  const [dialog, setDialog] = useState<'reason' | 'rotate' | null>(null);
  const [checkResult, setCheckResult] = useState<ConnectionCheckResult | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const p = action.params;

  if (!action.allowed) {
    return (
      <Tooltip title={translate('app.diagnosis.whoCan', { who: translate(`app.diagnosis.who.${action.id}`) })}>
        <span>
          <Button size="small" variant="outlined" disabled data-testid={`action-${action.id}`} data-allowed="false">
            {translate(`app.diagnosis.action.${action.id}`)}
          </Button>
          <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
            {translate(`app.diagnosis.who.${action.id}`)}
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
        navigate(`/portal-connections/${encodeURIComponent(p.connectionId)}/show`);
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
      title: 'Activate the Severa user?',
      text: (
        <>
          <ShownEmail email={diagnosis.email} /> becomes active in Visma Severa and can sign in again. This needs a fresh authenticator code. Why is the user activated?
        </>
      ),
      confirm: 'Activate',
      run: async (reason) => {
        await setSeveraUserActive(p.severaUserId, true, reason);
        notify('The Severa user is active. Diagnosing again…', { type: 'success' });
        onChanged();
      },
    },
    'enable-connection': {
      title: 'Enable the portal connection?',
      text: 'Hand-offs through this connection are accepted again once it is enabled. Why?',
      confirm: 'Enable',
      run: async (reason) => {
        await setConnectionEnabled(p.connectionId, true, reason);
        notify('The connection is enabled.', { type: 'success' });
        onChanged();
      },
    },
  };
  const r = reasonText[action.id];

  return (
    <>
      <Button size="small" variant={action.id.startsWith('open-') ? 'outlined' : 'contained'} onClick={perform} disabled={busy} data-testid={`action-${action.id}`} data-allowed="true">
        {translate(`app.diagnosis.action.${action.id}`)}
      </Button>
      {r && <ReasonDialog open={dialog === 'reason'} title={r.title} text={r.text} confirmLabel={r.confirm} onConfirm={r.run} onClose={() => setDialog(null)} />}
      <Dialog open={dialog === 'rotate'} onClose={busy ? undefined : () => setDialog(null)} maxWidth="sm" fullWidth>
        <DialogTitle>Rotate the connection secret?</DialogTitle>
        <DialogContent>
          <Typography>
            A new secret replaces the current one at once: every hand-off signed with the old secret is refused from now on. You will see the new secret once, to give to the {PORTAL_NAMES[diagnosis.portal]} administrator.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(null)} disabled={busy}>
            Cancel
          </Button>
          <Button variant="contained" color="warning" onClick={rotate} disabled={busy}>
            Rotate
          </Button>
        </DialogActions>
      </Dialog>
      <SecretOnceDialog secret={secret} onClose={() => setSecret(null)} />
      <ConnectionCheckDialog result={checkResult} onClose={() => setCheckResult(null)} />
    </>
  );
};

export const SecretOnceDialog = ({ secret, onClose }: { secret: string | null; onClose: () => void }) => (
  <Dialog open={!!secret} onClose={onClose} maxWidth="sm" fullWidth>
    <DialogTitle>The new connection secret</DialogTitle>
    <DialogContent>
      <Alert severity="warning" sx={{ mb: 2 }}>
        This is the only time the secret is shown. Give it to the portal administrator over a safe channel now.
      </Alert>
      <Box component="code" data-testid="new-secret" sx={{ display: 'block', p: 1.5, bgcolor: 'action.hover', borderRadius: 1, wordBreak: 'break-all', fontFamily: 'monospace' }}>
        {secret}
      </Box>
    </DialogContent>
    <DialogActions>
      <Button variant="contained" onClick={onClose}>
        I have stored it
      </Button>
    </DialogActions>
  </Dialog>
);

export const ConnectionCheckDialog = ({ result, onClose }: { result: ConnectionCheckResult | null; onClose: () => void }) => (
  <Dialog open={!!result} onClose={onClose} maxWidth="sm" fullWidth>
    <DialogTitle>{result?.ok ? 'The connection is configured correctly' : 'The connection check found problems'}</DialogTitle>
    <DialogContent>
      <MuiList dense data-testid="connection-check-items">
        {result?.items.map((i) => (
          <ListItem key={i.id}>
            <ListItemIcon sx={{ minWidth: 36 }}>{i.ok ? <CheckCircleIcon sx={{ color: 'success.main' }} /> : <CancelIcon sx={{ color: 'error.main' }} />}</ListItemIcon>
            <ListItemText primary={i.message} />
          </ListItem>
        ))}
      </MuiList>
      <Typography variant="caption" color="text.secondary">
        Checked {result ? new Date(result.checkedAt).toLocaleString() : ''}
      </Typography>
    </DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Close</Button>
    </DialogActions>
  </Dialog>
);
