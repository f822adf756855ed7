import { Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime, formatRelative } from '../i18n/format';
import type { TicketRecord } from './api';

/** The first-response target: when it falls, highlighted when missed. */
export const FirstResponse = ({ ticket }: { ticket: Pick<TicketRecord, 'firstResponseAt' | 'firstResponseDueAt' | 'firstResponseMissed'> }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const missed = ticket.firstResponseMissed;
  const key = 'app.ticketActions.firstResponse.';
  const text = ticket.firstResponseAt
    ? translate(`${key}${missed ? 'late' : 'answered'}`, { at: formatDateTime(ticket.firstResponseAt, locale) })
    : translate(`${key}${missed ? 'missed' : 'due'}`, { relative: formatRelative(ticket.firstResponseDueAt, locale) });
  return (
    <Typography component="span" variant="body2" color={missed ? 'error' : 'text.primary'} sx={{ fontWeight: missed ? 600 : undefined }} data-testid="first-response" data-missed={missed ? 'true' : 'false'}>
      {text}
    </Typography>
  );
};
