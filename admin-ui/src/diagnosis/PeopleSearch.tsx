import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Button, Card, Chip, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { PORTAL_IDS, PORTAL_NAMES, type PersonMatch, type PortalId } from '../../../shared/index.js';
import { ReasonChips } from '../common/fields';
import { RecordContextProvider, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../i18n/format';
import { errorMessage } from '../providers/http';
import { findPeople } from './api';

/**
 * Marks the characters of `email` that differ from `reference`: position by position when both are as long
 * (letter case, look-alikes), otherwise the part between their common beginning and end.
 */
export function highlightDifference(email: string, reference: string | null): ReactNode {
  if (!reference || reference === email) return email;
  const a = [...email];
  const b = [...reference];
  const mark = (s: string, k: number) => (
    <Box component="mark" key={k} data-testid="spelling-difference" sx={{ bgcolor: 'warning.light', color: 'inherit', borderRadius: 0.5, px: '1px' }}>
      {s}
    </Box>
  );
  if (a.length === b.length) {
    const out: ReactNode[] = [];
    let run = '';
    let same = true;
    a.forEach((ch, i) => {
      const eq = ch === b[i];
      if (eq !== same && run) {
        out.push(same ? run : mark(run, i));
        run = '';
      }
      same = eq;
      run += ch;
    });
    if (run) out.push(same ? run : mark(run, a.length));
    return out;
  }
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return [a.slice(0, p).join(''), mark(a.slice(p, a.length - s).join('') || '∅', 1), a.slice(a.length - s).join('')];
}

const Spelling = ({ email, reference }: { email: string; reference: string | null }) => (
  <Box component="code" sx={{ fontFamily: 'monospace', whiteSpace: 'pre', wordBreak: 'break-all' }}>
    {highlightDifference(email, reference)}
  </Box>
);

type State = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; people: PersonMatch[] } | { state: 'error'; message: string };

/** "Name or e-mail": finds the person on both sides, every spelling side by side; a click diagnoses one spelling. */
export const PeopleSearch = ({ organizationId, portal, onPick }: { organizationId: string | null; portal: PortalId; onPick: (portal: PortalId, email: string) => void }) => {
  const translate = useTranslate();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<State>({ state: 'idle' });

  useEffect(() => {
    if (!organizationId || q.trim().length < 2) {
      setResult({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setResult({ state: 'loading' });
      findPeople(organizationId, q, controller.signal).then(
        (people) => setResult({ state: 'ready', people }),
        (e) => !controller.signal.aborted && setResult({ state: 'error', message: errorMessage(e) }),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [organizationId, q]);

  return (
    <Box>
      <TextField
        label={translate('app.bothSides.search.label')}
        placeholder={translate('app.bothSides.search.placeholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        disabled={!organizationId}
        helperText={translate(organizationId ? 'app.bothSides.search.helper' : 'app.bothSides.search.pickOrganization')}
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'people-search', spellCheck: false, autoCapitalize: 'off', autoComplete: 'off' } }}
      />
      {result.state === 'loading' && <CircularProgress size={24} sx={{ mt: 1 }} />}
      {result.state === 'error' && <Alert severity="error">{result.message}</Alert>}
      {result.state === 'ready' && result.people.length === 0 && (
        <Typography color="text.secondary" sx={{ mt: 1 }} data-testid="people-none">
          {translate('app.bothSides.search.none', { q: q.trim() })}
        </Typography>
      )}
      {result.state === 'ready' && result.people.length > 0 && (
        <Stack spacing={1} sx={{ mt: 1 }} data-testid="people-results">
          {result.people.map((p) => (
            <Person key={p.key} person={p} portal={portal} onPick={onPick} />
          ))}
        </Stack>
      )}
    </Box>
  );
};

const Person = ({ person: p, portal, onPick }: { person: PersonMatch; portal: PortalId; onPick: (portal: PortalId, email: string) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const reference = p.severaUsers[0]?.email ?? null;
  const portalSpellings = PORTAL_IDS.flatMap((id) => p.portalAccounts[id].map((a) => ({ portal: id, ...a })));
  return (
    <Card variant="outlined" sx={{ p: 1.5 }} data-testid="person">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {p.name ?? translate('app.bothSides.person.unknownName')}
        </Typography>
        {p.lastFailure && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="caption" color="text.secondary">
              {translate('app.bothSides.person.lastFailure', { at: formatDateTime(p.lastFailure.at, locale), portal: PORTAL_NAMES[p.lastFailure.portal] })}
            </Typography>
            <RecordContextProvider value={p.lastFailure}>
              <ReasonChips source="reasons" />
            </RecordContextProvider>
          </Stack>
        )}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 1.5 }}>
        <Box data-testid="person-severa">
          <Typography variant="caption" color="text.secondary">
            Visma Severa
          </Typography>
          {p.severaUsers.length === 0 && <Typography variant="body2">{translate('app.bothSides.person.noSeveraUser')}</Typography>}
          {p.severaUsers.map((u) => (
            <Stack key={u.id} direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
              <Spelling email={u.email} reference={null} />
              <Chip size="small" variant="outlined" color={u.active ? 'success' : 'warning'} label={translate(u.active ? 'app.bothSides.person.active' : 'app.bothSides.person.inactive')} />
              <Button size="small" onClick={() => onPick(portal, u.email)} data-testid="diagnose-spelling">
                {translate('app.bothSides.person.diagnoseAddress')}
              </Button>
            </Stack>
          ))}
        </Box>
        <Box data-testid="person-portals">
          <Typography variant="caption" color="text.secondary">
            {translate('app.bothSides.person.portals')}
          </Typography>
          {portalSpellings.length === 0 && <Typography variant="body2">{translate('app.bothSides.person.noPortalAccount')}</Typography>}
          {portalSpellings.map((a) => (
            <Stack key={a.id} direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
              <Chip size="small" label={PORTAL_NAMES[a.portal]} />
              <Spelling email={a.email} reference={reference} />
              {reference && a.email !== reference && <Chip size="small" color="warning" label={translate('app.bothSides.person.spelledDifferently')} data-testid="spelled-differently" />}
              <Button size="small" onClick={() => onPick(a.portal, a.email)} data-testid="diagnose-spelling">
                {translate('app.bothSides.person.diagnose')}
              </Button>
            </Stack>
          ))}
        </Box>
      </Box>
    </Card>
  );
};
