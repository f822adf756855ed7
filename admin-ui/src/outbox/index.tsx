import OutboxIcon from '@mui/icons-material/Outbox';
import { Alert, Chip, type ChipProps } from '@mui/material';
import { DataTable, List, SearchInput, SelectInput, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { DateTimeField } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';

export interface OutboxRecord {
  id: string;
  channel: 'email' | 'sms';
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed' | 'held';
  organizationId: string | null;
  identityId: string | null;
  ticketId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const STATUS_CHOICES = [
  { id: 'held', name: 'Held (no mail transport)' },
  { id: 'pending', name: 'Pending' },
  { id: 'sent', name: 'Sent' },
  { id: 'failed', name: 'Failed' },
];
const STATUS_COLORS: Record<string, ChipProps['color']> = { held: 'default', pending: 'info', sent: 'success', failed: 'error' };

const StatusChip = () => {
  const r = useRecordContext<OutboxRecord>();
  return r ? <Chip size="small" color={STATUS_COLORS[r.status] ?? 'default'} label={r.status} /> : null;
};

const filters = [
  <SearchInput key="recipient" source="recipient" placeholder="Recipient contains" alwaysOn />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} />,
  <SelectInput key="channel" source="channel" choices={[{ id: 'email', name: 'E-mail' }, { id: 'sms', name: 'SMS' }]} />,
];

/** What would be or was sent. Without SMTP_URL messages stay here (held). */
export const OutboxList = () => (
  <List<OutboxRecord> title="Outbox" filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="createdAt" label="Written" field={DateTimeField} />
      <DataTable.Col source="kind" />
      <DataTable.Col source="recipient" />
      <DataTable.Col source="subject" disableSort />
      <DataTable.Col source="status" field={StatusChip} />
      <DataTable.Col source="sentAt" label="Sent" field={DateTimeField} />
    </DataTable>
  </List>
);

const Body = () => {
  const r = useRecordContext<OutboxRecord>();
  if (!r) return null;
  return (
    <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }} data-testid="outbox-body">
      {r.body}
    </pre>
  );
};

export const OutboxShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<OutboxRecord> queryOptions={queryOptions} title="Outbox message">
      <SimpleShowLayout>
        <TextField source="recipient" />
        <TextField source="subject" />
        <Body />
        <TextField source="kind" />
        <TextField source="channel" />
        <StatusChip />
        <DateTimeField source="createdAt" label="Written" />
        <DateTimeField source="sentAt" label="Sent" />
        <TextField source="attempts" />
        <TextField source="lastError" label="Last error" emptyText="—" />
        <Alert severity="info">Notifications about one-time codes only say that a code was issued; no message ever carries the code.</Alert>
      </SimpleShowLayout>
    </Show>
  );
};

export const outbox = {
  list: OutboxList,
  show: OutboxShow,
  icon: OutboxIcon,
};
