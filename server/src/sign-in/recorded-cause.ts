/**
 * A recorded cause (login_attempts.detail, portal_connections.lastFailureCause: English, as written by the hand-off)
 * as the code and parameters the API answers next to it, for the console to word. Pure.
 */
import type { ConnectionCauseParams, HandoffFieldProblem, RecordedCause } from '../../../shared/connections.js';
import { causeCode, CONNECTION_CAUSES, HANDOFF_FIELD_PROBLEMS } from './handoff-request.js';

const PROBLEMS = Object.entries(HANDOFF_FIELD_PROBLEMS) as [HandoffFieldProblem, string][];

/**
 * The refused fields of a malformed hand-off, from `<cause>: <field> <problem>; <field> <problem>…`. A part whose
 * problem is not one the parser writes (the text was cut at 500 characters) is left out.
 */
function malformedFields(detail: string): ConnectionCauseParams['fields'] {
  const list = detail.slice(CONNECTION_CAUSES.malformed.length).replace(/^: /, '');
  const fields: ConnectionCauseParams['fields'] = [];
  for (const part of list.split('; ')) {
    const hit = PROBLEMS.find(([, words]) => part.endsWith(` ${words}`) && part.length > words.length + 1);
    if (hit) fields.push({ field: part.slice(0, part.length - hit[1].length - 1), problem: hit[0] });
  }
  return fields;
}

/** The code of a recorded cause and, for a malformed hand-off, which fields were refused and why. */
export function recordedCause(detail: string | null): RecordedCause {
  const detailCode = causeCode(detail);
  const detailParams = detailCode === 'malformed' ? { fields: malformedFields(detail!) } : null;
  return { detailCode, detailParams };
}
