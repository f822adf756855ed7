import { useState } from 'react';
import CableIcon from '@mui/icons-material/Cable';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { DataTable, Labeled, List, NullableBooleanInput, NumberField, SelectInput, Show, SimpleShowLayout, TextField, TopToolbar, useNotify, useRecordContext, useRedirect } from 'react-admin';
import { PORTAL_NAMES, type ConnectionCheckResult, type PortalConnectionView, type PortalId } from '../../../shared/index.js';
import { PORTAL_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { errorMessage } from '../providers/http';
import { checkConnection } from '../diagnosis/api';
import { ConnectionCheckDialog } from '../diagnosis/dialogs';
import { HealthChip, healthSentences, rejectedSentence } from './health';

export type PortalConnectionRecord = PortalConnectionView;

export const ConnectionStatusChip = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
  if (!r) return null;
  return <HealthChip status={r.status} />;
};

const filters = [
  <SelectInput key="portalId" source="portalId" label="Portal" choices={PORTAL_CHOICES} alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" alwaysOn />,
  <NullableBooleanInput key="enabled" source="enabled" label="Enabled" nullLabel="Any" trueLabel="Enabled" falseLabel="Disabled" />,
];

export const PortalConnectionList = () => (
  <List<PortalConnectionRecord> filters={filters} sort={{ field: 'lastFailureAt', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="status" label="Health" field={ConnectionStatusChip} disableSort />
      <DataTable.Col source="portalId" label="Portal" field={PortalField} />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="lastSuccessAt" label="Last signed hand-off" field={DateTimeField} />
      <DataTable.NumberCol source="rejectedRequests" label="Refused requests (1 h)" disableSort />
      <DataTable.NumberCol source="connectionFailures24h" label="Connection failures (24 h)" disableSort />
      <DataTable.NumberCol source="failures24h" label="Failed sign-ins (24 h)" disableSort />
    </DataTable>
  </List>
);

/** Check now here; the lifecycle actions live on the organization's Connections tab. */
const ConnectionActions = () => {
  const record = useRecordContext<PortalConnectionRecord>();
  const notify = useNotify();
  const redirect = useRedirect();
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
          onClick={async () => {
            setBusy(true);
            try {
              setCheck(await checkConnection(record.id));
            } catch (e) {
              notify(errorMessage(e), { type: 'error' });
            } finally {
              setBusy(false);
            }
          }}
        >
          Check now
        </Button>
        <Button variant="outlined" onClick={() => redirect(`/organizations/${encodeURIComponent(record.organizationId)}/show/connections`)} data-testid="connection-manage">
          Manage on the organization page
        </Button>
      </Stack>
      <ConnectionCheckDialog result={check} onClose={() => setCheck(null)} />
    </TopToolbar>
  );
};

const HealthText = (_: { label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
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
  return r ? <Typography variant="body2">{rejectedSentence(r.health)}</Typography> : null;
};

export const PortalConnectionShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<PortalConnectionRecord> queryOptions={queryOptions} actions={<ConnectionActions />} title="Portal connection">
      <SimpleShowLayout>
        <ConnectionStatusChip label="Health" />
        <HealthText label="What it means" />
        <PortalField source="portalId" label="Portal" />
        <OrganizationField source="organizationId" label="Organization" />
        <DateTimeField source="lastSuccessAt" label="Last signed hand-off" />
        <Labeled label="Refused requests">
          <Rejected />
        </Labeled>
        <DateTimeField source="lastFailureAt" label="Last signed hand-off refused on the connection" />
        <TextField source="lastFailureCause" label="Its cause" emptyText="—" />
        <NumberField source="connectionFailures24h" label="Connection failures, last 24 h" />
        <NumberField source="failures24h" label="Failed sign-ins (any reason), last 24 h" />
        <DateTimeField source="secretRotatedAt" label="Secret rotated" />
        <DateTimeField source="previousSecretUntil" label="Previous secret accepted until" />
        <DateTimeField source="createdAt" label="Created" />
        <TextField source="id" label="ID" />
      </SimpleShowLayout>
    </Show>
  );
};

export const portalConnections = {
  list: PortalConnectionList,
  show: PortalConnectionShow,
  icon: CableIcon,
};
