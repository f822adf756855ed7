import { useState } from 'react';
import ChatBubbleOutlineIcon from '@mui/icons-material/ChatBubbleOutlineOutlined';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import HistoryIcon from '@mui/icons-material/History';
import KeyIcon from '@mui/icons-material/Key';
import TimerOffIcon from '@mui/icons-material/TimerOff';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { TIMELINE_REASON_CODES, type TimelineMessage } from '../../../shared/index.js';
import { formatDateTime } from '../i18n/format';
import { errorMessage } from '../providers/http';
import { useAction } from '../common/ActionDialog';
import { addComment, fetchTimeline, replyToTicket, usePolled, type TimelineEntry } from './api';

/** The timeline's codes and parameters as sentences in the console's language (statuses, channels, methods and reasons too). */
function useTimelineText() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const word = (area: string, v: string | number | undefined) => (v === undefined ? translate('app.common.empty') : translate(`app.tickets.${area}.${String(v)}`, { _: String(v) }));
  return {
    translate,
    at: (iso: string) => formatDateTime(iso, locale),
    message: ({ code, params }: TimelineMessage): string => {
      const reason = params.reason !== undefined && (TIMELINE_REASON_CODES as readonly string[]).includes(String(params.reason)) ? word('reason', params.reason) : (params.reasonText ?? params.reason);
      return translate(`app.tickets.message.${code}`, {
        ...params,
        from: word('status', params.from),
        to: word('status', params.to),
        channel: word('channel', params.channel),
        method: word('method', params.method),
        reason: reason ?? translate('app.common.empty'),
        until: typeof params.until === 'string' ? formatDateTime(params.until, locale) : translate('app.common.empty'),
        _: params.action !== undefined ? String(params.action) : code,
      });
    },
  };
}

const icon = (e: TimelineEntry) => {
  if (e.kind === 'comment') return <ChatBubbleOutlineIcon fontSize="small" color="action" />;
  if (e.kind === 'verification') return <FactCheckIcon fontSize="small" color="info" />;
  if (e.kind === 'code-expired' || e.kind === 'verification-expired') return <TimerOffIcon fontSize="small" color="disabled" />;
  if (e.action.includes('code') || e.action.startsWith('connect.')) return <KeyIcon fontSize="small" color="warning" />;
  return <HistoryIcon fontSize="small" color="action" />;
};

const Entry = ({ e }: { e: TimelineEntry }) => {
  const text = useTimelineText();
  const checks = e.kind === 'verification' ? ((e.details?.checks as { check: string; passed: boolean; note?: string; notCountedReason?: string | null }[] | undefined) ?? []) : [];
  const who = e.actorEmail ? `${e.actorEmail}${e.kind === 'comment' && e.actorRole === 'claimed sender' ? ` (${text.translate('app.tickets.timeline.claimedSender')})` : ''}` : '';
  return (
    <Stack direction="row" spacing={1.5} sx={{ py: 1 }} data-testid="timeline-entry" data-kind={e.kind} data-action={e.action}>
      <Box sx={{ pt: 0.3 }}>{icon(e)}</Box>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ overflowWrap: 'anywhere', fontWeight: e.body ? 500 : undefined }} data-testid="timeline-message">
          {e.messages.map(text.message).join(' · ')}
        </Typography>
        {e.body && (
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="timeline-body">
            {e.body}
          </Typography>
        )}
        {checks.length > 0 && (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {checks.map((c) => (
              <Typography component="li" variant="caption" key={c.check}>
                {c.passed ? '✓' : '✗'} {text.translate(`app.tickets.check.${c.check}`, { _: c.check })}
                {c.note ? ` — ${c.note}` : ''}
                {c.notCountedReason === 'lost-channel' ? ` ${text.translate('app.tickets.timeline.notCounted')}` : ''}
              </Typography>
            ))}
          </Box>
        )}
        <Typography variant="caption" color="text.secondary">
          {text.at(e.at)}
          {who ? ` · ${who}` : ''}
        </Typography>
      </Box>
    </Stack>
  );
};

/** Everything that happened on the ticket (events, verifications, comments, codes), and a comment box for the desk. */
export const TicketTimeline = ({ ticketId, version, canComment, canReply, onChanged }: { ticketId: string; version: string; canComment: boolean; canReply: boolean; onChanged: () => void }) => {
  // No polling of its own: the page polls the ticket, whose `version` changes when anything happens on it.
  const timeline = usePolled((signal) => fetchTimeline(ticketId, signal), [ticketId, version]);
  const translate = useTranslate();
  const [body, setBody] = useState('');
  const { busy: saving, error, run } = useAction();

  const submit = async (asReply: boolean) => {
    if (await run(() => (asReply ? replyToTicket(ticketId, body) : addComment(ticketId, body)))) {
      setBody('');
      timeline.reload();
      onChanged();
    }
  };

  return (
    <Card data-testid="ticket-timeline">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('app.tickets.timeline.title')}
        </Typography>
        {!timeline.data ? (
          timeline.error ? <Alert severity="error">{errorMessage(timeline.error)}</Alert> : <CircularProgress size={20} />
        ) : timeline.data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('app.tickets.timeline.empty')}
          </Typography>
        ) : (
          timeline.data.map((e) => <Entry key={e.id} e={e} />)
        )}
        {canComment && (
          <Box sx={{ mt: 2 }}>
            {error && (
              <Alert severity="error" sx={{ mb: 1 }}>
                {error}
              </Alert>
            )}
            <TextField
              label={translate(canReply ? 'app.tickets.timeline.commentOrReplyLabel' : 'app.tickets.timeline.commentLabel')}
              multiline
              minRows={2}
              fullWidth
              value={body}
              onChange={(ev) => setBody(ev.target.value.slice(0, 5000))}
              slotProps={{ htmlInput: { 'data-testid': 'comment-body', maxLength: 5000 } }}
            />
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <Button variant="outlined" onClick={() => void submit(false)} disabled={saving || !body.trim()} data-testid="comment-submit">
                {translate(saving ? 'app.tickets.timeline.saving' : 'app.tickets.timeline.noteButton')}
              </Button>
              {canReply && (
                <Button variant="contained" onClick={() => void submit(true)} disabled={saving || !body.trim()} data-testid="reply-submit">
                  {translate('app.tickets.timeline.replyButton')}
                </Button>
              )}
            </Stack>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
