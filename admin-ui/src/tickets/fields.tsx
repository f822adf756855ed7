import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { RECOVERY_CODE_STATUS_LABELS, TICKET_CHANNEL_LABELS, TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '../../../shared/index.js';

/** Choices name catalog keys (react-admin translates them), never the shared English labels. */
export const TICKET_STATUS_CHOICES = TICKET_STATUSES.map((id) => ({ id, name: `app.tickets.status.${id}` }));
export const CHANNEL_CHOICES = Object.keys(TICKET_CHANNEL_LABELS).map((id) => ({ id, name: `app.tickets.channel.${id}` }));
export const CODE_STATUS_CHOICES = Object.keys(RECOVERY_CODE_STATUS_LABELS).map((id) => ({ id, name: `app.lostPhone.codeStatus.${id}` }));

const TICKET_COLORS: Record<string, ChipProps['color']> = { open: 'default', verified: 'info', 'code-issued': 'warning', resolved: 'success', closed: 'default' };

export const TicketStatusLabel = ({ status, size = 'small' }: { status: string; size?: ChipProps['size'] }) => {
  const translate = useTranslate();
  const label = translate(`app.tickets.status.${status}`, { _: TICKET_STATUS_LABELS[status as TicketStatus] ?? status });
  return <Chip size={size} color={TICKET_COLORS[status] ?? 'default'} variant={status === 'closed' ? 'outlined' : 'filled'} label={label} data-testid="ticket-status" />;
};

/** A ticket's status as a coloured chip. */
export const TicketStatusChip = ({ source = 'status' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const status: unknown = record?.[source];
  return typeof status === 'string' ? <TicketStatusLabel status={status} /> : null;
};

const CODE_COLORS: Record<string, ChipProps['color']> = { 'pending-approval': 'warning', active: 'info', redeemed: 'success', expired: 'default', revoked: 'default', rejected: 'error' };

export const CodeStatusLabel = ({ status }: { status: string }) => {
  const translate = useTranslate();
  return <Chip size="small" color={CODE_COLORS[status] ?? 'default'} label={translate(`app.lostPhone.codeStatus.${status}`, { _: RECOVERY_CODE_STATUS_LABELS[status] ?? status })} data-testid="code-status" />;
};

/** A recovery code's (effective) status. */
export const CodeStatusChip = ({ source = 'status' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const status: unknown = record?.[source];
  return typeof status === 'string' ? <CodeStatusLabel status={status} /> : null;
};

export const ChannelField = ({ source = 'channel' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const v: unknown = record?.[source];
  return typeof v === 'string' ? <>{translate(`app.tickets.channel.${v}`, { _: TICKET_CHANNEL_LABELS[v] ?? v })}</> : null;
};

/** A ticket's subject; an e-mail without one is stored empty and worded here in the reader's language. */
export const TicketSubject = ({ subject }: { subject: string | null | undefined }) => {
  const translate = useTranslate();
  return <>{subject || translate('app.ticketActions.show.noSubject')}</>;
};

/** #N */
export const TicketNumberField = ({ source = 'number' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const v: unknown = record?.[source];
  return typeof v === 'number' || typeof v === 'string' ? <strong>#{v}</strong> : null;
};

export const formatTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
