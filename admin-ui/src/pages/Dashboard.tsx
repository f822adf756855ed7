import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Box, Card, CardActionArea, CardContent, CardHeader, Grid, Skeleton, Stack, Typography } from '@mui/material';
import BadgeIcon from '@mui/icons-material/Badge';
import BusinessIcon from '@mui/icons-material/Business';
import PersonOffIcon from '@mui/icons-material/PersonOff';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LinkBase, Title, useDataProvider, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { LoadPanel, QueuePanel } from './QueuePanel';
import { OrgAdminPanel } from './OrgAdminPanel';
import { FAILURE_REASONS, LoginResult } from '../../../shared/index.js';
import { REASON_COLORS } from '../common/choices';
import type { AccessDeskDataProvider, LoginFailureStats } from '../providers/dataProvider';
import { errorKey, errorStatus } from '../providers/http';
import { formatNumber } from '../i18n/format';

const DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export const Dashboard = () => {
  // Computed once per visit so that the count's query (and its cache key) stays put.
  const [since] = useState(() => new Date(Date.now() - DAYS * DAY_MS).toISOString());
  const { permissions } = usePermissions<Permissions>();
  const roles = permissions?.roles;
  const translate = useTranslate();

  return (
    <Box sx={{ py: 2 }}>
      <Title title={translate('ra.page.dashboard')} />
      {can(roles, 'tickets.queue') && (
        <Box sx={{ mb: 2 }}>
          <QueuePanel />
          {can(roles, 'tickets.load') && <LoadPanel />}
        </Box>
      )}
      {!can(roles, 'tickets.queue') && can(roles, 'invitation-requests.decide') && (
        <Box sx={{ mb: 2 }}>
          <OrgAdminPanel />
        </Box>
      )}
      <Grid container spacing={2}>
        <CountCard title={translate('app.dashboard.organizations')} resource="organizations" icon={<BusinessIcon />} />
        <CountCard title={translate('app.dashboard.severaUsers')} resource="severa-users" icon={<BadgeIcon />} />
        <CountCard title={translate('app.dashboard.inactiveUsers')} resource="severa-users" filter={{ active: false }} icon={<PersonOffIcon />} />
        <CountCard
          title={translate('app.dashboard.failedLogins', { days: DAYS })}
          resource="login-attempts"
          filter={{ result: LoginResult.FAILURE, createdAt_gte: since }}
          icon={<ReportProblemIcon />}
        />
      </Grid>
      <FailuresByReason days={DAYS} />
    </Box>
  );
};

// --- counts ---

interface CountCardProps {
  title: string;
  resource: string;
  filter?: Record<string, unknown>;
  icon: ReactNode;
}

/** A capped list's lower bound (`meta.totalAtLeast`), or 0. */
const totalAtLeast = (meta: unknown): number => {
  const v = meta && typeof meta === 'object' ? (meta as { totalAtLeast?: unknown }).totalAtLeast : undefined;
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
};

/** The total of a list (one-row page, `Content-Range` total), linking to that list with the same filter. */
const CountCard = ({ title, resource, filter = {}, icon }: CountCardProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const list = useGetList<{ id: string }>(resource, {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'ASC' },
    filter,
  });
  const { total, isPending, error } = list;
  const meta: unknown = list.meta;
  const search = Object.keys(filter).length ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : '';

  return (
    <Grid size={{ xs: 12, sm: 6, lg: 3 }}>
      <Card variant="outlined" sx={{ height: '100%' }}>
        <CardActionArea component={LinkBase} to={`/${resource}${search}`} sx={{ height: '100%' }}>
          <CardContent>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Box sx={{ color: 'primary.main', display: 'flex' }}>{icon}</Box>
              <Box>
                <Typography variant="body2" color="text.secondary">
                  {title}
                </Typography>
                <Typography variant="h4" component="p" title={error ? translate(errorKey(error)) : undefined}>
                  {isPending ? <Skeleton width={64} /> : error ? '—' : totalAtLeast(meta) ? translate('app.dashboard.moreThan', { count: formatNumber(totalAtLeast(meta), locale) }) : formatNumber(total ?? 0, locale)}
                </Typography>
              </Box>
            </Stack>
          </CardContent>
        </CardActionArea>
      </Card>
    </Grid>
  );
};

// --- chart ---

type StatsState =
  | { state: 'loading' }
  | { state: 'ready'; stats: LoginFailureStats }
  | { state: 'unavailable' }
  | { state: 'error'; key: string };

function useLoginFailureStats(days: number): StatsState {
  const dataProvider = useDataProvider<AccessDeskDataProvider>();
  const [result, setResult] = useState<StatsState>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    dataProvider.getLoginFailureStats(days, controller.signal).then(
      (stats) => setResult({ state: 'ready', stats }),
      (error) => {
        if (controller.signal.aborted) return;
        setResult(errorStatus(error) === 404 ? { state: 'unavailable' } : { state: 'error', key: errorKey(error) });
      },
    );
    return () => controller.abort();
  }, [dataProvider, days]);

  return result;
}

/** A day of the chart (`YYYY-MM-DD`, a calendar day: no time zone) as the locale writes a short date. */
const shortDate = (day: string, locale: string) => {
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
};

const FailuresByReason = ({ days }: { days: number }) => {
  const result = useLoginFailureStats(days);
  const translate = useTranslate();
  const [locale] = useLocaleState();

  const rows = useMemo(() => {
    if (result.state !== 'ready') return [];
    return result.stats.days.map((d) => {
      const row: Record<string, string | number> = { date: d.date };
      for (const reason of FAILURE_REASONS) row[reason] = Number(d.counts?.[reason] ?? 0);
      return row;
    });
  }, [result]);
  const anyFailures = rows.some((r) => FAILURE_REASONS.some((reason) => Number(r[reason]) > 0));

  let body: ReactNode;
  if (result.state === 'loading') {
    body = <Skeleton variant="rounded" height={320} />;
  } else if (result.state === 'error') {
    body = <Alert severity="warning">{translate('app.dashboard.statsError', { message: translate(result.key) })}</Alert>;
  } else if (result.state === 'unavailable' || !anyFailures) {
    body = (
      <Box sx={{ height: 200, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Typography color="text.secondary">
          {result.state === 'unavailable' ? translate('app.dashboard.statsUnavailable') : translate('app.dashboard.noFailures', { days })}
        </Typography>
      </Box>
    );
  } else {
    body = (
      <Box sx={{ width: '100%', height: 320 }}>
        <ResponsiveContainer>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={(d) => shortDate(String(d), locale)} />
            <YAxis allowDecimals={false} />
            <Tooltip labelFormatter={(label) => shortDate(typeof label === 'string' ? label : String(label as number), locale)} />
            <Legend itemSorter={null} />
            {FAILURE_REASONS.map((reason) => (
              <Bar key={reason} dataKey={reason} name={translate(`app.common.reason.${reason}`)} stackId="failures" fill={REASON_COLORS[reason]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Box>
    );
  }

  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader title={translate('app.dashboard.byReason', { days })} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent>{body}</CardContent>
    </Card>
  );
};
