import { useRecordContext, useTranslate } from 'react-admin';
import type { RecordedCause } from '../../../shared/connections.js';

/**
 * A recorded hand-off cause in the reader's language, from the code and parameters the API answers next to its
 * English `detail`: the sentence for the code and, for a malformed hand-off, each refused field and its problem.
 */
export const CauseText = ({ cause }: { cause: RecordedCause }) => {
  const translate = useTranslate();
  if (!cause.detailCode) return null;
  const fields = cause.detailParams?.fields ?? [];
  return (
    <span data-testid="attempt-cause" data-code={cause.detailCode}>
      {translate(`app.connections.cause.${cause.detailCode}`)}
      {fields.length > 0 && (
        <>
          {': '}
          {fields.map((f) => translate(`app.connections.fieldProblem.${f.problem}`, { field: f.field })).join('; ')}
        </>
      )}
    </span>
  );
};

/** The same for the record in context (login attempts' list and show pages); nothing recorded: an em dash. */
export const CauseField = (_: { source?: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<RecordedCause>();
  if (!record?.detailCode) return <span>—</span>;
  return <CauseText cause={record} />;
};
