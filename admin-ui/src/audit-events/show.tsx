import type { ReactNode } from 'react';
import { Box, Card, CardContent, Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { ListButton, ReferenceField, Show, TopToolbar, useGetOne, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField, OrganizationField } from '../common/fields';
import { mark, Rich } from '../common/rich';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import { auditActionKey, TARGET_ROUTES, targetTypeKey } from './actions';
import { DiffTable } from './diff';
import { Detail } from '../common/Detail';
import { auditListPath, GENESIS_HASH, TARGET_NAMED, useActorRole, useLabel, VERIFY_COMMAND, type AuditEventRecord } from './labels';

// --- the event page ---

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
