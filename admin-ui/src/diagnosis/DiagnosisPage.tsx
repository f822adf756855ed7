import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  CircularProgress,
  List as MuiList,
  ListItem,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlined';
import { RecordContextProvider, Title, useGetList, useGetOne, useLocaleState, useLocation, useNavigate, usePermissions, useTranslate } from 'react-admin';
import {
  PORTAL_IDS,
  PORTAL_NAMES,
  type Diagnosis,
  type DiagnosisCheck,
  type NearMiss,
  type PortalId,
} from '../../../shared/index.js';
import { ReasonChips, ResultChip } from '../common/fields';
import type { Permissions } from '../providers/authProvider';
import { errorKey, errorStatus } from '../providers/http';
import { formatDateTime } from '../i18n/format';
import type { Organization } from '../types';
import { fetchDiagnosis } from './api';
import { ActionButton } from './ActionButton';
import { PeopleSearch } from './PeopleSearch';
import { PortalSide, useDiffersText, useVerdictText } from './PortalSide';
import { SimilarEmailsCard } from './SimilarEmails';
import { useDiagnosisText } from './Messages';
export { ConnectionCheckDialog, SecretOnceDialog } from './dialogs';

import { DIAGNOSIS_PATH } from './path';
import { StaffRole } from '../../../shared/roles.js';
import { CauseText } from '../common/cause';
export { DIAGNOSIS_PATH, diagnosisLink } from './path';


type Query = { portal: PortalId; organizationId: string; email: string };

function readQuery(search: string): Partial<Query> {
  const p = new URLSearchParams(search);
  const portal = p.get('portal');
  return {
    portal: PORTAL_IDS.includes(portal as PortalId) ? (portal as PortalId) : undefined,
    organizationId: p.get('organizationId') ?? undefined,
    email: p.get('email') ?? undefined,
  };
}

type Result = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; diagnosis: Diagnosis } | { state: 'error'; key: string };

