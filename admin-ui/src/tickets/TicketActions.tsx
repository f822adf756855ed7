import { useEffect, useState } from 'react';
import { List, ListItemButton, ListItemText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useDataProvider, useGetList, useNotify } from 'react-admin';
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
      notify(`Linked to ${identity.email}`, { type: 'info' });
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog open={open} onClose={onClose} title="Link the ticket to an identity" error={error ?? searchError} busy={busy}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Who the caller says they are is only a claim: linking names the identity; verification then confirms the caller owns it.
      </Typography>
      <TextField autoFocus fullWidth label="Name or e-mail" value={q} onChange={(e) => setQ(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'link-search' } }} sx={{ mt: 1 }} />
      <List dense>
        {hits.map((h) => (
          <ListItemButton key={h.id} onClick={() => void link(h)} disabled={busy} data-testid="link-hit">
            <ListItemText primary={`${h.displayName} <${h.email}>`} secondary={h.status} />
          </ListItemButton>
        ))}
        {q.trim().length >= 2 && hits.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
            No identity matches. A person of an organization without one can be invited (the organization’s admin confirms).
          </Typography>
        )}
      </List>
    </ActionDialog>
  );
};

/** "Invite": ask the organization's admin to confirm an invitation for a caller without an identity. */
export const RequestInvitationDialog = ({ ticket, open, onClose, onDone }: TicketDialogProps) => {
  const notify = useNotify();
  const { busy, error, run } = useAction();
  const { data: orgs } = useGetList<{ id: string; name: string }>('organizations', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  const [organizationId, setOrganizationId] = useState(ticket.organizationId ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(ticket.callerEmail ?? '');
  const submit = async () => {
    if (await run(() => requestInvitation(ticket.id, { organizationId, name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}) }))) {
      notify('Invitation sent to the organization’s admin for confirmation', { type: 'info' });
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog
      open={open}
      onClose={onClose}
      title="Invite the caller (confirmed by their org admin)"
      error={error}
      busy={busy}
      submit={{ label: 'Ask the org admin', onClick: () => void submit(), disabled: !organizationId || !name.trim(), testId: 'invite-request-submit' }}
    >
      <Stack spacing={2} sx={{ mt: 1 }}>
        <TextField select label="Organization" value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'invite-org' } }}>
          {(orgs ?? []).map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value.slice(0, 200))} slotProps={{ htmlInput: { 'data-testid': 'invite-name' } }} />
        <TextField label="E-mail" value={email} onChange={(e) => setEmail(e.target.value.slice(0, 320))} helperText="An address of the organization’s Severa user or of a domain it owns" />
      </Stack>
    </ActionDialog>
  );
};

/** Resolving by hand: the server asks what was done. */
export const ResolveDialog = ({ ticket, open, onClose, onDone }: TicketDialogProps) => {
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
      title={`Resolve ticket #${ticket.number} by hand`}
      error={error}
      busy={busy}
      submit={{ label: 'Resolve', onClick: () => void submit(), disabled: !note.trim(), color: 'success', testId: 'resolve-submit' }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {ticket.status === 'code-issued'
          ? 'The ticket resolves by itself when the person has stored their new emergency code. Resolve by hand only if the work is done another way.'
          : 'Say what was done: the note goes on the ticket.'}
      </Typography>
      <TextField autoFocus fullWidth multiline minRows={2} label="What was done" value={note} onChange={(e) => setNote(e.target.value.slice(0, 2000))} slotProps={{ htmlInput: { 'data-testid': 'resolve-note' } }} />
    </ActionDialog>
  );
};
