import type { ReactNode } from 'react';
import { Button, Chip } from '@mui/material';
import { RecordContextProvider, useTranslate } from 'react-admin';
import { oddCharacters, PORTAL_NAMES, type Diagnosis, type NearMissKind } from '../../../shared/index.js';
import { ReasonChips } from '../common/fields';
import { ShownEmail } from './ActionButton';
import { useRichText } from './Messages';
import { SimilarEmailsCard } from './SimilarEmails';

/** The first line of a diagnosis, worded from its verdict code and parameters. */
export function useVerdictText() {
  const rich = useRichText();
  return (d: Diagnosis): ReactNode => {
    const P = PORTAL_NAMES[d.portal];
    const v = d.verdict;
    const email = <ShownEmail email={d.email} />;
    const params = { portal: P, org: d.organizationName };
    if (v.code === 'can-sign-in') return rich('app.bothSides.verdict.canSignIn', { email }, params);
    if (v.code === 'no-portal-account') {
      return (
        <>
          {rich('app.bothSides.verdict.noPortalAccount', { email }, params)}{' '}
          {v.params.portalSpelling ? rich('app.bothSides.verdict.portalSpelling', { spelling: <ShownEmail email={v.params.portalSpelling} /> }, params) : rich('app.bothSides.verdict.createAccount', {}, params)}
        </>
      );
    }
    return rich('app.bothSides.verdict.cannotSignIn', { email }, { ...params, smart_count: d.failures.length });
  };
}

/** How a spelling differs from the typed e-mail, worded from the near-miss kinds (look-alikes named by code point). */
export function useDiffersText() {
  const translate = useTranslate();
  return (kinds: readonly NearMissKind[], presented: string, candidate: string): string => {
    if (kinds.includes('same-email')) return translate('app.bothSides.differs.sameEmail');
    const others = kinds.filter((k): k is Exclude<NearMissKind, 'other-domain' | 'same-email'> => k !== 'other-domain' && k !== 'same-email');
    const odd = others.includes('look-alike') ? oddCharacters(presented, candidate) : [];
    const detail = odd.length ? `: ${odd.map((c) => (c.invisible ? translate('app.bothSides.differs.invisible', { code: c.codePoints }) : `"${c.char}" (${c.codePoints})`)).join(', ')}` : '';
    const names = others.map((k) => translate(`app.bothSides.differs.kind.${k}`));
    const list = names.length ? names.reduce((a, b) => translate('app.bothSides.differs.and', { first: a, second: b })) : '';
    if (kinds.includes('other-domain')) return others.length ? translate('app.bothSides.differs.otherDomainAnd', { list, detail }) : translate('app.bothSides.differs.otherDomain');
    if (others.length === 1) return translate(`app.bothSides.differs.only.${others[0]}`, { detail });
    return translate('app.bothSides.differs.several', { list, detail });
  };
}

/** The portal side: the portal account with exactly this e-mail, or its near misses with their own verdicts. */
export const PortalSide = ({ diagnosis: d, onDiagnose }: { diagnosis: Diagnosis; onDiagnose: (email: string) => void }) => {
  const translate = useTranslate();
  const differs = useDiffersText();
  const portal = PORTAL_NAMES[d.portal];
  if (d.portalAccount || d.portalAccountCandidates.length === 0) return null;
  return (
    <SimilarEmailsCard
      testId="portal-candidates"
      rowTestId={() => 'portal-candidate'}
      title={translate('app.bothSides.candidates.title', { portal })}
      subheader={translate('app.bothSides.candidates.subheader', { portal })}
      headings={{
        email: translate('app.bothSides.candidates.email', { portal }),
        name: translate('app.bothSides.candidates.name'),
        why: translate('app.bothSides.candidates.why'),
        status: translate('app.bothSides.candidates.verdict'),
      }}
      rows={d.portalAccountCandidates.map((c) => ({
        id: c.id,
        email: c.email,
        name: c.name,
        why: differs(c.kinds, d.email, c.email),
        status: c.canSignIn ? (
          <Chip size="small" color="success" label={translate('app.bothSides.candidates.canSignIn')} />
        ) : (
          <RecordContextProvider value={c}>
            <ReasonChips source="failures" />
          </RecordContextProvider>
        ),
        action: (
          <Button size="small" onClick={() => onDiagnose(c.email)} data-testid="diagnose-candidate">
            {translate('app.bothSides.candidates.diagnose')}
          </Button>
        ),
      }))}
    />
  );
};