/** "Why can't they sign in?": the five checks of the live hand-off for one portal account, with evidence and fixes. */
export const DiagnosisPage = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const fromUrl = useMemo(() => readQuery(location.search), [location.search]);

  const [portal, setPortal] = useState<PortalId>(fromUrl.portal ?? ('myvisma' as PortalId));
  const [organizationId, setOrganizationId] = useState<string | null>(fromUrl.organizationId ?? null);
  const [email, setEmail] = useState(fromUrl.email ?? '');
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const [version, setVersion] = useState(0);

  // Org admins of a single organization start with it picked.
  useEffect(() => {
    if (!organizationId && permissions?.organizationIds?.length === 1 && !permissions.roles.some((r) => r !== StaffRole.ORG_ADMIN)) setOrganizationId(permissions.organizationIds[0]);
  }, [permissions, organizationId]);

  // The URL is the query: links from elsewhere (preflights, near misses) open a diagnosis directly.
  useEffect(() => {
    if (fromUrl.portal) setPortal(fromUrl.portal);
    if (fromUrl.organizationId) setOrganizationId(fromUrl.organizationId);
    if (fromUrl.email !== undefined) setEmail(fromUrl.email);
  }, [fromUrl]);

  const query: Query | null = useMemo(
    () => (fromUrl.portal && fromUrl.organizationId && fromUrl.email ? { portal: fromUrl.portal, organizationId: fromUrl.organizationId, email: fromUrl.email } : null),
    [fromUrl.portal, fromUrl.organizationId, fromUrl.email],
  );

  useEffect(() => {
    if (!query) {
      setResult({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResult({ state: 'loading' });
    fetchDiagnosis(query.portal, query.organizationId, query.email, controller.signal).then(
      (diagnosis) => setResult({ state: 'ready', diagnosis }),
      (error) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'error', key: errorStatus(error) === 404 ? 'app.diagnosisPage.notFound' : errorKey(error) });
      },
    );
    return () => controller.abort();
  }, [query, version]);

  const run = useCallback(
    (q: Query) => {
      const target = `${DIAGNOSIS_PATH}?${new URLSearchParams(q).toString()}`;
      if (`${location.pathname}${location.search}` === target) setVersion((v) => v + 1);
      else navigate(target);
    },
    [navigate, location.pathname, location.search],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (organizationId && email.length > 0) run({ portal, organizationId, email });
  };

  return (
    <Box sx={{ py: 2, maxWidth: 1100 }}>
      <Title title={translate('app.layout.diagnosis')} />
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.diagnosisPage.intro')}
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', mb: 2 }}>
            <OrganizationPicker value={organizationId} onChange={setOrganizationId} />
            <Box sx={{ flex: 1, minWidth: 260 }}>
              <PeopleSearch
                organizationId={organizationId}
                portal={portal}
                onPick={(p, e) => {
                  setPortal(p);
                  setEmail(e);
                  if (organizationId) run({ portal: p, organizationId, email: e });
                }}
              />
            </Box>
          </Box>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('app.diagnosisPage.orType')}
          </Typography>
          <Box component="form" onSubmit={submit} noValidate sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <TextField
              select
              label={translate('app.diagnosisPage.portal')}
              value={portal}
              onChange={(e) => setPortal(e.target.value as PortalId)}
              fullWidth={false}
              sx={{ width: { xs: '100%', sm: 180 } }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'diagnosis-portal' } as object } }}
            >
              {PORTAL_IDS.map((id) => (
                <MenuItem key={id} value={id} data-testid={`diagnosis-portal-${id}`}>
                  {PORTAL_NAMES[id]}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={translate('app.diagnosisPage.email')}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              fullWidth={false}
              sx={{ minWidth: { xs: 0, sm: 320 }, width: { xs: '100%', sm: 'auto' }, flex: 1 }}
              slotProps={{ htmlInput: { 'data-testid': 'diagnosis-email', spellCheck: false, autoCapitalize: 'off', autoComplete: 'off' } }}
            />
            <Button type="submit" variant="contained" size="large" disabled={!organizationId || email.length === 0} data-testid="diagnosis-submit" sx={{ mt: 0.5 }}>
              {translate('app.diagnosisPage.diagnose')}
            </Button>
          </Box>
        </CardContent>
      </Card>

      {result.state === 'loading' && (
        <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
          <CircularProgress />
        </Box>
      )}
      {result.state === 'error' && <Alert severity="error">{translate(result.key)}</Alert>}
      {result.state === 'ready' && (
        <DiagnosisResult diagnosis={result.diagnosis} onChanged={() => setVersion((v) => v + 1)} onDiagnose={(nextEmail) => run({ portal: result.diagnosis.portal, organizationId: result.diagnosis.organizationId, email: nextEmail })} />
      )}
    </Box>
  );
};

const OrganizationPicker = ({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) => {
  const translate = useTranslate();
  const [input, setInput] = useState('');
  const { data: options = [], isPending } = useGetList<Organization>('organizations', { pagination: { page: 1, perPage: 20 }, sort: { field: 'name', order: 'ASC' }, filter: input ? { q: input } : {} });
  const { data: selected } = useGetOne<Organization>('organizations', { id: value ?? '' }, { enabled: !!value });
  const all = selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options;
  return (
    <Autocomplete
      sx={{ width: { xs: '100%', sm: 320 } }}
      options={all}
      loading={isPending}
      value={all.find((o) => o.id === value) ?? null}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(x) => x}
      onChange={(_, o) => onChange(o?.id ?? null)}
      onInputChange={(_, v, reason) => {
        if (reason === 'input') setInput(v);
      }}
      renderInput={(params) => <TextField {...params} label={translate('app.diagnosisPage.organization')} slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'diagnosis-organization' } }} />}
    />
  );
};

const StatusIcon = ({ status }: { status: DiagnosisCheck['status'] }) => {
  const translate = useTranslate();
  return status === 'pass' ? (
    <CheckCircleIcon sx={{ color: 'success.main' }} titleAccess={translate('app.diagnosisPage.statusPass')} />
  ) : status === 'fail' ? (
    <CancelIcon sx={{ color: 'error.main' }} titleAccess={translate('app.diagnosisPage.statusFail')} />
  ) : (
    <RemoveCircleOutlineIcon sx={{ color: 'text.disabled' }} titleAccess={translate('app.diagnosisPage.statusNotApplicable')} />
  );
};


