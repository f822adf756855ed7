import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useGetList, useLocaleState, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS, PORTAL_IDS, PORTAL_NAMES, type ConnectionCheckResult, type PortalConnectionView, type PortalId } from '../../../shared/index.js';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import type { Organization } from '../types';
import { checkConnection, createConnection, deleteConnection, rotateConnectionSecret, setAllowedSources, setConnectionEnabled } from '../diagnosis/api';
import { ConnectionCheckDialog, SecretOnceDialog } from '../diagnosis/dialogs';
import { ReasonDialog } from '../diagnosis/ReasonDialog';
import { formatDateTime } from '../i18n/format';
import { HealthChip, useHealthSentences, useRejectedSentence } from './health';
import { CauseText } from '../common/cause';

/** The organization page's Connections tab: one card per portal, with health, evidence and the lifecycle actions. */
export const OrganizationConnectionsTab = () => {
  const org = useRecordContext<Organization>();
  const translate = useTranslate();
  const { data = [], isPending, refetch } = useGetList<PortalConnectionView>('portal-connections', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'ASC' }, filter: { organizationId: org?.id } }, { enabled: !!org });
  if (!org || isPending) return null;
  return (
    <Stack spacing={2} sx={{ py: 1 }} data-testid="connections-tab">
      <Typography variant="body2" color="text.secondary">
        {translate('app.connections.intro')}
      </Typography>
      {PORTAL_IDS.map((portal) => (
        <ConnectionCard key={portal} organization={org} portal={portal} connection={data.find((c) => c.portalId === (portal as string)) ?? null} onChanged={() => void refetch()} />
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
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const healthSentences = useHealthSentences();
  const rejectedSentence = useRejectedSentence();
  const when = (d: string | Date | null | undefined) => formatDateTime(d, locale, translate('app.connections.tab.never'));
  const t = (key: string, params: Record<string, unknown> = {}) => translate(`app.connections.tab.${key}`, { portal: P, org: organization.name, ...params });

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
              {t('none')}
            </Typography>
            {manage && (
              <Button variant="contained" disabled={busy} data-testid={`connection-create-${portal}`} onClick={() => void run(async () => setSecret((await createConnection(organization.id, portal)).secret))}>
                {t('create')}
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
            <Row label={t('lastSigned')}>{when(c.lastSuccessAt)}</Row>
            <Row label={t('refused')}>
              <span data-testid="connection-rejected" data-count={c.rejectedRequests}>
                {rejectedSentence(c.health)}
              </span>
            </Row>
            {c.lastFailureCauseCode && (
              <Row label={translate('app.connections.show.lastRefused')}>
                <span data-testid="connection-cause">
                  {when(c.lastFailureAt)}
                  {' — '}
                  <CauseText cause={{ detailCode: c.lastFailureCauseCode, detailParams: c.lastFailureCauseParams }} />
                </span>
              </Row>
            )}
            <Row label={t('sources')}>{c.allowedSources.length ? c.allowedSources.join(', ') : t('anyAddress')}</Row>
            <Row label={t('secret')}>
              {c.secretRotatedAt ? t('rotatedAt', { at: when(c.secretRotatedAt) }) : t('createdAt', { at: when(c.createdAt) })}
              {c.previousSecretUntil && ` — ${t('previousUntil', { at: when(c.previousSecretUntil) })} (${c.previousSecretLastUsedAt ? t('previousUsed', { at: when(c.previousSecretLastUsedAt) }) : t('previousUnused')})`}
            </Row>
            <Row label={t('enabled')}>{translate(c.enabled ? 'ra.boolean.true' : 'ra.boolean.false')}</Row>
            <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }} useFlexGap>
              <Button variant="outlined" disabled={busy} onClick={() => void run(async () => setCheck(await checkConnection(c.id)))} data-testid="connection-check">
                {t('checkNow')}
              </Button>
              {manage && (
                <>
                  <Button variant="outlined" color="warning" disabled={busy} onClick={() => setDialog('rotate')} data-testid="connection-rotate">
                    {t('rotate')}
                  </Button>
                  <Button variant="outlined" disabled={busy} onClick={() => setDialog('toggle')} data-testid="connection-toggle">
                    {t(c.enabled ? 'disable' : 'enable')}
                  </Button>
                  <Button variant="outlined" disabled={busy} onClick={() => setDialog('sources')} data-testid="connection-sources">
                    {t('sources')}
                  </Button>
                  <Button variant="outlined" color="error" disabled={busy} onClick={() => setDialog('delete')} data-testid="connection-delete">
                    {t('delete')}
                  </Button>
                </>
              )}
            </Stack>
            <RotateDialog open={dialog === 'rotate'} portalName={P} onClose={() => setDialog(null)} onRotate={(hours) => void run(async () => setSecret((await rotateConnectionSecret(c.id, hours)).secret))} />
            <SourcesDialog open={dialog === 'sources'} current={c.allowedSources} onClose={() => setDialog(null)} onSave={(list) => void run(async () => void (await setAllowedSources(c.id, list)))} />
            <ReasonDialog
              open={dialog === 'toggle'}
              title={t(c.enabled ? 'disableTitle' : 'enableTitle')}
              text={t(c.enabled ? 'disableText' : 'enableText')}
              confirmLabel={t(c.enabled ? 'disable' : 'enable')}
              onConfirm={async (reason) => {
                await setConnectionEnabled(c.id, !c.enabled, reason);
                onChanged();
              }}
              onClose={() => setDialog(null)}
            />
            <Dialog open={dialog === 'delete'} onClose={() => setDialog(null)} maxWidth="xs" fullWidth>
              <DialogTitle>{t('deleteTitle')}</DialogTitle>
              <DialogContent>
                <Typography>{t('deleteText')}</Typography>
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setDialog(null)}>{translate('ra.action.cancel')}</Button>
                <Button
                  color="error"
                  variant="contained"
                  data-testid="connection-delete-confirm"
                  onClick={() => {
                    setDialog(null);
                    void run(() => deleteConnection(c.id));
                  }}
                >
                  {t('delete')}
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
  const translate = useTranslate();
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const n = Number(hours);
  const valid = hours !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_OVERLAP_HOURS;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate('app.connections.rotate.title')}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('app.connections.rotate.text', { portal: portalName })}</Typography>
        <TextField
          label={translate('app.connections.rotate.overlap')}
          type="number"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          error={!valid}
          helperText={translate(valid ? 'app.connections.rotate.range' : 'app.connections.rotate.invalid', { max: MAX_OVERLAP_HOURS })}
          slotProps={{ htmlInput: { min: 0, max: MAX_OVERLAP_HOURS, 'data-testid': 'rotate-overlap' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
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
          {translate('app.connections.rotate.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const SourcesDialog = ({ open, current, onClose, onSave }: { open: boolean; current: string[]; onClose: () => void; onSave: (list: string[]) => void }) => {
  const translate = useTranslate();
  const [text, setText] = useState(current.join('\n'));
  // Reset the text when the dialog opens, not while it is open (a refetch gives a new `current` array).
  useEffect(() => {
    if (open) setText(current.join('\n'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate('app.connections.tab.sources')}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('app.connections.sources.text')}</Typography>
        <TextField multiline minRows={3} fullWidth label={translate('app.connections.sources.label')} value={text} onChange={(e) => setText(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'sources-input', spellCheck: false } }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
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
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
