import { useState, type ReactNode } from 'react';
import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import { Alert, Box, Button, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import {
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceInput,
  required,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TextInput,
  TopToolbar,
  useGetIdentity,
  useNotify,
  usePermissions,
  useRecordContext,
  useShowContext,
} from 'react-admin';
import { TICKET_CHANNEL_LABELS } from '../../../shared/index.js';
import { DateTimeField } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import { updateTicket, type TicketRecord } from './api';
import type { TicketAction } from '../../../shared/tickets.js';
import { LinkIdentityDialog, RequestInvitationDialog, ResolveDialog } from './TicketActions';
import { FirstResponse } from './FirstResponse';
import { CHANNEL_CHOICES, ChannelField, formatTime, TICKET_STATUS_CHOICES, TicketNumberField, TicketStatusChip, TicketStatusLabel } from './fields';
import { LostPhoneFlow } from './LostPhoneFlow';
import { TicketTimeline } from './Timeline';

const useCanWork = () => {
  const { permissions } = usePermissions<Permissions>();
  return can(permissions?.roles, 'tickets.work');
};

const filters = [
  <SearchInput key="q" source="q" placeholder="Subject contains" alwaysOn />,
  <SelectInput key="status" source="status" choices={TICKET_STATUS_CHOICES} alwaysOn />,
  <SelectInput key="channel" source="channel" choices={CHANNEL_CHOICES} />,
];

/** The linked identity, or the e-mail the caller gave while none is linked. */
const PersonField = (_: { label?: string }) => {
  const r = useRecordContext<TicketRecord>();
  if (!r) return null;
  if (r.identityEmail) return <>{r.identityEmail}</>;
  return r.callerEmail ? (
    <Typography variant="body2" component="span" color="text.secondary">
      {r.callerEmail} (caller, not linked)
    </Typography>
  ) : null;
};

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    {useCanWork() && <CreateButton label="New ticket" />}
  </TopToolbar>
);

export const TicketList = () => (
  <List<TicketRecord> filters={filters} actions={<ListActions />} sort={{ field: 'number', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="number" label="#" field={TicketNumberField} />
      <DataTable.Col source="subject" />
      <DataTable.Col source="identityEmail" label="Person" field={PersonField} disableSort />
      <DataTable.Col source="organizationName" label="Organization" disableSort />
      <DataTable.Col source="status" field={TicketStatusChip} />
      <DataTable.Col source="channel" field={ChannelField} disableSort />
      <DataTable.Col source="assigneeEmail" label="Assignee" disableSort />
      <DataTable.Col source="createdAt" label="Opened" field={DateTimeField} />
    </DataTable>
  </List>
);

const TicketTitle = () => {
  const record = useRecordContext<TicketRecord>();
  return <>{record ? `Ticket #${record.number}` : 'Ticket'}</>;
};

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div">
      {children}
    </Typography>
  </Box>
);

const TicketDetails = ({ ticket, meId, onChanged }: { ticket: TicketRecord; meId: string | undefined; onChanged: () => void }) => {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<null | 'link' | 'invite' | 'resolve'>(null);
  const can = (a: TicketAction) => ticket.allowedActions.includes(a);
  const change = async (changes: { assigneeId?: string | null; status?: string; phoneLost?: boolean }, done: string) => {
    setBusy(true);
    try {
      await updateTicket(ticket.id, changes);
      notify(done, { type: 'info' });
      onChanged();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="ticket-details">
      <CardContent>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1.5, flexWrap: 'wrap' }}>
          <Typography variant="h5" component="h1">
            #{ticket.number} {ticket.subject}
          </Typography>
          <TicketStatusLabel status={ticket.status} size="medium" />
          {ticket.phoneLost && <Chip color="warning" size="small" label="Phone lost or stolen" data-testid="phone-lost-chip" />}
          {ticket.waitingForPerson && ['open', 'verified', 'code-issued'].includes(ticket.status) && <Chip size="small" label="Waiting for the person" />}
        </Stack>
        <Grid container spacing={2} sx={{ mb: 2 }}>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="Person (Visma Connect identity)">
              {ticket.identityId ? <a href={`#/identities/${encodeURIComponent(ticket.identityId)}/show`}>{ticket.identityName ? `${ticket.identityName} <${ticket.identityEmail}>` : ticket.identityEmail}</a> : 'Not linked'}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={ticket.channel === 'e-mail' ? 'Claimed sender (a From address proves nothing)' : 'E-mail the caller gave (a claim only)'}>{ticket.callerEmail ?? '—'}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="Organization">
              {ticket.organizationId ? <a href={`#/organizations/${encodeURIComponent(ticket.organizationId)}/show`}>{ticket.organizationName ?? ticket.organizationId}</a> : '—'}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="Channel">{TICKET_CHANNEL_LABELS[ticket.channel] ?? ticket.channel}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="Assignee">{ticket.assigneeEmail ?? 'Nobody yet'}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="Opened">{formatTime(ticket.createdAt)}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label="First response">
              <FirstResponse ticket={ticket} />
            </Detail>
          </Grid>
        </Grid>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>
          {ticket.description}
        </Typography>
        {ticket.allowedActions.length > 0 && (
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} data-testid="ticket-actions">
            {can('take') && meId && (
              <Button variant="outlined" disabled={busy} onClick={() => change({ assigneeId: meId }, 'Assigned to you')} data-testid="take-ticket">
                Take this ticket
              </Button>
            )}
            {can('link-identity') && (
              <Button variant="outlined" disabled={busy} onClick={() => setDialog('link')} data-testid="link-identity">
                {ticket.identityId ? 'Change identity' : 'Link identity'}
              </Button>
            )}
            {can('request-invitation') && (
              <Button variant="outlined" disabled={busy} onClick={() => setDialog('invite')} data-testid="request-invitation">
                Invite (org admin confirms)
              </Button>
            )}
            {can('set-phone-lost') && (
              <Button variant="outlined" color="warning" disabled={busy} onClick={() => change({ phoneLost: !ticket.phoneLost }, ticket.phoneLost ? 'Marked: phone not lost' : 'Marked: phone lost or stolen')} data-testid="toggle-phone-lost">
                {ticket.phoneLost ? 'Phone not lost after all' : 'Phone lost or stolen'}
              </Button>
            )}
            {can('resolve') && (
              <Button variant="outlined" color="success" disabled={busy} onClick={() => setDialog('resolve')} data-testid="status-resolved">
                Resolve…
              </Button>
            )}
            {can('close') && (
              <Button variant="outlined" color="inherit" disabled={busy} onClick={() => change({ status: 'closed' }, 'Ticket closed')} data-testid="status-closed">
                Close ticket
              </Button>
            )}
          </Stack>
        )}
        {dialog === 'link' && <LinkIdentityDialog ticket={ticket} open onClose={() => setDialog(null)} onDone={onChanged} />}
        {dialog === 'invite' && <RequestInvitationDialog ticket={ticket} open onClose={() => setDialog(null)} onDone={onChanged} />}
        {dialog === 'resolve' && <ResolveDialog ticket={ticket} open onClose={() => setDialog(null)} onDone={onChanged} />}
      </CardContent>
    </Card>
  );
};

