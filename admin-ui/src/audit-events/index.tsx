import { useMemo, useState, type ReactNode } from 'react';
import PolicyIcon from '@mui/icons-material/Policy';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Box, Card, CardContent, Chip, Grid, IconButton, Link as MuiLink, Stack, Toolbar, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  List,
  ListButton,
  Pagination,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  Show,
  TextInput,
  TopToolbar,
  useGetOne,
  useListContext,
  useListFilterContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { StaffRole } from '../../../shared/index.js';
import type { AuditEventRecord as SharedAuditEventRecord, Wire } from '../../../shared/records.js';
import type { Choice } from '../common/choices';
import { roleKey } from '../common/choices';
import { DateTimeField, OrganizationField } from '../common/fields';
import { OrganizationInput, SearchFilter } from '../common/inputs';
import { mark, Rich } from '../common/rich';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { formatNumber } from '../i18n/format';
import { AUDIT_ACTION_CHOICES, auditActionKey, TARGET_ROUTES, TARGET_TYPE_CHOICES, targetTypeKey } from './actions';
import { DiffTable } from './diff';

/** `GET /api/audit-events` records, as the server declares them (shared/records.ts). */
export type AuditEventRecord = Wire<SharedAuditEventRecord>;

const GENESIS_HASH = '0'.repeat(64);
/** Target types whose records have a readable name (identities: e-mail; tickets: #number). */
const TARGET_NAMED: Record<string, string> = { identity: 'identities', ticket: 'tickets' };
const STAFF_ROLE_VALUES: readonly string[] = Object.values(StaffRole);

const ACTOR_KINDS: readonly string[] = ['system', 'user', 'portal', 'staff', 'anonymous'];
/** A console role, or the kind of actor that is not staff; unknown codes as they are. */
const useActorRole = () => {
  const translate = useTranslate();
  return (role: string): string => (STAFF_ROLE_VALUES.includes(role) ? translate(roleKey(role)) : ACTOR_KINDS.includes(role) ? translate(`app.audit.actor.${role}`) : role);
};
/** An action's or a target type's name from the catalog, or its code when the catalog has none. */
const useLabel = () => {
  const translate = useTranslate();
  return (key: string | null, code: string): string => (key ? translate(key) : code);
};
/** The command that checks the whole chain (not translated: it is typed as is). */
const VERIFY_COMMAND = 'npm run audit:verify';

/** A list URL with these filters (e.g. every event of one actor or about one target). */
export const auditListPath = (filter: Record<string, string>) => `/audit-events?filter=${encodeURIComponent(JSON.stringify(filter))}`;

// --- list ---

/** DateTimeInput gives local "YYYY-MM-DDTHH:mm"; the API wants an instant. */
const toInstant = (value: string | null | undefined) => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Known actions to pick from; any other exact action code can be typed in. */
const ActionInput = (_: { source: 'action'; alwaysOn?: boolean }) => {
  const filterValues: unknown = useListFilterContext().filterValues;
  const translate = useTranslate();
  const [typed, setTyped] = useState<Choice[]>([]);
  const current = (filterValues as { action?: unknown } | undefined)?.action;
  const choices = useMemo(() => {
    const list = [...AUDIT_ACTION_CHOICES, ...typed];
    if (typeof current === 'string' && current && !list.some((c) => c.id === current)) list.push({ id: current, name: current });
    return list;
  }, [typed, current]);
  return (
    <AutocompleteInput
      source="action"
      choices={choices}
      translateChoice={false}
      optionText={(c: Choice) => {
        const key = auditActionKey(c.id);
        return key ? `${c.id} — ${translate(key)}` : c.id;
      }}
      sx={{ minWidth: { xs: 0, sm: 420 } }}
      onCreate={(text?: string) => {
        const code = (text ?? '').trim();
        if (!code) return undefined;
        const choice = { id: code, name: code };
        setTyped((list) => (list.some((c) => c.id === code) ? list : [...list, choice]));
        return choice;
      }}
      createItemLabel="app.audit.exactAction"
    />
  );
};