const DiagnosisResult = ({ diagnosis, onChanged, onDiagnose }: { diagnosis: Diagnosis; onChanged: () => void; onDiagnose: (email: string) => void }) => {
  const P = PORTAL_NAMES[diagnosis.portal];
  const verdictText = useVerdictText();
  const differs = useDiffersText();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Stack spacing={2}>
      <Alert severity={diagnosis.canSignIn ? 'success' : 'error'} data-testid="diagnosis-verdict" data-can-sign-in={String(diagnosis.canSignIn)}>
        {verdictText(diagnosis)}
      </Alert>

      <PortalSide diagnosis={diagnosis} onDiagnose={onDiagnose} />

      <Card variant="outlined">
        <CardHeader title={translate('app.diagnosisPage.fiveChecks')} slotProps={{ title: { variant: 'h6' } }} />
        <MuiList disablePadding>
          {diagnosis.checks.map((c) => (
            <CheckRow key={c.code} check={c} diagnosis={diagnosis} onChanged={onChanged} />
          ))}
        </MuiList>
      </Card>

      {diagnosis.nearMisses.length > 0 && (
        <SimilarEmailsCard
          testId="near-misses"
          rowTestId={(i) => `near-miss-${i}`}
          title={translate('app.diagnosisPage.nearMisses')}
          subheader={translate(diagnosis.ambiguous ? 'app.diagnosisPage.nearAmbiguous' : 'app.diagnosisPage.nearSubheader')}
          headings={{ email: translate('app.diagnosisPage.nearEmail'), name: translate('app.diagnosisPage.name'), why: translate('app.diagnosisPage.why'), status: translate('app.diagnosisPage.status') }}
          rows={diagnosis.nearMisses.map((n: NearMiss) => ({
            id: n.severaUserId,
            email: n.email,
            name: n.name,
            why: differs(n.kinds, diagnosis.email, n.email),
            status: <Chip size="small" variant="outlined" color={n.active ? 'success' : 'warning'} label={translate(n.active ? 'app.diagnosisPage.active' : 'app.diagnosisPage.inactive')} />,
            action:
              n.email !== diagnosis.email ? (
                <Button size="small" onClick={() => onDiagnose(n.email)} data-testid="diagnose-instead">
                  {translate('app.diagnosisPage.diagnoseInstead')}
                </Button>
              ) : null,
          }))}
        />
      )}

      <Card variant="outlined" data-testid="recent-attempts">
        <CardHeader title={translate('app.diagnosisPage.recentTitle')} subheader={translate('app.diagnosisPage.recentSubheader', { smart_count: diagnosis.recentAttempts.length, portal: P })} slotProps={{ title: { variant: 'h6' } }} />
        {diagnosis.recentAttempts.length === 0 ? (
          <CardContent>
            <Typography color="text.secondary">{translate('app.diagnosisPage.noAttempts', { portal: P })}</Typography>
          </CardContent>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.diagnosisPage.when')}</TableCell>
                <TableCell>{translate('app.diagnosisPage.result')}</TableCell>
                <TableCell>{translate('app.diagnosisPage.failingChecks')}</TableCell>
                <TableCell>{translate('app.diagnosisPage.detail')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {diagnosis.recentAttempts.map((a) => (
                <TableRow key={a.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.createdAt, locale)}</TableCell>
                  <TableCell>
                    <RecordCell record={a}>
                      <ResultChip source="result" />
                    </RecordCell>
                  </TableCell>
                  <TableCell>
                    <RecordCell record={a}>
                      <ReasonChips source="reasons" />
                    </RecordCell>
                  </TableCell>
                  <TableCell>
                    <CauseText cause={a} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          </Box>
        )}
      </Card>
    </Stack>
  );
};

const RecordCell = ({ record, children }: { record: object; children: ReactNode }) => <RecordContextProvider value={record}>{children}</RecordContextProvider>;

const CheckRow = ({ check, diagnosis, onChanged }: { check: DiagnosisCheck; diagnosis: Diagnosis; onChanged: () => void }) => {
  const translate = useTranslate();
  const text = useDiagnosisText();
  return (
  <ListItem divider alignItems="flex-start" data-testid={`check-${check.code}`} data-status={check.status} sx={{ py: 1.5 }}>
    <ListItemIcon sx={{ mt: 0.5, minWidth: 40 }}>
      <StatusIcon status={check.status} />
    </ListItemIcon>
    <ListItemText
      disableTypography
      primary={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          {/* The check's code stays at hand for support staff as a tooltip, never as text beside its title. */}
          <Typography variant="subtitle1" component="span" sx={{ fontWeight: 600 }} title={check.code} data-testid="check-title">
            {translate(`app.common.check.${check.code}`)}
          </Typography>
          <Chip size="small" label={translate(`app.common.checkStatus.${check.status}`)} color={check.status === 'pass' ? 'success' : check.status === 'fail' ? 'error' : 'default'} variant={check.status === 'fail' ? 'filled' : 'outlined'} />
        </Stack>
      }
      secondary={
        <Box sx={{ mt: 0.5 }}>
          <Typography variant="body2" data-testid="check-evidence">
            {text(check.evidenceMessages)}
          </Typography>
          {check.status !== 'pass' && (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                <strong>{translate('app.diagnosis.whoFixes')}</strong> {translate(`app.common.owner.${check.owner}`)}. {text(check.remedyMessages)}
              </Typography>
              {check.actions.length > 0 && (
                <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
                  {check.actions.map((a) => (
                    <ActionButton key={a.id} action={a} diagnosis={diagnosis} onChanged={onChanged} />
                  ))}
                </Stack>
              )}
            </>
          )}
        </Box>
      }
    />
  </ListItem>
  );
};