const TicketPage = () => {
  const ticket = useRecordContext<TicketRecord>();
  const { refetch } = useShowContext<TicketRecord>();
  const canWork = useCanWork();
  const { identity } = useGetIdentity();
  if (!ticket) return null;
  const meId = identity?.id != null ? String(identity.id) : undefined;
  const changed = () => void refetch();
  return (
    <Grid container spacing={2} sx={{ mt: 1 }}>
      <Grid size={{ xs: 12, lg: 8 }}>
        <Stack spacing={2}>
          <TicketDetails ticket={ticket} meId={meId} onChanged={changed} />
          <LostPhoneFlow ticket={ticket} canWork={canWork} meId={meId} onChanged={changed} />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 4 }}>
        <TicketTimeline ticketId={ticket.id} version={ticket.version} canComment={canWork} canReply={ticket.allowedActions.includes('reply')} onChanged={changed} />
      </Grid>
    </Grid>
  );
};

/** How often the open ticket page asks the server (through the data provider) whether anything changed. */
export const TICKET_POLL_MS = 3000;

export const TicketShow = () => {
  const errorHandling = useShowErrorHandler();
  // One mechanism for the whole page: the ticket is polled; its `version` drives the panels' reloads.
  const queryOptions = { ...errorHandling, refetchInterval: TICKET_POLL_MS, refetchIntervalInBackground: false };
  return (
    <Show<TicketRecord> queryOptions={queryOptions} title={<TicketTitle />} component="div" actions={false}>
      <TicketPage />
    </Show>
  );
};

const validateTicket = (values: Record<string, unknown>) => {
  const errors: Record<string, string> = {};
  if (!values.identityId && !values.callerEmail) {
    errors.identityId = 'Pick the person, or enter the e-mail the caller gave';
    errors.callerEmail = 'Pick the person, or enter the e-mail the caller gave';
  }
  return errors;
};

/** Only the fields that were filled in go to the API. */
const transform = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== ''));

export const TicketCreate = () => (
  <Create title="New ticket" redirect="show" transform={transform}>
    <SimpleForm validate={validateTicket} defaultValues={{ channel: 'phone' }}>
      <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
        Who the caller says they are is only a claim: the ticket's identity is verified before any code is issued.
      </Alert>
      <ReferenceInput source="identityId" reference="identities" sort={{ field: 'email', order: 'ASC' }}>
        <AutocompleteInput label="Person (Visma Connect identity)" optionText="email" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 360 }} />
      </ReferenceInput>
      <TextInput source="callerEmail" label="E-mail the caller gave" type="email" sx={{ minWidth: 360 }} />
      <SelectInput source="channel" choices={CHANNEL_CHOICES} validate={required()} />
      <TextInput source="subject" sx={{ minWidth: 480 }} helperText="Optional: defaults to the first line of the description" />
      <TextInput source="description" multiline minRows={3} fullWidth validate={required()} />
    </SimpleForm>
  </Create>
);

export const tickets = {
  list: TicketList,
  show: TicketShow,
  create: TicketCreate,
  icon: SupportAgentIcon,
  recordRepresentation: (r: TicketRecord) => `#${r.number}`,
};
