import { useState, type ReactElement } from 'react';
import { Alert, Box, Button, Card, CardActions, CardContent, CardHeader, Chip, Grid, Paper, Skeleton, Stack, Typography } from '@mui/material';
import AddShoppingCartIcon from '@mui/icons-material/AddShoppingCart';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import BlockIcon from '@mui/icons-material/Block';
import { useGetList, useLocaleState, useNotify, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { AddonCatalogEntry, AddonHistoryEntry } from '../../../shared/index.js';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { formatDateTime, formatMoney } from '../i18n/format';
import { errorKey } from '../providers/http';
import type { Organization } from '../types';
import { fetchAddonHistory, useLoader, type OrganizationAddonRecord } from './api';
import { ActivateAddonDialog, DeactivateAddonDialog } from './AddonDialogs';

/** The one date-time format, in the console's language. */
const useWhen = () => {
  const [locale] = useLocaleState();
  return (iso: string | null) => formatDateTime(iso, locale);
};

type DialogState = { kind: 'activate'; addon: AddonCatalogEntry } | { kind: 'deactivate'; addon: AddonCatalogEntry; record: OrganizationAddonRecord } | null;

/** Organization show page → Add-ons: each add-on's status, activate / deactivate, and the history. */
export const OrganizationAddonsTab = () => {
  const organization = useRecordContext<Organization>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const translate = useTranslate();
  const mayChange = can(permissions?.roles, 'addons.change');
  const [dialog, setDialog] = useState<DialogState>(null);
  const [historyVersion, setHistoryVersion] = useState(0);

  const catalog = useGetList<AddonCatalogEntry & { id: string }>('addons', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } });
  const current = useGetList<OrganizationAddonRecord>(
    'organization-addons',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'addonId', order: 'ASC' }, filter: { organizationId: organization?.id } },
    { enabled: !!organization },
  );

  if (!organization) return null;
  const changed = () => {
    void current.refetch();
    setHistoryVersion((n) => n + 1);
  };
  const error = catalog.error ?? current.error;

  return (
    <Box sx={{ width: '100%' }} data-testid="organization-addons">
      {error ? <Alert severity="error">{translate(errorKey(error))}</Alert> : null}
      {organization.severaStatus !== 'active' && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('app.addons.leftSevera', { organization: organization.name })}
        </Alert>
      )}
      <Grid container spacing={2} sx={{ mb: 3 }}>
        {catalog.isPending || current.isPending
          ? [0, 1].map((i) => (
              <Grid key={i} size={{ xs: 12, md: 6 }}>
                <Skeleton variant="rounded" height={180} />
              </Grid>
            ))
          : (catalog.data ?? []).map((addon) => {
              const record = current.data?.find((r) => r.addonId === addon.id);
              return (
                <Grid key={addon.id} size={{ xs: 12, md: 6 }}>
                  <AddonCard
                    addon={addon}
                    record={record}
                    mayChange={mayChange}
                    organization={organization}
                    onActivate={() => setDialog({ kind: 'activate', addon })}
                    onDeactivate={() => record && setDialog({ kind: 'deactivate', addon, record })}
                  />
                </Grid>
              );
            })}
      </Grid>

      <Typography variant="h6" sx={{ mb: 1 }}>
        {translate('app.addons.history')}
      </Typography>
      <AddonHistoryTimeline organizationId={organization.id} version={historyVersion} />

      {dialog?.kind === 'activate' && <ActivateAddonDialog organization={organization} addon={dialog.addon} onClose={() => setDialog(null)} onActivated={changed} />}
      {dialog?.kind === 'deactivate' && (
        <DeactivateAddonDialog
          organization={organization}
          addon={dialog.addon}
          record={dialog.record}
          onClose={() => setDialog(null)}
          onDeactivated={() => {
            changed();
            notify('app.addons.deactivated', { type: 'info', messageArgs: { addon: dialog.addon.name } });
          }}
        />
      )}
    </Box>
  );
};

const StatusChip = ({ record }: { record?: OrganizationAddonRecord }) => {
  const translate = useTranslate();
  if (!record) return <Chip size="small" variant="outlined" label={translate('app.addons.notPurchased')} data-testid="addon-status" />;
  const active = record.status === 'active';
  return <Chip size="small" color={active ? 'success' : 'default'} label={translate(active ? 'app.common.active' : 'app.common.inactive')} data-testid="addon-status" />;
};

interface AddonCardProps {
  addon: AddonCatalogEntry;
  record?: OrganizationAddonRecord;
  organization: Organization;
  mayChange: boolean;
  onActivate: () => void;
  onDeactivate: () => void;
}

