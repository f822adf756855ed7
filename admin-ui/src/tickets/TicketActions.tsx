import { useEffect, useState } from 'react';
import { List, ListItemButton, ListItemText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useDataProvider, useGetList, useNotify, useTranslate } from 'react-admin';
import { ActionDialog, useAction } from '../common/ActionDialog';
import { errorMessage } from '../providers/http';
import { requestInvitation, updateTicket, type TicketRecord } from './api';

interface IdentityHit {
  id: string;
  email: string;
  displayName: string;
  status: string;
}

type TicketDialogProps = { ticket: TicketRecord; open: boolean; onClose: () => void; onDone: () => void };

/** "Link identity": search identities by name or e-mail and link one (the change is audited by the server). */
export const LinkIdentityDialog = ({ ticket, open, onClose, onDone }: TicketDialogProps) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const translate = useTranslate();
  const { busy, error, run } = useAction();
  const [searchError, setSearchError] = useState<string | null>(null);
  const [q, setQ] = useState(ticket.callerEmail ?? '');
  const [hits, setHits] = useState<IdentityHit[]>([]);
  useEffect(() => {
    if (!open || q.trim().length < 2) return setHits([]);
    const timer = setTimeout(() => {
      setSearchError(null);
      dataProvider
        .getList<IdentityHit>('identities', { pagination: { page: 1, perPage: 10 }, sort: { field: 'email', order: 'ASC' }, filter: { q: q.trim() } })
        .then((r) => setHits(r.data), (e: unknown) => setSearchError(errorMessage(e)));
    }, 250);
    return () => clearTimeout(timer);
  }, [q, open, dataProvider]);
  const link = async (identity: IdentityHit) => {
    if (busy) return;
    if (await run(() => updateTicket(ticket.id, { identityId: identity.id }))) {
      notify('app.ticketActions.link.done', { type: 'info', messageArgs: { email: identity.email } });
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog open={open} onClose={onClose} title={translate('app.ticketActions.link.title')} error={error ?? searchError} busy={busy}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.ticketActions.link.intro')}
      </Typography>
      <TextField autoFocus fullWidth label={translate('app.ticketActions.link.search')} value={q} onChange={(e) => setQ(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'link-search' } }} sx={{ mt: 1 }} />
      <List dense>
        {hits.map((h) => (
          <ListItemButton key={h.id} onClick={() => void link(h)} disabled={busy} data-testid="link-hit">
            <ListItemText primary={`${h.displayName} <${h.email}>`} secondary={translate(`app.common.identityStatus.${h.status}`, { _: h.status })} />
          </ListItemButton>
        ))}
        {q.trim().length >= 2 && hits.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
            {translate('app.ticketActions.link.noMatch')}
          </Typography>
        )}
      </List>
    </ActionDialog>
  );
};

/** "Invite": ask the organization's admin to confirm an invitation for a caller without an identity. */
export const RequestInvitationDialog = ({ ticket, open, onClose, onDone }: TicketDialogProps) => {
  const notify = useNotify();
  const translate = useTranslate();
  const { busy, error, run } = useAction();
  const { data: orgs } = useGetList<{ id: string; name: string }>('organizations', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  const [organizationId, setOrganizationId] = useState(ticket.organizationId ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(ticket.callerEmail ?? '');
  const submit = async () => {
    if (await run(() => requestInvitation(ticket.id, { organizationId, name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}) }))) {
      notify('app.ticketActions.invite.done', { type: 'info' });
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog
      open={open}
      onClose={onClose}
      title={translate('app.ticketActions.invite.title')}
      error={error}
      busy={busy}
      submit={{ label: translate('app.ticketActions.invite.submit'), onClick: () => void submit(), disabled: !organizationId || !name.trim(), testId: 'invite-request-submit' }}
    >
      <Stack spacing={2} sx={{ mt: 1 }}>
        <TextField select label={translate('app.ticketActions.invite.organization')} value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'invite-org' } }}>
          {(orgs ?? []).map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={translate('app.ticketActions.invite.name')} value={name} onChange={(e) => setName(e.target.value.slice(0, 200))} slotProps={{ htmlInput: { 'data-testid': 'invite-name' } }} />
        <TextField label={translate('app.ticketActions.invite.email')} value={email} onChange={(e) => setEmail(e.target.value.slice(0, 320))} helperText={translate('app.ticketActions.invite.emailHelp')} />
      </Stack>
    </ActionDialog>
  );
};

/** Resolving by hand: the server asks what was done. */
export const ResolveDialog = ({ ticket, open, onClose, onDone }: TicketDialogProps) => {
  const translate = useTranslate();
  const { busy, error, run } = useAction();
  const [note, setNote] = useState('');
  const submit = async () => {
    if (await run(() => updateTicket(ticket.id, { status: 'resolved', note: note.trim() }))) {
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog
      open={open}
      onClose={onClose}
      title={translate('app.ticketActions.resolve.title', { number: ticket.number })}
      error={error}
      busy={busy}
      submit={{ label: translate('app.ticketActions.resolve.submit'), onClick: () => void submit(), disabled: !note.trim(), color: 'success', testId: 'resolve-submit' }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(ticket.status === 'code-issued' ? 'app.ticketActions.resolve.codeIssued' : 'app.ticketActions.resolve.other')}
      </Typography>
      <TextField autoFocus fullWidth multiline minRows={2} label={translate('app.ticketActions.resolve.note')} value={note} onChange={(e) => setNote(e.target.value.slice(0, 2000))} slotProps={{ htmlInput: { 'data-testid': 'resolve-note' } }} />
    </ActionDialog>
  );
};
