import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, Grid, Skeleton, Stack, Typography } from '@mui/material';
import { LinkBase, useGetIdentity, useGetList, useNotify, usePermissions } from 'react-admin';
import { FAILURE_REASON_LABELS, PORTAL_IDS, PORTAL_NAMES, type FailureReason, type Preflight } from '../../../shared/index.js';
import { fetchSignInPreflight } from '../diagnosis/api';
import { diagnosisLink } from '../diagnosis/DiagnosisPage';
import { errorMessage } from '../providers/http';
import type { Permissions } from '../providers/authProvider';
import type { LoginAttempt } from '../types';
import { decideInvitationRequest } from '../tickets/api';
import { formatTime } from '../tickets/fields';

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
  const [results, setResults] = useState<Preflight[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all(PORTAL_IDS.map((p) => fetchSignInPreflight(p, organizationId, ctrl.signal))).then(setResults, (e) => !ctrl.signal.aborted && setError(errorMessage(e)));
    return () => ctrl.abort();
  }, [organizationId]);
  const failing = (results ?? []).flatMap((p) => p.accounts.filter((a) => !a.canSignIn).map((a) => ({ ...a, portal: p.portal })));
  return (
    <Card variant="outlined" data-testid="cannot-sign-in">
      <CardHeader title={`Who cannot sign in now${results?.[0] ? ` — ${results[0].organizationName}` : ''}`} slotProps={{ title: { variant: 'h6' } }} subheader="Every portal account through the sign-in rules, as of now" />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error">{error}</Alert>
        ) : !results ? (
          <Skeleton variant="rounded" height={100} />
        ) : failing.length === 0 ? (
          <Typography color="text.secondary">Everyone can sign in.</Typography>
        ) : (
          <Stack spacing={1}>
            {failing.map((a) => (
              <Box key={`${a.portal}-${a.id}`} data-testid="cannot-sign-in-row">
                <LinkBase to={diagnosisLink(a.portal, organizationId, a.email)}>
                  {a.name} &lt;{a.email}&gt;
                </LinkBase>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  via {PORTAL_NAMES[a.portal]}
                </Typography>
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
                  {a.failures.map((f) => (
                    <Chip key={f} size="small" color="error" variant="outlined" label={FAILURE_REASON_LABELS[f as FailureReason]} />
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
  return (
    <Card variant="outlined" data-testid="latest-failures">
      <CardHeader title="Latest failed sign-ins" slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        {isPending ? (
          <Skeleton variant="rounded" height={100} />
        ) : error ? (
          <Alert severity="error">{errorMessage(error)}</Alert>
        ) : !data?.length ? (
          <Typography color="text.secondary">No failed sign-ins.</Typography>
        ) : (
          <Stack spacing={1}>
            {data.map((a) => (
              <Box key={a.id}>
                <LinkBase to={`/login-attempts/${encodeURIComponent(a.id)}/show`}>{a.email}</LinkBase>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  {formatTime(a.createdAt)} · {PORTAL_NAMES[a.portalId]} · {a.reasons.map((r) => FAILURE_REASON_LABELS[r as FailureReason]).join(', ')}
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
  const { identity } = useGetIdentity();
  const { data, refetch, isPending } = useGetList<InvitationRequestRecord>('invitation-requests', { pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' }, filter: { status: 'pending' } }, { enabled: !!identity });
  const decide = async (r: InvitationRequestRecord, confirm: boolean) => {
    try {
      await decideInvitationRequest(r.id, confirm);
      notify(confirm ? `Invitation sent to ${r.email}` : 'Request rejected', { type: 'info' });
      void refetch();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    }
  };
  return (
    <Card variant="outlined" data-testid="invitation-requests">
      <CardHeader title="Invitations to confirm" slotProps={{ title: { variant: 'h6' } }} subheader="Customer service asked to invite these callers: confirm only people of your organization" />
      <CardContent sx={{ pt: 0 }}>
        {isPending ? (
          <Skeleton variant="rounded" height={60} />
        ) : !data?.length ? (
          <Typography color="text.secondary">Nothing waiting.</Typography>
        ) : (
          <Stack spacing={1}>
            {data.map((r) => (
              <Stack key={r.id} direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }} data-testid="invitation-request">
                <Typography variant="body2" sx={{ flex: 1, overflowWrap: 'anywhere' }}>
                  {r.displayName} &lt;{r.email}&gt; · {formatTime(r.createdAt)}
                </Typography>
                <Button size="small" variant="contained" onClick={() => decide(r, true)} data-testid="invitation-confirm">
                  Confirm and invite
                </Button>
                <Button size="small" color="inherit" onClick={() => decide(r, false)}>
                  Reject
                </Button>
              </Stack>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
