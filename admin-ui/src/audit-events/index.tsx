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
  SearchInput,
  SelectInput,
  Show,
  TextInput,
  TopToolbar,
  useGetOne,
  useListContext,
  useListFilterContext,
  useRecordContext,
} from 'react-admin';
import { StaffRole } from '../../../shared/index.js';
import type { Choice } from '../common/choices';
import { roleLabel } from '../common/choices';
import { DateTimeField, OrganizationField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { AUDIT_ACTION_CHOICES, auditActionLabel, TARGET_ROUTES, TARGET_TYPE_CHOICES, TARGET_TYPE_LABELS } from './actions';
import { DiffTable } from './diff';

/** `GET /api/audit-events` records. */
export interface AuditEventRecord {
  id: number;
  createdAt: string;
  actorId: string | null;
  actorEmail: string | null;
  /** A console role, or `system` / `user` / `portal`. */
  actorRole: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ticketId: string | null;
  requestId: string | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

const GENESIS_HASH = '0'.repeat(64);
/** Target types whose records have a readable name (identities: e-mail; tickets: #number). */
const TARGET_NAMED: Record<string, string> = { identity: 'identities', ticket: 'tickets' };
const STAFF_ROLE_VALUES: readonly string[] = Object.values(StaffRole);

const actorRoleLabel = (role: string): string =>
  STAFF_ROLE_VALUES.includes(role) ? roleLabel(role) : ({ system: 'System', user: 'End user', portal: 'Portal' } as Record<string, string>)[role] ?? role;

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
  const { filterValues } = useListFilterContext();
  const [typed, setTyped] = useState<Choice[]>([]);
  const current = filterValues?.action as unknown;
  const choices = useMemo(() => {
    const list = [...AUDIT_ACTION_CHOICES, ...typed];
    if (typeof current === 'string' && current && !list.some((c) => c.id === current)) list.push({ id: current, name: current });
    return list;
  }, [typed, current]);
  return (
    <AutocompleteInput
      source="action"
      label="Action"
      choices={choices}
      sx={{ minWidth: 420 }}
      onCreate={(text?: string) => {
        const code = (text ?? '').trim();
        if (!code) return undefined;
        const choice = { id: code, name: code };
        setTyped((list) => (list.some((c) => c.id === code) ? list : [...list, choice]));
        return choice;
      }}
      createItemLabel="Exact action “%{item}”"
    />
  );
};

const filters = [
  <SearchInput key="actorEmail" source="actorEmail" placeholder="Actor e-mail contains" alwaysOn />,
  <ActionInput key="action" source="action" alwaysOn />,
  <SelectInput key="targetType" source="targetType" label="Target type" choices={TARGET_TYPE_CHOICES} />,
  <TextInput key="targetId" source="targetId" label="Target ID" />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <ReferenceInput key="ticketId" source="ticketId" reference="tickets" sort={{ field: 'number', order: 'DESC' }}>
    <AutocompleteInput label="Ticket" optionText={(t: { number: number; subject: string }) => `#${t.number} ${t.subject}`} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 300 }} />
  </ReferenceInput>,
  <DateTimeInput key="createdAt_gte" source="createdAt_gte" label="From" parse={toInstant} />,
  <DateTimeInput key="createdAt_lte" source="createdAt_lte" label="Until" parse={toInstant} />,
  <TextInput key="actorId" source="actorId" label="Actor ID" />,
];

/**
 * Over a very long log the server stops counting at a cap (`X-Total-Capped`): the data provider then gives
 * page info instead of a total, and this says "more than N" instead of claiming an exact count.
 */
const AuditPagination = () => {
  const ctx = useListContext<AuditEventRecord>();
  const { hasNextPage, hasPreviousPage, page, perPage, setPage } = ctx;
  const { data, meta } = ctx as { data?: AuditEventRecord[]; meta?: { totalAtLeast?: unknown } };
  if (ctx.total != null || ctx.isPending) return <Pagination rowsPerPageOptions={[25, 50, 100]} />;
  const atLeast = typeof meta?.totalAtLeast === 'number' ? meta.totalAtLeast : 0;
  const from = data?.length ? (page - 1) * perPage + 1 : 0;
  const to = (page - 1) * perPage + (data?.length ?? 0);
  return (
    <Toolbar variant="dense" sx={{ justifyContent: 'flex-end', gap: 1 }} data-testid="audit-pagination-capped">
      <Typography variant="body2">
        {from}–{to}
        {hasNextPage ? ` of more than ${Math.max(atLeast, to).toLocaleString()}` : ''}
      </Typography>
      <IconButton aria-label="Previous page" disabled={!hasPreviousPage} onClick={() => setPage(page - 1)}>
        <ChevronLeftIcon />
      </IconButton>
      <IconButton aria-label="Next page" disabled={!hasNextPage} onClick={() => setPage(page + 1)}>
        <ChevronRightIcon />
      </IconButton>
    </Toolbar>
  );
};

