import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, Skeleton, Stack, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useNavigate } from 'react-router-dom';
import { useGetIdentity, useNotify, useTranslate, type TranslateFunction } from 'react-admin';
import { httpClient, errorKey } from '../providers/http';
import { updateTicket, usePolled, type TicketRecord } from '../tickets/api';
import { FirstResponse } from '../tickets/FirstResponse';
import { TicketStatusLabel, TicketSubject } from '../tickets/fields';

interface Section {
  total: number;
  tickets: TicketRecord[];
}
interface Queue {
  unassigned: Section;
  mine: Section;
  waiting: Section;
  resolvedToday: Section;
  missedTargets: number;
  firstResponseMinutes: Record<string, number>;
}
interface AgentLoad {
  agentId: string;
  email: string;
  name: string;
  open: number;
  waiting: number;
  resolvedToday: number;
  oldestOpenAt: string | null;
}

/** The queue's tabs, named by `app.work.section.<key>`. */
const SECTIONS = ['unassigned', 'mine', 'waiting', 'resolvedToday'] as const;

const QUEUE_POLL_MS = 10_000;

function age(iso: string, translate: TranslateFunction): string {
  const min = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
  if (min < 60) return translate('app.work.minutes', { min });
  if (min < 48 * 60) return translate('app.work.hoursMinutes', { h: Math.floor(min / 60), min: min % 60 });
  return translate('app.work.days', { smart_count: Math.floor(min / 1440) });
}

/** The agent's queue: one click opens a ticket; Take assigns it. */
export const QueuePanel = () => {
  const queue = usePolled((signal) => httpClient('/api/tickets/queue', { signal }).then((r) => r.json as Queue), [], QUEUE_POLL_MS);
  const [tab, setTab] = useState<(typeof SECTIONS)[number]>('unassigned');
  const translate = useTranslate();
  const navigate = useNavigate();
  const notify = useNotify();
  const { identity } = useGetIdentity();
  const take = async (t: TicketRecord) => {
    try {
      await updateTicket(t.id, { assigneeId: String(identity?.id) });
      notify('app.work.yours', { type: 'info', messageArgs: { number: t.number } });
      queue.reload();
    } catch (e) {
      notify(errorKey(e), { type: 'error' });
    }
  };
  const data = queue.data;
  const rows = data?.[tab].tickets ?? [];
  return (
    <Card variant="outlined" data-testid="queue">
      <CardHeader
        title={translate('app.work.queue')}
        slotProps={{ title: { variant: 'h6' } }}
        subheader={data ? (data.missedTargets ? translate('app.work.missedTargets', { smart_count: data.missedTargets }) : translate('app.work.withinTargets')) : undefined}
      />
      <CardContent sx={{ pt: 0 }}>
        <Tabs value={tab} onChange={(_, v: typeof tab) => setTab(v)} variant="scrollable" allowScrollButtonsMobile sx={{ mb: 1 }}>
          {SECTIONS.map((s) => {
            const label = translate(`app.work.section.${s}`);
            return <Tab key={s} value={s} label={data ? translate('app.work.tabCount', { label, count: data[s].total }) : label} data-testid={`queue-tab-${s}`} />;
          })}
        </Tabs>
        {!data ? (
          queue.error ? <Alert severity="error">{translate(errorKey(queue.error))}</Alert> : <Skeleton variant="rounded" height={120} />
        ) : rows.length === 0 ? (
          <Typography color="text.secondary" sx={{ py: 2 }}>
            {translate('app.work.nothingHere')}
          </Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('app.work.ticket')}</TableCell>
                  <TableCell>{translate('app.work.person')}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{translate('app.work.organization')}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate('app.work.channel')}</TableCell>
                  <TableCell>{translate('app.work.age')}</TableCell>
                  <TableCell>{translate('app.work.firstResponse')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((t) => (
                  <TableRow key={t.id} hover sx={{ cursor: 'pointer' }} onClick={() => void navigate(`/tickets/${encodeURIComponent(t.id)}/show`)} data-testid="queue-row" data-number={t.number}>
                    <TableCell>
                      <Stack spacing={0.5}>
                        <Typography variant="body2">
                          <strong>#{t.number}</strong> <TicketSubject subject={t.subject} />
                        </Typography>
                        <Stack direction="row" spacing={0.5}>
                          <TicketStatusLabel status={t.status} />
                          {t.phoneLost && <Chip size="small" color="warning" label={translate('app.work.phoneLost')} />}
                        </Stack>
                      </Stack>
                    </TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>{t.identityName ?? t.identityEmail ?? (t.callerEmail ? translate('app.work.claimed', { email: t.callerEmail }) : '—')}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t.organizationName ?? '—'}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate(`app.work.channels.${t.channel}`, { _: t.channel })}</TableCell>
                    <TableCell>{age(t.createdAt, translate)}</TableCell>
                    <TableCell>
                      <FirstResponse ticket={t} />
                    </TableCell>
                    <TableCell onClick={(e) => e.stopPropagation()}>
                      {tab !== 'resolvedToday' && t.assigneeId !== String(identity?.id ?? '') && (
                        <Button size="small" variant="outlined" onClick={() => void take(t)} data-testid="queue-take">
                          {translate('app.work.take')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

/** Supervisors: every agent's load. */
export const LoadPanel = () => {
  const load = usePolled((signal) => httpClient('/api/tickets/load', { signal }).then((r) => r.json as AgentLoad[]), [], QUEUE_POLL_MS);
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="agent-load">
      <CardHeader title={translate('app.work.load')} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0, overflowX: 'auto' }}>
        {!load.data ? (
          load.error ? <Alert severity="error">{translate(errorKey(load.error))}</Alert> : <Skeleton variant="rounded" height={80} />
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.work.agent')}</TableCell>
                <TableCell align="right">{translate('app.work.open')}</TableCell>
                <TableCell align="right">{translate('app.work.waiting')}</TableCell>
                <TableCell align="right">{translate('app.work.resolvedToday')}</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{translate('app.work.oldestOpen')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {load.data.map((a) => (
                <TableRow key={a.agentId}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{a.name}</TableCell>
                  <TableCell align="right">{a.open}</TableCell>
                  <TableCell align="right">{a.waiting}</TableCell>
                  <TableCell align="right">{a.resolvedToday}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{a.oldestOpenAt ? age(a.oldestOpenAt, translate) : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};
