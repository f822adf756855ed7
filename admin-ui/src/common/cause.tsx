import { Box } from '@mui/material';
import { useRecordContext, useTranslate, type TranslateFunction } from 'react-admin';
import type { RecordedCause } from '../../../shared/connections.js';

/** The whole cause in the reader's language: the sentence for the code and, for a malformed hand-off, each refused field and its problem. */
function causeWords(translate: TranslateFunction, cause: RecordedCause): string {
  const sentence = translate(`app.connections.cause.${cause.detailCode}`);
  const fields = cause.detailParams?.fields ?? [];
  if (fields.length === 0) return sentence;
  return `${sentence}: ${fields.map((f) => translate(`app.connections.fieldProblem.${f.problem}`, { field: f.field })).join('; ')}`;
}

/**
 * A recorded hand-off cause in the reader's language, from the code and parameters the API answers next to its
 * English `detail`: the sentence for the code and, for a malformed hand-off, each refused field and its problem.
 */
export const CauseText = ({ cause }: { cause: RecordedCause }) => {
  const translate = useTranslate();
  if (!cause.detailCode) return null;
  return (
    <span data-testid="attempt-cause" data-code={cause.detailCode}>
      {causeWords(translate, cause)}
    </span>
  );
};

/** The same for the record in context (login attempts' show page); nothing recorded: an em dash. */
export const CauseField = (_: { source?: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<RecordedCause>();
  if (!record?.detailCode) return <span>—</span>;
  return <CauseText cause={record} />;
};

/**
 * In a list (login attempts): the cause's sentence only, at most two lines, so that rows stay one or two lines high
 * at any width. The refused fields are on the show page (a click on the row); the whole text is also the tooltip.
 */
export const CauseCell = (_: { source?: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<RecordedCause>();
  const translate = useTranslate();
  if (!record?.detailCode) return <span>—</span>;
  return (
    <Box
      component="span"
      data-testid="attempt-cause-short"
      data-code={record.detailCode}
      title={causeWords(translate, record)}
      sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', minWidth: '9rem', maxWidth: '16rem' }}
    >
      {translate(`app.connections.cause.${record.detailCode}`)}
    </Box>
  );
};