const ActionField = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<AuditEventRecord>();
  if (!r) return null;
  const label = auditActionLabel(r.action);
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
  if (!r) return null;
  return (
    <Box>
      <Typography variant="body2" component="div" sx={{ wordBreak: 'break-all' }}>
        {r.actorEmail ?? (r.actorRole === 'system' ? 'System' : '—')}
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
  if (!r || !r.targetType) return null;
  return (
    <Box>
      <Typography variant="body2" component="div">
        {TARGET_TYPE_LABELS[r.targetType] ?? r.targetType}
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
  <List<AuditEventRecord> title="Audit log" filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<AuditPagination />}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="id" label="#" />
      <DataTable.Col source="createdAt" label="When" field={DateTimeField} />
      <DataTable.Col source="action" field={ActionField} />
      <DataTable.Col source="actorEmail" label="Actor" field={ActorField} disableSort />
      <DataTable.Col source="targetType" label="Target" field={TargetField} disableSort />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="ticketId" label="Ticket" field={TicketField} disableSort />
    </DataTable>
  </List>
);

// --- show ---

const Detail = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Box data-testid={testId}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
      {children}
    </Typography>
  </Box>
);

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
  const { data: prev, isPending, error } = useGetOne<AuditEventRecord>('audit-events', { id: prevId }, { enabled: !first && prevId > 0, retry: false });
  if (first) return <Typography variant="body2">The first event of the chain (its previous hash is all zeros).</Typography>;
  if (isPending && !error) return <Typography variant="body2" color="text.secondary">Checking the link to event #{prevId}…</Typography>;
  if (error || !prev) {
    return (
      <Typography variant="body2" color="text.secondary">
        Event #{prevId} cannot be shown here (outside your organizations, or a gap in the numbering), so this link is not checked in the console.
      </Typography>
    );
  }
  const ok = prev.hash === event.prevHash;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="audit-chain-link">
      <Chip size="small" color={ok ? 'success' : 'error'} label={ok ? 'Linked' : 'Broken link'} />
      <Typography variant="body2">
        {ok ? 'Matches the hash stored by ' : 'Does not match the hash stored by '}
        <RouterLink to={`/audit-events/${prevId}/show`}>event #{prevId}</RouterLink>
        {ok ? '.' : '. Run npm run audit:verify to find the first broken event.'}
      </Typography>
    </Stack>
  );
};

const AuditEventPage = () => {
  const e = useRecordContext<AuditEventRecord>();
  if (!e) return null;
  const label = auditActionLabel(e.action);
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
              <Detail label="When">
                <DateTimeField source="createdAt" />
                <Typography variant="caption" component="div" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                  {e.createdAt}
                </Typography>
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="Actor" testId="audit-event-actor">
                {e.actorEmail ?? (e.actorRole === 'system' ? 'System' : '—')}
                <Typography variant="caption" component="div" color="text.secondary">
                  {actorRoleLabel(e.actorRole)}
                  {e.actorId && (
                    <>
                      {' · '}
                      <RouterLink to={auditListPath({ actorId: e.actorId })}>all events by this actor</RouterLink>
                    </>
                  )}
                </Typography>
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="Target" testId="audit-event-target">
                {e.targetType ? (TARGET_TYPE_LABELS[e.targetType] ?? e.targetType) : '—'}
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
                    <RouterLink to={auditListPath({ targetType: e.targetType, targetId: e.targetId })}>all events about it</RouterLink>
                  </Typography>
                )}
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="Organization">{e.organizationId ? <OrganizationField source="organizationId" /> : '—'}</Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="Ticket">{e.ticketId ? <ReferenceField source="ticketId" reference="tickets" link="show" /> : '—'}</Detail>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Detail label="Request ID · IP">
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
            What changed
          </Typography>
          <DiffTable before={e.before} after={e.after} />
        </CardContent>
      </Card>

      <Card variant="outlined" data-testid="audit-integrity">
        <CardContent>
          <Typography variant="subtitle1" component="h2">
            Integrity
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
            Event #{e.id} of the append-only log. Its hash covers its content and the previous event's hash, so editing or removing any earlier
            event breaks the chain; <code>npm run audit:verify</code> recomputes the whole chain and names the first broken event.
          </Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 6 }}>
              <Detail label="Previous event's hash">
                <Hash value={e.prevHash} testId="audit-prev-hash" />
              </Detail>
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Detail label="This event's hash">
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
  return <>{r ? `Audit event #${r.id}` : 'Audit event'}</>;
};

const ShowActions = () => (
  <TopToolbar>
    <ListButton label="Audit log" />
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
