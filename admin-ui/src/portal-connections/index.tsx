import { useState } from 'react';
import CableIcon from '@mui/icons-material/Cable';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { DataTable, FunctionField, Labeled, List, NullableBooleanInput, NumberField, SelectInput, Show, SimpleShowLayout, TextField, TopToolbar, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { PORTAL_NAMES, type ConnectionCheckResult, type PortalConnectionView, type PortalId } from '../../../shared/index.js';
import { PORTAL_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { CauseText } from '../common/cause';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { errorMessage } from '../providers/http';
import { checkConnection } from '../diagnosis/api';
import { ConnectionCheckDialog } from '../diagnosis/dialogs';
import { HealthChip, useHealthSentences, useRejectedSentence } from './health';
import { fire } from '../common/fire';

export type PortalConnectionRecord = PortalConnectionView;

export const ConnectionStatusChip = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
  if (!r) return null;
  return <HealthChip status={r.status} />;
};

const filters = [
  <SelectInput key="portalId" source="portalId" label="app.connections.list.portal" choices={PORTAL_CHOICES} alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" alwaysOn />,
  <NullableBooleanInput key="enabled" source="enabled" label="app.connections.tab.enabled" nullLabel="app.connections.list.any" trueLabel="app.connections.tab.enabled" falseLabel="app.connections.health.disabled" />,
];

export const PortalConnectionList = () => (
  <List<PortalConnectionRecord> filters={filters} sort={{ field: 'lastFailureAt', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="status" label="app.connections.list.health" field={ConnectionStatusChip} disableSort />
      <DataTable.Col source="portalId" label="app.connections.list.portal" field={PortalField} />
      <DataTable.Col source="organizationId" label="app.connections.list.organization" field={OrganizationField} disableSort />
      <DataTable.Col source="lastSuccessAt" label="app.connections.tab.lastSigned" field={DateTimeField} />
      <DataTable.NumberCol source="rejectedRequests" label="app.connections.list.refused1h" disableSort />
      <DataTable.NumberCol source="connectionFailures24h" label="app.connections.list.connectionFailures24h" disableSort />
      <DataTable.NumberCol source="failures24h" label="app.connections.list.failures24h" disableSort />
    </DataTable>
  </List>
);

/** Check now here; the lifecycle actions live on the organization's Connections tab. */
const ConnectionActions = () => {
  const record = useRecordContext<PortalConnectionRecord>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [check, setCheck] = useState<ConnectionCheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <Button
          variant="outlined"
          disabled={busy}
          data-testid="connection-check"
          onClick={fire(async () => {
            setBusy(true);
            try {
              setCheck(await checkConnection(record.id));
            } catch (e) {
              notify(errorMessage(e), { type: 'error' });
            } finally {
              setBusy(false);
            }
          })}
        >
          {translate('app.connections.tab.checkNow')}
        </Button>
        <Button variant="outlined" onClick={() => redirect(`/organizations/${encodeURIComponent(record.organizationId)}/show/connections`)} data-testid="connection-manage">
          {translate('app.connections.show.manage')}
        </Button>
      </Stack>
      <ConnectionCheckDialog result={check} onClose={() => setCheck(null)} />
    </TopToolbar>
  );
};

const HealthText = (_: { label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
  const healthSentences = useHealthSentences();
  if (!r) return null;
  return (
    <Alert severity={r.health.status === 'failing' ? 'error' : r.health.status === 'ok' ? 'success' : 'info'}>
      {healthSentences(r.health, PORTAL_NAMES[r.portalId as PortalId] ?? r.portalId).map((s) => (
        <div key={s}>{s}</div>
      ))}
    </Alert>
  );
};

const Rejected = (_: { label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
  const rejectedSentence = useRejectedSentence();
  return r ? <Typography variant="body2">{rejectedSentence(r.health)}</Typography> : null;
};

/** The last refused signed hand-off's cause in the reader's language, with the refused fields of a malformed one. */
const LastFailureCause = ({ record: r }: { record: PortalConnectionRecord }) => (
  <Typography variant="body2" data-testid="connection-cause">
    {r.lastFailureCauseCode ? <CauseText cause={{ detailCode: r.lastFailureCauseCode, detailParams: r.lastFailureCauseParams }} /> : '—'}
  </Typography>
);

export const PortalConnectionShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<PortalConnectionRecord> queryOptions={queryOptions} actions={<ConnectionActions />} title="app.connections.show.title">
      <SimpleShowLayout>
        <ConnectionStatusChip label="app.connections.list.health" />
        <HealthText label="app.connections.show.meaning" />
        <PortalField source="portalId" label="app.connections.list.portal" />
        <OrganizationField source="organizationId" label="app.connections.list.organization" />
        <DateTimeField source="lastSuccessAt" label="app.connections.tab.lastSigned" />
        <Labeled label="app.connections.tab.refused">
          <Rejected />
        </Labeled>
        <DateTimeField source="lastFailureAt" label="app.connections.show.lastRefused" />
        <FunctionField<PortalConnectionRecord> source="lastFailureCauseCode" label="app.connections.show.cause" render={(r) => <LastFailureCause record={r} />} />
        <NumberField source="connectionFailures24h" label="app.connections.show.connectionFailures24h" />
        <NumberField source="failures24h" label="app.connections.show.failures24h" />
        <DateTimeField source="secretRotatedAt" label="app.connections.show.rotated" />
        <DateTimeField source="previousSecretUntil" label="app.connections.show.previousUntil" />
        <DateTimeField source="createdAt" label="app.connections.show.created" />
        <TextField source="id" label="app.connections.show.id" />
      </SimpleShowLayout>
    </Show>
  );
};

export const portalConnections = {
  list: PortalConnectionList,
  show: PortalConnectionShow,
  icon: CableIcon,
};