const filters = [
  <SearchFilter key="actorEmail" source="actorEmail" placeholder="app.audit.actorEmailContains" alwaysOn />,
  <ActionInput key="action" source="action" alwaysOn />,
  <SelectInput key="targetType" source="targetType" choices={TARGET_TYPE_CHOICES} />,
  <TextInput key="targetId" source="targetId" />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <ReferenceInput key="ticketId" source="ticketId" reference="tickets" sort={{ field: 'number', order: 'DESC' }}>
    <AutocompleteInput optionText={(t: { number: number; subject: string }) => `#${t.number} ${t.subject}`} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 300 }} />
  </ReferenceInput>,
  <DateTimeInput key="createdAt_gte" source="createdAt_gte" parse={toInstant} />,
  <DateTimeInput key="createdAt_lte" source="createdAt_lte" parse={toInstant} />,
  <TextInput key="actorId" source="actorId" />,
];

/**
 * Over a very long log the server stops counting at a cap (`X-Total-Capped`): the data provider then gives
 * page info instead of a total, and this says "more than N" instead of claiming an exact count.
 */
const AuditPagination = () => {
  const ctx = useListContext<AuditEventRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { hasNextPage, hasPreviousPage, page, perPage, setPage } = ctx;
  const { data, meta } = ctx as { data?: AuditEventRecord[]; meta?: { totalAtLeast?: unknown } };
  if (ctx.total != null || ctx.isPending) return <Pagination rowsPerPageOptions={[25, 50, 100]} />;
  const atLeast = typeof meta?.totalAtLeast === 'number' ? meta.totalAtLeast : 0;
  const from = data?.length ? (page - 1) * perPage + 1 : 0;
  const to = (page - 1) * perPage + (data?.length ?? 0);
  return (
    <Toolbar variant="dense" sx={{ justifyContent: 'flex-end', gap: 1 }} data-testid="audit-pagination-capped">
      <Typography variant="body2">
        {hasNextPage ? translate('app.audit.moreThan', { from, to, count: formatNumber(Math.max(atLeast, to), locale) }) : `${from}–${to}`}
      </Typography>
      <IconButton aria-label={translate('app.audit.previousPage')} disabled={!hasPreviousPage} onClick={() => setPage(page - 1)}>
        <ChevronLeftIcon />
      </IconButton>
      <IconButton aria-label={translate('app.audit.nextPage')} disabled={!hasNextPage} onClick={() => setPage(page + 1)}>
        <ChevronRightIcon />
      </IconButton>
    </Toolbar>
  );
};

const ActionField = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<AuditEventRecord>();
  const translate = useTranslate();
  if (!r) return null;
  const key = auditActionKey(r.action);
  const label = key ? translate(key) : null;
  return (
    <Box>
      <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.85em' }} data-testid="audit-action">
        {r.action}
      </Box>
      {label && (
        <Typography variant="caption" component="div" color="text.secondary">
          {label}
        </Typography>
      )}
    </Box>
  );
};

const ActorField = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<AuditEventRecord>();
  const translate = useTranslate();
  const actorRoleLabel = useActorRole();
  if (!r) return null;
  return (
    <Box>
      <Typography variant="body2" component="div" sx={{ wordBreak: 'break-all' }}>
        {r.actorEmail ?? (r.actorRole === 'system' ? translate('app.audit.actor.system') : '—')}
      </Typography>
      {r.actorEmail && (
        <Typography variant="caption" component="div" color="text.secondary">
          {actorRoleLabel(r.actorRole)}
        </Typography>
      )}
    </Box>
  );
};

const shortId = (id: string) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);

