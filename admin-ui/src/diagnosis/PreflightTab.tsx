import { useEffect, useState } from 'react';
import { Alert, Box, Chip, Skeleton, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { LinkBase, RecordContextProvider, useRecordContext, useTranslate } from 'react-admin';
import { FAILURE_REASONS, PORTAL_IDS, PORTAL_NAMES, type PortalId, type Preflight } from '../../../shared/index.js';
import { reasonColor } from '../common/choices';
import { ReasonChips } from '../common/fields';
import { errorKey } from '../providers/http';
import type { Organization } from '../types';
import { fetchSignInPreflight } from './api';
import { diagnosisLink } from './path';

type State = { state: 'loading' } | { state: 'ready'; preflight: Preflight } | { state: 'error'; key: string };

/** Organization show page → Preflight: every portal account through the sign-in rules, with counts per failing check. */
export const SignInPreflightTab = () => {
  const organization = useRecordContext<Organization>();
  const translate = useTranslate();
  const [portal, setPortal] = useState<PortalId>('myvisma' as PortalId);
  const [result, setResult] = useState<State>({ state: 'loading' });

  useEffect(() => {
    if (!organization) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    fetchSignInPreflight(portal, organization.id, controller.signal).then(
      (preflight) => setResult({ state: 'ready', preflight }),
      (e) => !controller.signal.aborted && setResult({ state: 'error', key: errorKey(e) }),
    );
    return () => controller.abort();
  }, [organization, portal]);

  if (!organization) return null;
  return (
    <Box sx={{ width: '100%' }} data-testid="sign-in-preflight">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap' }} useFlexGap>
        <ToggleButtonGroup size="small" exclusive value={portal} onChange={(_, v: PortalId | null) => v && setPortal(v)}>
          {PORTAL_IDS.map((id) => (
            <ToggleButton key={id} value={id}>
              {PORTAL_NAMES[id]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Typography variant="body2" color="text.secondary">
          {translate('app.diagnosisPage.preflight.intro', { portal: PORTAL_NAMES[portal], org: organization.name })}
        </Typography>
      </Stack>
      {result.state === 'loading' && <Skeleton variant="rounded" height={200} />}
      {result.state === 'error' && <Alert severity="error">{translate(result.key)}</Alert>}
      {result.state === 'ready' && <PreflightView preflight={result.preflight} />}
    </Box>
  );
};

const PreflightView = ({ preflight: p }: { preflight: Preflight }) => {
  const translate = useTranslate();
  return (
  <>
    <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }} useFlexGap data-testid="preflight-counts">
      <Chip color="success" variant="outlined" label={translate('app.diagnosisPage.preflight.canSignIn', { count: p.canSignIn })} />
      <Chip color="error" variant="outlined" label={translate('app.diagnosisPage.preflight.cannot', { count: p.cannotSignIn })} />
      {FAILURE_REASONS.filter((r) => p.counts[r] > 0).map((r) => (
        <Chip key={r} size="small" label={translate('app.diagnosisPage.preflight.reasonCount', { reason: translate(`app.common.reason.${r}`), count: p.counts[r] })} sx={{ bgcolor: reasonColor(r), color: '#fff' }} />
      ))}
    </Stack>
    {p.total === 0 ? (
      <Typography color="text.secondary">{translate('app.diagnosisPage.preflight.noAccounts', { portal: PORTAL_NAMES[p.portal] })}</Typography>
    ) : (
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.diagnosisPage.preflight.portalEmail')}</TableCell>
            <TableCell>{translate('app.diagnosisPage.name')}</TableCell>
            <TableCell>{translate('app.diagnosisPage.preflight.canSignInColumn')}</TableCell>
            <TableCell>{translate('app.diagnosisPage.failingChecks')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {p.accounts.map((a) => (
            <TableRow key={a.id}>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'pre' }}>{a.email}</TableCell>
              <TableCell>{a.name}</TableCell>
              <TableCell>
                <Chip size="small" variant="outlined" color={a.canSignIn ? 'success' : 'error'} label={a.canSignIn ? translate('app.common.yes') : translate('app.common.no')} />
              </TableCell>
              <TableCell>
                <RecordContextProvider value={{ reasons: a.failures }}>
                  <ReasonChips source="reasons" />
                </RecordContextProvider>
              </TableCell>
              <TableCell align="right">
                {!a.canSignIn && (
                  <LinkBase to={diagnosisLink(p.portal, p.organizationId, a.email)} style={{ fontSize: 14 }}>
                    {translate('app.diagnosisPage.preflight.why')}
                  </LinkBase>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    )}
  </>
  );
};
