import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, Grid, Skeleton, Stack, Typography } from '@mui/material';
import { LinkBase, useGetIdentity, useGetList, useLocaleState, useNotify, usePermissions, useTranslate } from 'react-admin';
import { PORTAL_IDS, PORTAL_NAMES, type PortalId, type Preflight } from '../../../shared/index.js';
import { reasonKey } from '../common/choices';
import { fetchSignInPreflight } from '../diagnosis/api';
import { diagnosisLink } from '../diagnosis/DiagnosisPage';
import { formatDateTime } from '../i18n/format';
import { errorKey } from '../providers/http';
import type { Permissions } from '../providers/authProvider';
import type { LoginAttempt } from '../types';
import { decideInvitationRequest } from '../tickets/api';

/** An org admin's dashboard: who cannot sign in now (the preflight), the latest failures, invitations to confirm. */
export const OrgAdminPanel = () => {
  const { permissions } = usePermissions<Permissions>();
  const orgIds = permissions?.organizationIds ?? [];
  return (
    <Grid container spacing={2}>
      {orgIds.map((id) => (
        <Grid key={id} size={{ xs: 12, lg: 6 }}>
          <CannotSignIn organizationId={id} />
        </Grid>
      ))}
      <Grid size={{ xs: 12, lg: 6 }}>
        <LatestFailures />
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        <InvitationRequests />
      </Grid>
    </Grid>
  );
};

const CannotSignIn = ({ organizationId }: { organizationId: string }) => {
  const translate = useTranslate();
  const [results, setResults] = useState<Preflight[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all(PORTAL_IDS.map((p) => fetchSignInPreflight(p, organizationId, ctrl.signal))).then(setResults, (e) => !ctrl.signal.aborted && setError(errorKey(e)));
    return () => ctrl.abort();
  }, [organizationId]);
  const failing = (results ?? []).flatMap((p) => p.accounts.filter((a) => !a.canSignIn).map((a) => ({ ...a, portal: p.portal })));
  return (
    <Card variant="outlined" data-testid="cannot-sign-in">
      <CardHeader
        title={results?.[0] ? translate('app.work.cannotSignInAt', { organization: results[0].organizationName }) : translate('app.work.cannotSignIn')}
        slotProps={{ title: { variant: 'h6' } }}
        subheader={translate('app.work.cannotSignInSub')}
      />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error">{translate(error)}</Alert>
        ) : !results ? (
          <Skeleton variant="rounded" height={100} />
        ) : failing.length === 0 ? (
          <Typography color="text.secondary">{translate('app.work.everyoneCanSignIn')}</Typography>
        ) : (
          <Stack spacing={1}>
            {failing.map((a) => (
              <Box key={`${a.portal}-${a.id}`} data-testid="cannot-sign-in-row">
                <LinkBase to={diagnosisLink(a.portal, organizationId, a.email)}>
                  {`${a.name} <${a.email}>`}
                </LinkBase>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  {translate('app.work.via', { portal: PORTAL_NAMES[a.portal] })}
                </Typography>
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
                  {a.failures.map((f) => (
                    <Chip key={f} size="small" color="error" variant="outlined" label={translate(reasonKey(f))} />
                  ))}
                </Stack>
              </Box>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};

const LatestFailures = () => {
  const { data, isPending, error } = useGetList<LoginAttempt>('login-attempts', { pagination: { page: 1, perPage: 8 }, sort: { field: 'createdAt', order: 'DESC' }, filter: { result: 'failure' } });
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Card variant="outlined" data-testid="latest-failures">
      <CardHeader title={translate('app.work.latestFailures')} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        {isPending ? (
          <Skeleton variant="rounded" height={100} />
        ) : error ? (
          <Alert severity="error">{translate(errorKey(error))}</Alert>
        ) : !data?.length ? (
          <Typography color="text.secondary">{translate('app.work.noFailures')}</Typography>
        ) : (
          <Stack spacing={1}>
            {data.map((a) => (
              <Box key={a.id}>
                <LinkBase to={`/login-attempts/${encodeURIComponent(a.id)}/show`}>{a.email}</LinkBase>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  {formatDateTime(a.createdAt, locale)} · {PORTAL_NAMES[a.portalId as PortalId] ?? a.portalId} · {a.reasons.map((r) => translate(reasonKey(r))).join(', ')}
                </Typography>
              </Box>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};

interface InvitationRequestRecord {
  id: string;
  email: string;
  displayName: string;
  status: string;
  createdAt: string;
}

const InvitationRequests = () => {
  const notify = useNotify();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { identity } = useGetIdentity();
  const { data, refetch, isPending } = useGetList<InvitationRequestRecord>('invitation-requests', { pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' }, filter: { status: 'pending' } }, { enabled: !!identity });
  const decide = async (r: InvitationRequestRecord, confirm: boolean) => {
    try {
      await decideInvitationRequest(r.id, confirm);
      notify(confirm ? 'app.work.invitationSent' : 'app.work.requestRejected', { type: 'info', messageArgs: { email: r.email } });
      void refetch();
    } catch (e) {
      notify(errorKey(e), { type: 'error' });
    }
  };
  return (
    <Card variant="outlined" data-testid="invitation-requests">
      <CardHeader title={translate('app.work.invitationsTitle')} slotProps={{ title: { variant: 'h6' } }} subheader={translate('app.work.invitationsSub')} />
      <CardContent sx={{ pt: 0 }}>
        {isPending ? (
          <Skeleton variant="rounded" height={60} />
        ) : !data?.length ? (
          <Typography color="text.secondary">{translate('app.work.nothingWaiting')}</Typography>
        ) : (
          <Stack spacing={1}>
            {data.map((r) => (
              <Stack key={r.id} direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }} data-testid="invitation-request">
                <Typography variant="body2" sx={{ flex: 1, overflowWrap: 'anywhere' }}>
                  {`${r.displayName} <${r.email}> · ${formatDateTime(r.createdAt, locale)}`}
                </Typography>
                <Button size="small" variant="contained" onClick={() => void decide(r, true)} data-testid="invitation-confirm">
                  {translate('app.work.confirmInvite')}
                </Button>
                <Button size="small" color="inherit" onClick={() => void decide(r, false)}>
                  {translate('app.work.reject')}
                </Button>
              </Stack>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
