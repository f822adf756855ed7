/** The first line of a diagnosis: a code and parameters (pure; the console words it). */
import type { DiagnosisVerdict, PortalAccountCandidate } from '../../../shared/diagnosis.js';
import type { FailureReason, PortalId } from '../../../shared/sign-in.js';

export function verdictOf(
  canSignIn: boolean,
  exact: { email: string } | null,
  candidates: readonly PortalAccountCandidate[],
  failures: readonly FailureReason[],
  portal: PortalId,
): DiagnosisVerdict {
  if (canSignIn) return { code: 'can-sign-in', params: { portal } };
  if (!exact) {
    return { code: 'no-portal-account', params: { portal, ...(candidates[0] ? { portalSpelling: candidates[0].email } : {}), candidates: candidates.length } };
  }
  return { code: 'cannot-sign-in', params: { portal, failures: [...failures] } };
}
