import { useState } from 'react';
import ChatBubbleOutlineIcon from '@mui/icons-material/ChatBubbleOutlineOutlined';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import HistoryIcon from '@mui/icons-material/History';
import KeyIcon from '@mui/icons-material/Key';
import TimerOffIcon from '@mui/icons-material/TimerOff';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { VERIFICATION_CHECKS } from '../../../shared/index.js';
import { errorMessage } from '../providers/http';
import { addComment, fetchTimeline, replyToTicket, usePolled, type TimelineEntry } from './api';
import { formatTime } from './fields';

const checkLabel = (id: string) => VERIFICATION_CHECKS.find((c) => c.id === id)?.label ?? id;

const icon = (e: TimelineEntry) => {
  if (e.kind === 'comment') return <ChatBubbleOutlineIcon fontSize="small" color="action" />;
  if (e.kind === 'verification') return <FactCheckIcon fontSize="small" color="info" />;
  if (e.kind === 'code-expired') return <TimerOffIcon fontSize="small" color="disabled" />;
  if (e.action.includes('code') || e.action.startsWith('connect.')) return <KeyIcon fontSize="small" color="warning" />;
  return <HistoryIcon fontSize="small" color="action" />;
};

const Entry = ({ e }: { e: TimelineEntry }) => {
  const checks = e.kind === 'verification' ? ((e.details?.checks as { check: string; passed: boolean; note?: string }[] | undefined) ?? []) : [];
  return (
    <Stack direction="row" spacing={1.5} sx={{ py: 1 }} data-testid="timeline-entry" data-kind={e.kind} data-action={e.action}>
      <Box sx={{ pt: 0.3 }}>{icon(e)}</Box>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ whiteSpace: e.kind === 'comment' ? 'pre-wrap' : undefined, overflowWrap: 'anywhere' }}>
          {e.summary}
        </Typography>
        {checks.length > 0 && (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {checks.map((c) => (
              <Typography component="li" variant="caption" key={c.check}>
                {c.passed ? '✓' : '✗'} {checkLabel(c.check)}
                {c.note ? ` — ${c.note}` : ''}
                {(c as { notCountedReason?: string }).notCountedReason === 'lost-channel' ? ' (does not count: lost phone)' : ''}
              </Typography>
            ))}
          </Box>
        )}
        <Typography variant="caption" color="text.secondary">
          {formatTime(e.at)}
          {e.actorEmail ? ` · ${e.actorEmail}` : e.actorRole && e.actorRole !== 'system' ? ` · ${e.actorRole}` : ''}
        </Typography>
      </Box>
    </Stack>
  );
};

/** Everything that happened on the ticket (events, verifications, comments, codes), and a comment box for the desk. */
export const TicketTimeline = ({ ticketId, version, canComment, canReply, onChanged }: { ticketId: string; version: string; canComment: boolean; canReply: boolean; onChanged: () => void }) => {
  // No polling of its own: the page polls the ticket, whose `version` changes when anything happens on it.
  const timeline = usePolled((signal) => fetchTimeline(ticketId, signal), [ticketId, version]);
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (asReply: boolean) => {
    setSaving(true);
    setError(null);
    try {
      if (asReply) await replyToTicket(ticketId, body);
      else await addComment(ticketId, body);
      setBody('');
      timeline.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card data-testid="ticket-timeline">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Timeline
        </Typography>
        {!timeline.data ? (
          timeline.error ? <Alert severity="error">{errorMessage(timeline.error)}</Alert> : <CircularProgress size={20} />
        ) : timeline.data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            Nothing recorded yet.
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
              label={canReply ? 'A note for the desk, or a reply to the person (never a code or link)' : 'Add a comment'}
              multiline
              minRows={2}
              fullWidth
              value={body}
              onChange={(ev) => setBody(ev.target.value.slice(0, 5000))}
              slotProps={{ htmlInput: { 'data-testid': 'comment-body', maxLength: 5000 } }}
            />
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <Button variant="outlined" onClick={() => submit(false)} disabled={saving || !body.trim()} data-testid="comment-submit">
                {saving ? 'Saving…' : 'Internal note'}
              </Button>
              {canReply && (
                <Button variant="contained" onClick={() => submit(true)} disabled={saving || !body.trim()} data-testid="reply-submit">
                  Reply to the person by e-mail
                </Button>
              )}
            </Stack>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
