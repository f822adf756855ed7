import { useState } from 'react';
import CableIcon from '@mui/icons-material/Cable';
import { Button, Chip, Stack } from '@mui/material';
import {
  DataTable,
  List,
  NullableBooleanInput,
  NumberField,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { ConnectionCheckResult, ConnectionStatus } from '../../../shared/index.js';
import { PORTAL_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import { checkConnection, rotateConnectionSecret, setConnectionEnabled } from '../diagnosis/api';
import { ConnectionCheckDialog, SecretOnceDialog } from '../diagnosis/DiagnosisPage';
import { ReasonDialog } from '../diagnosis/ReasonDialog';

export interface PortalConnectionRecord {
  id: string;
  portalId: string;
  organizationId: string;
  enabled: boolean;
  status: ConnectionStatus;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailureCause: string | null;
  secretRotatedAt: string | null;
  createdAt: string;
  failures24h: number;
  connectionFailures24h: number;
}

const STATUS: Record<ConnectionStatus, { label: string; color: 'success' | 'error' | 'default' }> = {
  ok: { label: 'Working', color: 'success' },
  failing: { label: 'Failing', color: 'error' },
  disabled: { label: 'Disabled', color: 'default' },
};

export const ConnectionStatusChip = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<PortalConnectionRecord>();
  if (!r) return null;
  const s = STATUS[r.status];
  return <Chip size="small" color={s.color} variant={r.status === 'ok' ? 'outlined' : 'filled'} label={s.label} />;
};

const filters = [
  <SelectInput key="portalId" source="portalId" label="Portal" choices={PORTAL_CHOICES} alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" alwaysOn />,
  <NullableBooleanInput key="enabled" source="enabled" label="Enabled" nullLabel="Any" trueLabel="Enabled" falseLabel="Disabled" />,
];

export const PortalConnectionList = () => (
  <List<PortalConnectionRecord> filters={filters} sort={{ field: 'lastFailureAt', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="status" field={ConnectionStatusChip} disableSort />
      <DataTable.Col source="portalId" label="Portal" field={PortalField} />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="lastSuccessAt" label="Last success" field={DateTimeField} />
      <DataTable.Col source="lastFailureAt" label="Last failure" field={DateTimeField} />
      <DataTable.Col source="lastFailureCause" label="Cause" disableSort />
      <DataTable.NumberCol source="connectionFailures24h" label="Connection failures (24 h)" disableSort />
      <DataTable.NumberCol source="failures24h" label="Failed sign-ins (24 h)" disableSort />
    </DataTable>
  </List>
);

const ConnectionActions = () => {
  const record = useRecordContext<PortalConnectionRecord>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [check, setCheck] = useState<ConnectionCheckResult | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [toggle, setToggle] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const manage = can(permissions?.roles, 'portal-connections.manage');

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <Button variant="outlined" disabled={busy} data-testid="connection-check" onClick={() => run(async () => setCheck(await checkConnection(record.id)))}>
          Check now
        </Button>
        {manage && (
          <>
            <Button
              variant="outlined"
              color="warning"
              disabled={busy}
              data-testid="connection-rotate"
              onClick={() =>
                run(async () => {
                  if (!window.confirm('Rotate the secret? Hand-offs signed with the current secret are refused from now on.')) return;
                  setSecret((await rotateConnectionSecret(record.id)).secret);
                  refresh();
                })
              }
            >
              Rotate secret
            </Button>
            <Button variant="outlined" disabled={busy} data-testid="connection-toggle" onClick={() => setToggle(true)}>
              {record.enabled ? 'Disable' : 'Enable'}
            </Button>
          </>
        )}
      </Stack>
      <ConnectionCheckDialog result={check} onClose={() => setCheck(null)} />
      <SecretOnceDialog secret={secret} onClose={() => setSecret(null)} />
      <ReasonDialog
        open={toggle}
        title={record.enabled ? 'Disable the connection?' : 'Enable the connection?'}
        text={record.enabled ? 'While disabled, every hand-off through this connection is refused. Why?' : 'Hand-offs through this connection are accepted again. Why?'}
        confirmLabel={record.enabled ? 'Disable' : 'Enable'}
        onConfirm={async (reason) => {
          await setConnectionEnabled(record.id, !record.enabled, reason);
          refresh();
        }}
        onClose={() => setToggle(false)}
      />
    </TopToolbar>
  );
};

export const PortalConnectionShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<PortalConnectionRecord> queryOptions={queryOptions} actions={<ConnectionActions />} title="Portal connection">
      <SimpleShowLayout>
        <ConnectionStatusChip label="Status" />
        <PortalField source="portalId" label="Portal" />
        <OrganizationField source="organizationId" label="Organization" />
        <DateTimeField source="lastSuccessAt" label="Last working hand-off" />
        <DateTimeField source="lastFailureAt" label="Last failed hand-off (connection)" />
        <TextField source="lastFailureCause" label="Cause of the last failure" emptyText="—" />
        <NumberField source="connectionFailures24h" label="Connection failures, last 24 h" />
        <NumberField source="failures24h" label="Failed sign-ins (any reason), last 24 h" />
        <DateTimeField source="secretRotatedAt" label="Secret rotated" />
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