const AddonCard = ({ addon, record, organization, mayChange, onActivate, onDeactivate }: AddonCardProps) => {
  const active = record?.status === 'active';
  const leftSevera = organization.severaStatus !== 'active';
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const when = useWhen();
  const whenBy = (at: string | null, by: string | null) => (by ? translate('app.addons.whenBy', { when: when(at), who: by }) : when(at));
  return (
    <Card variant="outlined" sx={{ height: '100%', display: 'flex', flexDirection: 'column' }} data-testid={`addon-card-${addon.id}`}>
      <CardHeader
        title={translate('app.addons.addonName', { addon: addon.name })}
        subheader={translate('app.addons.cardSubheader', { portal: addon.portalName, price: formatMoney(addon.priceCents, addon.currency, locale) })}
        action={<StatusChip record={record} />}
      />
      <CardContent sx={{ flexGrow: 1, pt: 0 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {translate(`app.addons.description.${addon.id}`, { _: addon.description })}
        </Typography>
        {record && (
          <Box sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.25, fontSize: 14 }}>
            <span>{translate('app.addons.order')}</span>
            <span>{record.orderNumber ?? '—'}</span>
            <span>{translate('app.addons.activatedLabel')}</span>
            <span>{whenBy(record.activatedAt, record.activatedBy)}</span>
            {!active && (
              <>
                <span>{translate('app.addons.deactivatedLabel')}</span>
                <span>{whenBy(record.deactivatedAt, record.deactivatedBy)}</span>
                <span>{translate('app.addons.reason')}</span>
                <span>{record.deactivationReason ?? '—'}</span>
              </>
            )}
          </Box>
        )}
        {!active && (
          <Typography variant="body2" sx={{ mt: 1.5 }} color="warning.main">
            {translate('app.addons.withoutIt', { portal: addon.portalName })}
          </Typography>
        )}
      </CardContent>
      {mayChange && (
        <CardActions sx={{ justifyContent: 'flex-end' }}>
          {active ? (
            <Button key="deactivate" color="error" onClick={onDeactivate} data-testid={`deactivate-${addon.id}`}>
              {translate('app.addons.deactivateMore')}
            </Button>
          ) : (
            <Button key="activate" variant="contained" onClick={onActivate} disabled={leftSevera} title={leftSevera ? translate('app.addons.orgLeftSevera') : undefined} data-testid={`activate-${addon.id}`}>
              {translate('app.addons.activateMore')}
            </Button>
          )}
        </CardActions>
      )}
    </Card>
  );
};

const KIND: Record<string, { icon: ReactElement; color: string }> = {
  ordered: { icon: <AddShoppingCartIcon fontSize="small" />, color: 'info.main' },
  activated: { icon: <CheckCircleIcon fontSize="small" />, color: 'success.main' },
  deactivated: { icon: <BlockIcon fontSize="small" />, color: 'error.main' },
};

const HISTORY_PAGE = 20;

/** Every order, activation and deactivation, newest first. */
export const AddonHistoryTimeline = ({ organizationId, version }: { organizationId: string; version: number }) => {
  const [last, setLast] = useState(HISTORY_PAGE - 1);
  const { data, error, loading } = useLoader((signal) => fetchAddonHistory(organizationId, [0, last], signal), [organizationId, last, version]);
  const translate = useTranslate();
  if (error) return <Alert severity="error">{translate(errorKey(error))}</Alert>;
  if (!data) return loading ? <Skeleton variant="rounded" height={120} /> : null;
  if (data.entries.length === 0) return <Typography color="text.secondary">{translate('app.addons.noHistory')}</Typography>;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="addon-history">
      <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {data.entries.map((e, i) => (
          <HistoryItem key={e.id} entry={e} last={i === data.entries.length - 1} />
        ))}
      </Box>
      {data.entries.length < data.total && (
        <Button size="small" onClick={() => setLast((n) => n + HISTORY_PAGE)}>
          {translate('app.addons.showOlder', { smart_count: data.total - data.entries.length })}
        </Button>
      )}
    </Paper>
  );
};

const HistoryItem = ({ entry, last }: { entry: AddonHistoryEntry; last: boolean }) => {
  const kind = KIND[entry.kind] ?? { icon: <CheckCircleIcon fontSize="small" />, color: 'text.secondary' };
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const kindLabel = translate(`app.addons.kind.${entry.kind}`, { _: entry.kind });
  return (
    <Box component="li" sx={{ display: 'flex', gap: 1.5 }} data-testid="addon-history-entry">
      <Stack sx={{ alignItems: 'center' }}>
        <Box sx={{ color: kind.color, display: 'flex', pt: 0.25 }}>{kind.icon}</Box>
        {!last && <Box sx={{ flexGrow: 1, width: 2, bgcolor: 'divider', my: 0.5 }} />}
      </Stack>
      <Box sx={{ pb: last ? 0 : 2 }}>
        <Typography variant="body2">
          <strong>{translate('app.addons.historyEntry', { kind: kindLabel, addon: entry.addonName })}</strong>
          {entry.orderNumber ? ` · ${translate('app.addons.orderRef', { order: entry.orderNumber })}` : ''}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {formatDateTime(entry.createdAt, locale)} · {entry.actorEmail ?? translate('app.addons.system')}
        </Typography>
        {entry.reason && <Typography variant="body2">{translate('app.addons.reasonLine', { reason: entry.reason })}</Typography>}
        {entry.receipt && (
          <Typography variant="body2" color="text.secondary">
            {translate('app.addons.receiptLine', {
              items: entry.receipt.items.map((i) => `${i.name} × ${i.quantity ?? 1}`).join(', '),
              total: formatMoney(entry.receipt.totalCents, entry.receipt.currency, locale),
            })}
          </Typography>
        )}
      </Box>
    </Box>
  );
};