const TargetField = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<AuditEventRecord>();
  const label = useLabel();
  if (!r || !r.targetType) return null;
  return (
    <Box>
      <Typography variant="body2" component="div">
        {label(targetTypeKey(r.targetType), r.targetType)}
      </Typography>
      {r.targetId && (
        <Typography variant="caption" component="div" color="text.secondary" title={r.targetId} sx={{ fontFamily: 'monospace' }}>
          {shortId(r.targetId)}
        </Typography>
      )}
    </Box>
  );
};

const TicketField = (_: { source?: string; label?: string }) => <ReferenceField source="ticketId" reference="tickets" link="show" emptyText="—" />;

export const AuditEventList = () => (
  <List<AuditEventRecord> title="app.audit.log" filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<AuditPagination />}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="id" />
      <DataTable.Col source="createdAt" field={DateTimeField} />
      <DataTable.Col source="action" field={ActionField} />
      <DataTable.Col source="actorEmail" field={ActorField} disableSort />
      <DataTable.Col source="targetType" label="app.audit.target" field={TargetField} disableSort />
      <DataTable.Col source="organizationId" field={OrganizationField} disableSort />
      <DataTable.Col source="ticketId" field={TicketField} disableSort />
    </DataTable>
  </List>
);

// --- show ---

/** A labelled value of the event page; `label` is a catalog key. */
const Detail = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
  <Box data-testid={testId}>
    <Typography variant="caption" color="text.secondary" component="div">
      {translate(label)}
    </Typography>
    <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
      {children}
    </Typography>
  </Box>
  );
};

const RouterLink = ({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) => (
  <MuiLink component={Link} to={to} data-testid={testId}>
    {children}
  </MuiLink>
);

const Hash = ({ value, testId }: { value: string; testId?: string }) => (
  <Box component="code" data-testid={testId} sx={{ fontFamily: 'monospace', fontSize: '0.8em', wordBreak: 'break-all', display: 'block' }}>
    {value}
  </Box>
);

/** Compares this event's `prevHash` with the hash the previous event stores: one link of the chain, checked here. */
const PreviousLink = ({ event }: { event: AuditEventRecord }) => {
  const prevId = event.id - 1;
  const first = event.prevHash === GENESIS_HASH;
  const translate = useTranslate();
  const { data: prev, isPending, error } = useGetOne<AuditEventRecord>('audit-events', { id: prevId }, { enabled: !first && prevId > 0, retry: false });
  if (first) return <Typography variant="body2">{translate('app.audit.firstEvent')}</Typography>;
  if (isPending && !error) return <Typography variant="body2" color="text.secondary">{translate('app.audit.checkingLink', { id: prevId })}</Typography>;
  if (error || !prev) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.audit.linkNotChecked', { id: prevId })}
      </Typography>
    );
  }
  const ok = prev.hash === event.prevHash;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="audit-chain-link">
      <Chip size="small" color={ok ? 'success' : 'error'} label={translate(ok ? 'app.audit.linked' : 'app.audit.brokenLink')} />
      <Typography variant="body2">
        <Rich
          text={translate(ok ? 'app.audit.matches' : 'app.audit.mismatch', { event: mark('event'), command: VERIFY_COMMAND })}
          parts={{ event: <RouterLink to={`/audit-events/${prevId}/show`}>{translate('app.audit.eventRef', { id: prevId })}</RouterLink> }}
        />
      </Typography>
    </Stack>
  );
};

