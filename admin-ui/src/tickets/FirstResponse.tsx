import { Typography } from '@mui/material';
import type { TicketRecord } from './api';
import { formatTime, relative } from './fields';

/** The first-response target: when it falls, highlighted when missed. */
export const FirstResponse = ({ ticket }: { ticket: Pick<TicketRecord, 'firstResponseAt' | 'firstResponseDueAt' | 'firstResponseMissed'> }) => {
  const missed = ticket.firstResponseMissed;
  const text = ticket.firstResponseAt
    ? `Answered ${formatTime(ticket.firstResponseAt)}${missed ? ' (late)' : ''}`
    : missed
      ? `Missed: due ${relative(ticket.firstResponseDueAt)}`
      : `Due ${relative(ticket.firstResponseDueAt)}`;
  return (
    <Typography component="span" variant="body2" color={missed ? 'error' : 'text.primary'} sx={{ fontWeight: missed ? 600 : undefined }} data-testid="first-response" data-missed={missed ? 'true' : 'false'}>
      {text}
    </Typography>
  );
};
