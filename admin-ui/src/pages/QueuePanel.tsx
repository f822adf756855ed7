import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, Skeleton, Stack, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useNavigate } from 'react-router-dom';
import { useGetIdentity, useNotify } from 'react-admin';
import { TICKET_CHANNEL_LABELS } from '../../../shared/index.js';
import { httpClient, errorMessage } from '../providers/http';
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

const SECTIONS = [
  { key: 'unassigned', label: 'Unassigned' },
  { key: 'mine', label: 'Mine' },
  { key: 'waiting', label: 'Waiting for the person' },
  { key: 'resolvedToday', label: 'Resolved today' },
] as const;

const QUEUE_POLL_MS = 10_000;

function age(iso: string): string {
  const min = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${min % 60} min`;
  return `${Math.floor(min / 1440)} d`;
}

/** The agent's queue: one click opens a ticket; Take assigns it. */
export const QueuePanel = () => {
  const queue = usePolled((signal) => httpClient('/api/tickets/queue', { signal }).then((r) => r.json as Queue), [], QUEUE_POLL_MS);
  const [tab, setTab] = useState<(typeof SECTIONS)[number]['key']>('unassigned');
  const navigate = useNavigate();
  const notify = useNotify();
  const { identity } = useGetIdentity();
  const take = async (t: TicketRecord) => {
    try {
      await updateTicket(t.id, { assigneeId: String(identity?.id) });
      notify(`#${t.number} is yours`, { type: 'info' });
      queue.reload();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    }
  };
  const data = queue.data;
  const rows = data?.[tab].tickets ?? [];
  return (
    <Card variant="outlined" data-testid="queue">
      <CardHeader
        title="Queue"
        slotProps={{ title: { variant: 'h6' } }}
        subheader={data ? (data.missedTargets ? `${data.missedTargets} past their first-response target` : 'Every ticket within its first-response target') : undefined}
      />
      <CardContent sx={{ pt: 0 }}>
        <Tabs value={tab} onChange={(_, v) => setTab(v)} variant="scrollable" allowScrollButtonsMobile sx={{ mb: 1 }}>
          {SECTIONS.map((s) => (
            <Tab key={s.key} value={s.key} label={`${s.label}${data ? ` (${data[s.key].total})` : ''}`} data-testid={`queue-tab-${s.key}`} />
          ))}
        </Tabs>
        {!data ? (
          queue.error ? <Alert severity="error">{errorMessage(queue.error)}</Alert> : <Skeleton variant="rounded" height={120} />
        ) : rows.length === 0 ? (
          <Typography color="text.secondary" sx={{ py: 2 }}>
            Nothing here.
          </Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Ticket</TableCell>
                  <TableCell>Person</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Organization</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Channel</TableCell>
                  <TableCell>Age</TableCell>
                  <TableCell>First response</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((t) => (
                  <TableRow key={t.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/tickets/${encodeURIComponent(t.id)}/show`)} data-testid="queue-row" data-number={t.number}>
                    <TableCell>
                      <Stack spacing={0.5}>
                        <Typography variant="body2">
                          <strong>#{t.number}</strong> <TicketSubject subject={t.subject} />
                        </Typography>
                        <Stack direction="row" spacing={0.5}>
                          <TicketStatusLabel status={t.status} />
                          {t.phoneLost && <Chip size="small" color="warning" label="Phone lost" />}
                        </Stack>
                      </Stack>
                    </TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>{t.identityName ?? t.identityEmail ?? (t.callerEmail ? `${t.callerEmail} (claimed)` : '—')}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t.organizationName ?? '—'}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{TICKET_CHANNEL_LABELS[t.channel] ?? t.channel}</TableCell>
                    <TableCell>{age(t.createdAt)}</TableCell>
                    <TableCell>
                      <FirstResponse ticket={t} />
                    </TableCell>
                    <TableCell onClick={(e) => e.stopPropagation()}>
                      {tab !== 'resolvedToday' && t.assigneeId !== String(identity?.id ?? '') && (
                        <Button size="small" variant="outlined" onClick={() => take(t)} data-testid="queue-take">
                          Take
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
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="agent-load">
      <CardHeader title="Agents' load" slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0, overflowX: 'auto' }}>
        {!load.data ? (
          load.error ? <Alert severity="error">{errorMessage(load.error)}</Alert> : <Skeleton variant="rounded" height={80} />
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Agent</TableCell>
                <TableCell align="right">Open</TableCell>
                <TableCell align="right">Waiting</TableCell>
                <TableCell align="right">Resolved today</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Oldest open</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {load.data.map((a) => (
                <TableRow key={a.agentId}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{a.name}</TableCell>
                  <TableCell align="right">{a.open}</TableCell>
                  <TableCell align="right">{a.waiting}</TableCell>
                  <TableCell align="right">{a.resolvedToday}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{a.oldestOpenAt ? age(a.oldestOpenAt) : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};