const AuditEventPage = () => {
  const e = useRecordContext<AuditEventRecord>();
  const translate = useTranslate();
  const actorRoleLabel = useActorRole();
  const typeLabel = useLabel();
  if (!e) return null;
  const actionKey = auditActionKey(e.action);
  const label = actionKey ? translate(actionKey) : null;
  const targetRoute = e.targetType ? TARGET_ROUTES[e.targetType] : undefined;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <Card>
        <CardContent>
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline', mb: 2, flexWrap: 'wrap' }}>
            <Typography variant="h5" component="h1" data-testid="audit-event-action">
              {e.action}
            </Typography>
            {label && <Typography color="text.secondary">{label}</Typography>}
          </Stack>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="resources.audit-events.fields.createdAt">
                <DateTimeField source="createdAt" />
                <Typography variant="caption" component="div" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                  {e.createdAt}
                </Typography>
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="resources.audit-events.fields.actorEmail" testId="audit-event-actor">
                {e.actorEmail ?? (e.actorRole === 'system' ? translate('app.audit.actor.system') : '—')}
                <Typography variant="caption" component="div" color="text.secondary">
                  {actorRoleLabel(e.actorRole)}
                  {e.actorId && (
                    <>
                      {' · '}
                      <RouterLink to={auditListPath({ actorId: e.actorId })}>{translate('app.audit.allByActor')}</RouterLink>
                    </>
                  )}
                </Typography>
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="app.audit.target" testId="audit-event-target">
                {e.targetType ? typeLabel(targetTypeKey(e.targetType), e.targetType) : '—'}
                {e.targetId && e.targetType && TARGET_NAMED[e.targetType] && (
                  <>
                    {': '}
                    <ReferenceField source="targetId" reference={TARGET_NAMED[e.targetType]} link={false} emptyText="" />
                  </>
                )}
                {e.targetId && (
                  <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace' }}>
                    {targetRoute ? <RouterLink to={`/${targetRoute}/${encodeURIComponent(e.targetId)}/show`}>{e.targetId}</RouterLink> : e.targetId}
                  </Typography>
                )}
                {e.targetType && e.targetId && (
                  <Typography variant="caption" component="div">
                    <RouterLink to={auditListPath({ targetType: e.targetType, targetId: e.targetId })}>{translate('app.audit.allAboutIt')}</RouterLink>
                  </Typography>
                )}
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="resources.audit-events.fields.organizationId">{e.organizationId ? <OrganizationField source="organizationId" /> : '—'}</Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="resources.audit-events.fields.ticketId">{e.ticketId ? <ReferenceField source="ticketId" reference="tickets" link="show" /> : '—'}</Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="app.audit.requestIp">
                <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '0.85em' }}>
                  {e.requestId ?? '—'} · {e.ip ?? '—'}
                </Box>
              </Detail>
            </Grid>
          </Grid>
        </CardContent>
      </Card>

      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            {translate('app.audit.whatChanged')}
          </Typography>
          <DiffTable before={e.before} after={e.after} />
        </CardContent>
      </Card>

      <Card variant="outlined" data-testid="audit-integrity">
        <CardContent>
          <Typography variant="subtitle1" component="h2">
            {translate('app.audit.integrity')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
            <Rich text={translate('app.audit.integrityText', { id: e.id, command: mark('command') })} parts={{ command: <code>{VERIFY_COMMAND}</code> }} />
          </Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 6 }}>
              <Detail label="app.audit.prevHash">
                <Hash value={e.prevHash} testId="audit-prev-hash" />
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Detail label="app.audit.thisHash">
                <Hash value={e.hash} testId="audit-hash" />
              </Detail>
            </Grid>
            <Grid size={12}>
              <PreviousLink event={e} />
            </Grid>
          </Grid>
        </CardContent>
      </Card>
    </Stack>
  );
};

const AuditEventTitle = () => {
  const r = useRecordContext<AuditEventRecord>();
  const translate = useTranslate();
  return <>{r ? translate('app.audit.eventNumber', { id: r.id }) : translate('app.audit.event')}</>;
};

const ShowActions = () => (
  <TopToolbar>
    <ListButton label="app.audit.log" />
  </TopToolbar>
);

export const AuditEventShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<AuditEventRecord> queryOptions={queryOptions} title={<AuditEventTitle />} component="div" actions={<ShowActions />}>
      <AuditEventPage />
    </Show>
  );
};

export const auditEvents = {
  list: AuditEventList,
  show: AuditEventShow,
  icon: PolicyIcon,
  recordRepresentation: (r: AuditEventRecord) => `#${r.id}`,
};
