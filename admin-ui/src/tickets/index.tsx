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
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { TICKET_CHANNEL_LABELS, TICKET_STATUSES } from '../../../shared/index.js';
import { DateTimeField } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import { updateTicket, type TicketRecord } from './api';
import type { TicketAction } from '../../../shared/tickets.js';
import { LinkIdentityDialog, RequestInvitationDialog, ResolveDialog } from './TicketActions';
import { FirstResponse } from './FirstResponse';
import { formatDateTime } from '../i18n/format';
import { ChannelField, TicketNumberField, TicketStatusChip, TicketStatusLabel, TicketSubject } from './fields';
import { LostPhoneFlow } from './LostPhoneFlow';
import { TicketTimeline } from './Timeline';

const useCanWork = () => {
  const { permissions } = usePermissions<Permissions>();
  return can(permissions?.roles, 'tickets.work');
};

/** Choices whose names are catalog keys (react-admin translates them). */
const STATUS_CHOICES = TICKET_STATUSES.map((id) => ({ id, name: `app.tickets.status.${id}` }));
const CHANNEL_CHOICES = Object.keys(TICKET_CHANNEL_LABELS).map((id) => ({ id, name: `app.tickets.channel.${id}` }));

const useFilters = () => {
  const translate = useTranslate();
  return [
    <SearchInput key="q" source="q" placeholder={translate('app.ticketActions.list.search')} alwaysOn />,
    <SelectInput key="status" source="status" label="app.ticketActions.field.status" choices={STATUS_CHOICES} alwaysOn />,
    <SelectInput key="channel" source="channel" label="app.ticketActions.field.channel" choices={CHANNEL_CHOICES} />,
  ];
};


/** The linked identity, or the e-mail the caller gave while none is linked. */
const PersonField = (_: { label?: string }) => {
  const r = useRecordContext<TicketRecord>();
  const translate = useTranslate();
  if (!r) return null;
  if (r.identityEmail) return <>{r.identityEmail}</>;
  return r.callerEmail ? (
    <Typography variant="body2" component="span" color="text.secondary">
      {translate('app.ticketActions.list.callerNotLinked', { email: r.callerEmail })}
    </Typography>
  ) : null;
};

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    {useCanWork() && <CreateButton label="app.ticketActions.list.create" />}
  </TopToolbar>
);

/** The subject, or the catalog's words for a ticket without one. */
const SubjectField = (_: { label?: string }) => {
  const r = useRecordContext<TicketRecord>();
  return r ? <TicketSubject subject={r.subject} /> : null;
};

