import OutboxIcon from '@mui/icons-material/Outbox';
import { Alert, Button, Chip, Typography, type ChipProps } from '@mui/material';
import {
  DataTable,
  List,
  NumberField,
  SearchInput,
  SelectField,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  useGetList,
  useListContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { formatDateTime } from '../i18n/format';

export type OutboxStatus = 'held' | 'pending' | 'sending' | 'sent' | 'failed';

/** What GET /api/outbox answers: the staff view (codes and link tokens redacted, the last error too). */
export interface OutboxRecord {
  id: string;
  channel: 'email' | 'sms';
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  /** The scheduled purge emptied the text of this sent message (RETENTION outbox-bodies). */
  bodyPurged: boolean;
  status: OutboxStatus;
  organizationId: string | null;
  identityId: string | null;
  ticketId: string | null;
  attempts: number;
  lastError: string | null;
  /** A pending message is not tried again before this time (backoff after a failed attempt). */
  nextAttemptAt: string | null;
  /** When a server process took the message for sending (status `sending`). */
  sendingSince: string | null;
  createdAt: string;
  sentAt: string | null;
}

const STATUSES: OutboxStatus[] = ['held', 'pending', 'sending', 'sent', 'failed'];
const STATUS_CHOICES = STATUSES.map((s) => ({ id: s, name: `app.outbox.status.${s}` }));
const CHANNEL_CHOICES = [
  { id: 'email', name: 'app.outbox.channel.email' },
  { id: 'sms', name: 'app.outbox.channel.sms' },
];
const STATUS_COLORS: Record<OutboxStatus, ChipProps['color']> = { held: 'default', pending: 'info', sending: 'warning', sent: 'success', failed: 'error' };

const StatusChip = (_props: { label?: string }) => {
  const r = useRecordContext<OutboxRecord>();
  const translate = useTranslate();
  if (!r) return null;
  return <Chip size="small" color={STATUS_COLORS[r.status] ?? 'default'} label={translate(`app.outbox.status.${r.status}`, { _: r.status })} data-testid="outbox-status" />;
};

/** When a pending message is tried next: a time, or "as soon as possible" when it is due; nothing for other statuses. */
const NextAttemptField = (_props: { label?: string }) => {
  const r = useRecordContext<OutboxRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!r) return null;
  if (r.status !== 'pending') return <span>{translate('app.common.empty')}</span>;
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="outbox-next-attempt">
      {r.nextAttemptAt ? formatDateTime(r.nextAttemptAt, locale) : translate('app.outbox.nextAttemptDue')}
    </span>
  );
};

/** The last error as the server gives it (already redacted), cut short in the list. */
const LastErrorField = ({ short }: { short?: boolean; label?: string }) => {
  const r = useRecordContext<OutboxRecord>();
  const translate = useTranslate();
  if (!r) return null;
  if (!r.lastError) return <span>{translate('app.common.empty')}</span>;
  const text = short && r.lastError.length > 80 ? `${r.lastError.slice(0, 79)}…` : r.lastError;
  return (
    <Typography component="span" variant="body2" color={r.status === 'failed' ? 'error' : 'text.secondary'} title={r.lastError} data-testid="outbox-last-error">
      {text}
    </Typography>
  );
};

const RecipientSearch = (props: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('app.outbox.recipientContains')} />;
};

const filters = [
  <RecipientSearch key="recipient" source="recipient" alwaysOn />,
  <SelectInput key="status" source="status" label="app.outbox.fields.status" choices={STATUS_CHOICES} />,
  <SelectInput key="channel" source="channel" label="app.outbox.fields.channel" choices={CHANNEL_CHOICES} />,
];

/** Supervisors see at once when messages failed for good, and can list them. */
const FailedBanner = () => {
  const translate = useTranslate();
  const list = useListContext<OutboxRecord>();
  const filterValues = list.filterValues as Record<string, unknown>;
  const { total } = useGetList<OutboxRecord>('outbox', { filter: { status: 'failed' }, pagination: { page: 1, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' } });
  if (!total || filterValues.status === 'failed') return null;
  return (
    <Alert
      severity="error"
      sx={{ mb: 1 }}
      data-testid="outbox-failed-banner"
      action={
        <Button color="inherit" size="small" onClick={() => list.setFilters({ ...filterValues, status: 'failed' }, {})}>
          {translate('app.outbox.showFailed')}
        </Button>
      }
    >
      {translate('app.outbox.failedBanner', { smart_count: total })}
    </Alert>
  );
};

/** What would be or was sent. Without SMTP_URL messages stay here (held). */
export const OutboxList = () => (
  <List<OutboxRecord> title="app.outbox.title" filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
    <FailedBanner />
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="createdAt" label="app.outbox.fields.createdAt" field={DateTimeField} />
      <DataTable.Col source="kind" label="app.outbox.fields.kind" />
      <DataTable.Col source="recipient" label="app.outbox.fields.recipient" />
      <DataTable.Col source="subject" label="app.outbox.fields.subject" disableSort />
      <DataTable.Col source="status" label="app.outbox.fields.status" field={StatusChip} />
      <DataTable.Col source="attempts" label="app.outbox.fields.attempts" />
      <DataTable.Col source="nextAttemptAt" label="app.outbox.fields.nextAttemptAt" disableSort field={NextAttemptField} />
      <DataTable.Col source="lastError" label="app.outbox.fields.lastError" disableSort>
        <LastErrorField short />
      </DataTable.Col>
      <DataTable.Col source="sentAt" label="app.outbox.fields.sentAt" field={DateTimeField} />
    </DataTable>
  </List>
);

const Body = (_props: { label?: string }) => {
  const r = useRecordContext<OutboxRecord>();
  const translate = useTranslate();
  if (!r) return null;
  if (r.bodyPurged) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="outbox-body-purged">
        {translate('app.outbox.bodyPurged')}
      </Typography>
    );
  }
  return (
    <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }} data-testid="outbox-body">
      {r.body}
    </pre>
  );
};

/** Shown only while a process is sending the message. */
const SendingSince = (_props: { label?: string }) => {
  const r = useRecordContext<OutboxRecord>();
  const translate = useTranslate();
  if (!r) return null;
  return r.status === 'sending' ? <DateTimeField source="sendingSince" /> : <span>{translate('app.common.empty')}</span>;
};

const CodesNote = () => {
  const translate = useTranslate();
  return <Alert severity="info">{translate('app.outbox.codesNote')}</Alert>;
};

export const OutboxShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<OutboxRecord> queryOptions={queryOptions} title="app.outbox.showTitle">
      <SimpleShowLayout>
        <TextField source="recipient" label="app.outbox.fields.recipient" />
        <TextField source="subject" label="app.outbox.fields.subject" />
        <Body label="app.outbox.fields.body" />
        <TextField source="kind" label="app.outbox.fields.kind" />
        <SelectField source="channel" label="app.outbox.fields.channel" choices={CHANNEL_CHOICES} />
        <StatusChip label="app.outbox.fields.status" />
        <NumberField source="attempts" label="app.outbox.fields.attempts" />
        <NextAttemptField label="app.outbox.fields.nextAttemptAt" />
        <SendingSince label="app.outbox.fields.sendingSince" />
        <LastErrorField label="app.outbox.fields.lastError" />
        <DateTimeField source="createdAt" label="app.outbox.fields.createdAt" />
        <DateTimeField source="sentAt" label="app.outbox.fields.sentAt" />
        <CodesNote />
      </SimpleShowLayout>
    </Show>
  );
};

export const outbox = {
  list: OutboxList,
  show: OutboxShow,
  icon: OutboxIcon,
};
