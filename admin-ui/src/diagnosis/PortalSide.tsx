import type { ReactNode } from 'react';
import { Button, Chip } from '@mui/material';
import { RecordContextProvider } from 'react-admin';
import { PORTAL_NAMES, type Diagnosis } from '../../../shared/index.js';
import { ReasonChips } from '../common/fields';
import { ShownEmail } from './ActionButton';
import { SimilarEmailsCard } from './SimilarEmails';

/** The first line of a diagnosis, worded from its verdict code and parameters. */
export function verdictText(d: Diagnosis): ReactNode {
  const P = PORTAL_NAMES[d.portal];
  const v = d.verdict;
  if (v.code === 'can-sign-in') {
    return (
      <>
        <ShownEmail email={d.email} /> can sign in to Visma Severa from {P} at {d.organizationName}: {P} has this account and all five checks pass.
      </>
    );
  }
  if (v.code === 'no-portal-account') {
    return (
      <>
        {P} has no account with exactly <ShownEmail email={d.email} /> at {d.organizationName}, so no sign-in from {P} can use this address.
        {v.params.portalSpelling ? (
          <>
            {' '}
            {P} spells it <ShownEmail email={v.params.portalSpelling} />: see that account's verdict below.
          </>
        ) : (
          ` Create the account in ${P}, or check the address.`
        )}
      </>
    );
  }
  return (
    <>
      <ShownEmail email={d.email} /> cannot sign in to Visma Severa from {P} at {d.organizationName}: {d.failures.length} {d.failures.length === 1 ? 'check fails' : 'checks fail'}.
    </>
  );
}

/** The portal side: the portal account with exactly this e-mail, or its near misses with their own verdicts. */
export const PortalSide = ({ diagnosis: d, onDiagnose }: { diagnosis: Diagnosis; onDiagnose: (email: string) => void }) => {
  const P = PORTAL_NAMES[d.portal];
  if (d.portalAccount || d.portalAccountCandidates.length === 0) return null;
  return (
    <SimilarEmailsCard
      testId="portal-candidates"
      rowTestId={() => 'portal-candidate'}
      title={`${P} accounts with a similar e-mail`}
      subheader={`What a sign-in from ${P} would do for each of them`}
      headings={{ email: `${P} e-mail`, name: 'Name', why: 'How it differs', status: 'Verdict' }}
      rows={d.portalAccountCandidates.map((c) => ({
        id: c.id,
        email: c.email,
        name: c.name,
        why: c.why,
        status: c.canSignIn ? (
          <Chip size="small" color="success" label="Can sign in" />
        ) : (
          <RecordContextProvider value={c}>
            <ReasonChips source="failures" />
          </RecordContextProvider>
        ),
        action: (
          <Button size="small" onClick={() => onDiagnose(c.email)} data-testid="diagnose-candidate">
            Diagnose this account
          </Button>
        ),
      }))}
    />
  );
};
