import { useMemo, useState } from 'react';
import PolicyIcon from '@mui/icons-material/Policy';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Box, IconButton, Toolbar, Typography } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  List,
  Pagination,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextInput,
  useListContext,
  useListFilterContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Choice } from '../common/choices';
import { DateTimeField, OrganizationField } from '../common/fields';
import { OrganizationInput, SearchFilter } from '../common/inputs';
import { formatNumber } from '../i18n/format';
import { AUDIT_ACTION_CHOICES, auditActionKey, TARGET_TYPE_CHOICES, targetTypeKey } from './actions';
import { AuditEventShow } from './show';
import { useActorRole, useLabel, type AuditEventRecord } from './labels';

export { auditListPath, type AuditEventRecord } from './labels';

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

export const auditEvents = {
  list: AuditEventList,
  show: AuditEventShow,
  icon: PolicyIcon,
  recordRepresentation: (r: AuditEventRecord) => `#${r.id}`,
};