export const TicketList = () => (
  <List<TicketRecord> filters={useFilters()} actions={<ListActions />} sort={{ field: 'number', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="number" label="#" field={TicketNumberField} />
      <DataTable.Col source="subject" label="app.ticketActions.field.subject" field={SubjectField} />
      <DataTable.Col source="identityEmail" label="app.ticketActions.field.person" field={PersonField} disableSort />
      <DataTable.Col source="organizationName" label="app.ticketActions.field.organization" disableSort />
      <DataTable.Col source="status" label="app.ticketActions.field.status" field={TicketStatusChip} />
      <DataTable.Col source="channel" label="app.ticketActions.field.channel" field={ChannelField} disableSort />
      <DataTable.Col source="assigneeEmail" label="app.ticketActions.field.assignee" disableSort />
      <DataTable.Col source="createdAt" label="app.ticketActions.field.opened" field={DateTimeField} />
    </DataTable>
  </List>
);

const TicketTitle = () => {
  const record = useRecordContext<TicketRecord>();
  const translate = useTranslate();
  return <>{record ? translate('app.ticketActions.show.title', { number: record.number }) : translate('app.ticketActions.show.titleEmpty')}</>;
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
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const t = (key: string) => translate(`app.ticketActions.${key}`);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<null | 'link' | 'invite' | 'resolve'>(null);
  const can = (a: TicketAction) => ticket.allowedActions.includes(a);
  const change = async (changes: { assigneeId?: string | null; status?: string; phoneLost?: boolean }, done: string) => {
    setBusy(true);
    try {
      await updateTicket(ticket.id, changes);
      notify(`app.ticketActions.${done}`, { type: 'info' });
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
            #{ticket.number} <TicketSubject subject={ticket.subject} />
          </Typography>
          <TicketStatusLabel status={ticket.status} size="medium" />
          {ticket.phoneLost && <Chip color="warning" size="small" label={t('show.phoneLost')} data-testid="phone-lost-chip" />}
          {ticket.waitingForPerson && ['open', 'verified', 'code-issued'].includes(ticket.status) && <Chip size="small" label={t('show.waiting')} />}
        </Stack>
        <Grid container spacing={2} sx={{ mb: 2 }}>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('show.person')}>
              {ticket.identityId ? <a href={`#/identities/${encodeURIComponent(ticket.identityId)}/show`}>{ticket.identityName ? `${ticket.identityName} <${ticket.identityEmail}>` : ticket.identityEmail}</a> : t('show.notLinked')}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t(ticket.channel === 'e-mail' ? 'show.claimedSender' : 'show.callerEmail')}>{ticket.callerEmail ?? '—'}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('field.organization')}>
              {ticket.organizationId ? <a href={`#/organizations/${encodeURIComponent(ticket.organizationId)}/show`}>{ticket.organizationName ?? ticket.organizationId}</a> : '—'}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('field.channel')}>{translate(`app.tickets.channel.${ticket.channel}`, { _: ticket.channel })}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('field.assignee')}>{ticket.assigneeEmail ?? t('show.nobody')}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('field.opened')}>{formatDateTime(ticket.createdAt, locale)}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 4 }}>
            <Detail label={t('show.firstResponse')}>
              <FirstResponse ticket={ticket} />
            </Detail>
          </Grid>
        </Grid>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>
          {ticket.description || t('show.noText')}
        </Typography>
        {ticket.allowedActions.length > 0 && (
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} data-testid="ticket-actions">
            {can('take') && meId && (
              <Button variant="outlined" disabled={busy} onClick={() => void change({ assigneeId: meId }, 'action.taken')} data-testid="take-ticket">
                {t('action.take')}
              </Button>
            )}
            {can('link-identity') && (
              <Button variant="outlined" disabled={busy} onClick={() => setDialog('link')} data-testid="link-identity">
                {t(ticket.identityId ? 'action.change' : 'action.link')}
              </Button>
            )}
            {can('request-invitation') && (
              <Button variant="outlined" disabled={busy} onClick={() => setDialog('invite')} data-testid="request-invitation">
                {t('action.invite')}
              </Button>
            )}
            {can('set-phone-lost') && (
              <Button variant="outlined" color="warning" disabled={busy} onClick={() => void change({ phoneLost: !ticket.phoneLost }, ticket.phoneLost ? 'action.markedNotLost' : 'action.markedLost')} data-testid="toggle-phone-lost">
                {t(ticket.phoneLost ? 'action.phoneNotLost' : 'action.phoneLost')}
              </Button>
            )}
            {can('resolve') && (
              <Button variant="outlined" color="success" disabled={busy} onClick={() => setDialog('resolve')} data-testid="status-resolved">
                {t('action.resolve')}
              </Button>
            )}
            {can('close') && (
              <Button variant="outlined" color="inherit" disabled={busy} onClick={() => void change({ status: 'closed' }, 'action.closed')} data-testid="status-closed">
                {t('action.close')}
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

/** A catalog sentence, for the places that need a component. */
const Translated = ({ k }: { k: string }) => <>{useTranslate()(k)}</>;

const validateTicket = (values: Record<string, unknown>) => {
  const errors: Record<string, string> = {};
  if (!values.identityId && !values.callerEmail) {
    errors.identityId = 'app.ticketActions.create.personOrEmail';
    errors.callerEmail = 'app.ticketActions.create.personOrEmail';
  }
  return errors;
};

/** Only the fields that were filled in go to the API. */
const transform = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== ''));

export const TicketCreate = () => (
  <Create title="app.ticketActions.create.title" redirect="show" transform={transform}>
    <SimpleForm validate={validateTicket} defaultValues={{ channel: 'phone' }}>
      <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
        <Translated k="app.ticketActions.create.claim" />
      </Alert>
      <ReferenceInput source="identityId" reference="identities" sort={{ field: 'email', order: 'ASC' }}>
        <AutocompleteInput label="app.ticketActions.create.person" optionText="email" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 360 }} />
      </ReferenceInput>
      <TextInput source="callerEmail" label="app.ticketActions.create.callerEmail" type="email" sx={{ minWidth: 360 }} />
      <SelectInput source="channel" label="app.ticketActions.field.channel" choices={CHANNEL_CHOICES} validate={required()} />
      <TextInput source="subject" label="app.ticketActions.field.subject" sx={{ minWidth: 480 }} helperText="app.ticketActions.create.subjectHelp" />
      <TextInput source="description" label="app.ticketActions.field.description" multiline minRows={3} fullWidth validate={required()} />
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
