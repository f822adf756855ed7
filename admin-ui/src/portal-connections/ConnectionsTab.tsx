import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useGetList, useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS, PORTAL_IDS, PORTAL_NAMES, type ConnectionCheckResult, type PortalConnectionView, type PortalId } from '../../../shared/index.js';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import type { Organization } from '../types';
import { checkConnection, createConnection, deleteConnection, rotateConnectionSecret, setAllowedSources, setConnectionEnabled } from '../diagnosis/api';
import { ConnectionCheckDialog, SecretOnceDialog } from '../diagnosis/dialogs';
import { ReasonDialog } from '../diagnosis/ReasonDialog';
import { HealthChip, healthSentences, rejectedSentence } from './health';

const when = (d: string | Date | null | undefined) => (d ? new Date(d).toLocaleString() : 'never');

/** The organization page's Connections tab: one card per portal, with health, evidence and the lifecycle actions. */
export const OrganizationConnectionsTab = () => {
  const org = useRecordContext<Organization>();
  const { data = [], isPending, refetch } = useGetList<PortalConnectionView>('portal-connections', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'ASC' }, filter: { organizationId: org?.id } }, { enabled: !!org });
  if (!org || isPending) return null;
  return (
    <Stack spacing={2} sx={{ py: 1 }} data-testid="connections-tab">
      <Typography variant="body2" color="text.secondary">
        A connection lets a portal hand its users over to Visma Severa: the portal signs each hand-off with the connection's secret. Health is judged only from signed evidence; requests that do not verify are counted apart.
      </Typography>
      {PORTAL_IDS.map((portal) => (
        <ConnectionCard key={portal} organization={org} portal={portal} connection={data.find((c) => c.portalId === portal) ?? null} onChanged={() => refetch()} />
      ))}
    </Stack>
  );
};

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '220px 1fr' }, gap: { xs: 0, sm: 2 }, py: 0.5 }}>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
      {children}
    </Typography>
  </Box>
);

type DialogKind = 'rotate' | 'toggle' | 'sources' | 'delete' | null;

const ConnectionCard = ({ organization, portal, connection: c, onChanged }: { organization: Organization; portal: PortalId; connection: PortalConnectionView | null; onChanged: () => void }) => {
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const manage = can(permissions?.roles, 'portal-connections.manage');
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [check, setCheck] = useState<ConnectionCheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const P = PORTAL_NAMES[portal];

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
      onChanged();
      refresh();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card variant="outlined" data-testid={`connection-${portal}`}>
      <CardHeader
        title={P}
        slotProps={{ title: { variant: 'h6' } }}
        action={<Box sx={{ pt: 1, pr: 1 }}>{c ? <HealthChip status={c.health.status} /> : <HealthChip status="not-configured" />}</Box>}
      />
      <CardContent sx={{ pt: 0 }}>
        {!c ? (
          <>
            <Typography variant="body2" sx={{ mb: 2 }}>
              {organization.name} has no {P} connection: every hand-off from {P} is refused. Activating the {P} add-on creates one; you can also create it here.
            </Typography>
            {manage && (
              <Button variant="contained" disabled={busy} data-testid={`connection-create-${portal}`} onClick={() => run(async () => setSecret((await createConnection(organization.id, portal)).secret))}>
                Create the {P} connection
              </Button>
            )}
          </>
        ) : (
          <>
            <Alert severity={c.health.status === 'failing' ? 'error' : c.health.status === 'ok' ? 'success' : c.health.status === 'unverified' ? 'info' : 'warning'} sx={{ mb: 2 }} data-testid="connection-health-text">
              {healthSentences(c.health, P).map((s) => (
                <div key={s}>{s}</div>
              ))}
            </Alert>
            <Row label="Last signed hand-off">{when(c.lastSuccessAt)}</Row>
            <Row label="Refused requests">
              <span data-testid="connection-rejected" data-count={c.rejectedRequests}>
                {rejectedSentence(c.health)}
              </span>
            </Row>
            <Row label="Allowed sources">{c.allowedSources.length ? c.allowedSources.join(', ') : 'Any address'}</Row>
            <Row label="Secret">
              {c.secretRotatedAt ? `Rotated ${when(c.secretRotatedAt)}` : `Since ${when(c.createdAt)}`}
              {c.previousSecretUntil && (
                <>
                  {' '}
                  — the previous secret is accepted until {when(c.previousSecretUntil)}
                  {c.previousSecretLastUsedAt ? ` (the portal last used it ${when(c.previousSecretLastUsedAt)})` : ' (not used since the rotation)'}
                </>
              )}
            </Row>
            <Row label="Enabled">{c.enabled ? 'Yes' : 'No'}</Row>
            <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }} useFlexGap>
              <Button variant="outlined" disabled={busy} onClick={() => run(async () => setCheck(await checkConnection(c.id)))} data-testid="connection-check">
                Check now
              </Button>
              {manage && (
                <>
                  <Button variant="outlined" color="warning" disabled={busy} onClick={() => setDialog('rotate')} data-testid="connection-rotate">
                    Rotate secret
                  </Button>
                  <Button variant="outlined" disabled={busy} onClick={() => setDialog('toggle')} data-testid="connection-toggle">
                    {c.enabled ? 'Disable' : 'Enable'}
                  </Button>
                  <Button variant="outlined" disabled={busy} onClick={() => setDialog('sources')} data-testid="connection-sources">
                    Allowed sources
                  </Button>
                  <Button variant="outlined" color="error" disabled={busy} onClick={() => setDialog('delete')} data-testid="connection-delete">
                    Delete
                  </Button>
                </>
              )}
            </Stack>
            <RotateDialog open={dialog === 'rotate'} portalName={P} onClose={() => setDialog(null)} onRotate={(hours) => run(async () => setSecret((await rotateConnectionSecret(c.id, hours)).secret))} />
            <SourcesDialog open={dialog === 'sources'} current={c.allowedSources} onClose={() => setDialog(null)} onSave={(list) => run(async () => void (await setAllowedSources(c.id, list)))} />
            <ReasonDialog
              open={dialog === 'toggle'}
              title={c.enabled ? `Disable the ${P} connection?` : `Enable the ${P} connection?`}
              text={c.enabled ? 'While disabled, every hand-off through this connection is refused. Why?' : 'Hand-offs through this connection are accepted again (it is unverified until the next signed hand-off). Why?'}
              confirmLabel={c.enabled ? 'Disable' : 'Enable'}
              onConfirm={async (reason) => {
                await setConnectionEnabled(c.id, !c.enabled, reason);
                onChanged();
              }}
              onClose={() => setDialog(null)}
            />
            <Dialog open={dialog === 'delete'} onClose={() => setDialog(null)} maxWidth="xs" fullWidth>
              <DialogTitle>Delete the {P} connection?</DialogTitle>
              <DialogContent>
                <Typography>Every hand-off from {P} for {organization.name} is refused until a new connection is created (with a new secret).</Typography>
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setDialog(null)}>Cancel</Button>
                <Button
                  color="error"
                  variant="contained"
                  data-testid="connection-delete-confirm"
                  onClick={() => {
                    setDialog(null);
                    void run(() => deleteConnection(c.id));
                  }}
                >
                  Delete
                </Button>
              </DialogActions>
            </Dialog>
          </>
        )}
        <SecretOnceDialog secret={secret} onClose={() => setSecret(null)} />
        <ConnectionCheckDialog result={check} onClose={() => setCheck(null)} />
      </CardContent>
    </Card>
  );
};

const RotateDialog = ({ open, portalName, onClose, onRotate }: { open: boolean; portalName: string; onClose: () => void; onRotate: (hours: number) => void }) => {
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const n = Number(hours);
  const valid = hours !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_OVERLAP_HOURS;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Rotate the connection secret?</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>
          You will see the new secret once, to give to the {portalName} administrator. The current secret keeps working for the overlap, so {portalName} can switch without an outage; with 0 it stops at once.
        </Typography>
        <TextField
          label="Overlap (hours)"
          type="number"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          error={!valid}
          helperText={valid ? `0–${MAX_OVERLAP_HOURS} hours` : `A whole number of hours from 0 to ${MAX_OVERLAP_HOURS}`}
          slotProps={{ htmlInput: { min: 0, max: MAX_OVERLAP_HOURS, 'data-testid': 'rotate-overlap' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="warning"
          disabled={!valid}
          data-testid="rotate-confirm"
          onClick={() => {
            onClose();
            onRotate(n);
          }}
        >
          Rotate
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const SourcesDialog = ({ open, current, onClose, onSave }: { open: boolean; current: string[]; onClose: () => void; onSave: (list: string[]) => void }) => {
  const [text, setText] = useState(current.join('\n'));
  useEffect(() => {
    if (open) setText(current.join('\n'));
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Allowed sources</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>
          The networks the portal sends hand-offs from, one CIDR per line (e.g. 203.0.113.0/24). Requests from anywhere else are refused before anything else and only counted. Leave empty to accept any address.
        </Typography>
        <TextField multiline minRows={3} fullWidth label="Networks (CIDR)" value={text} onChange={(e) => setText(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'sources-input', spellCheck: false } }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          data-testid="sources-save"
          onClick={() => {
            onClose();
            onSave(
              text
                .split(/[\s,]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            );
          }}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
};
