import { useState } from 'react';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useGetList, useNotify, usePermissions } from 'react-admin';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import { inviteIdentity } from '../tickets/api';

/**
 * Identities → Invite. The answer is the same whether or not the address already has an account (the person then
 * gets a "you already have an account" e-mail), so the console says only that the invitation is on its way.
 */
export const InviteButton = () => {
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: orgs } = useGetList<{ id: string; name: string }>('organizations', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  if (!can(permissions?.roles, 'identities.invite')) return null;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await inviteIdentity({ email: email.trim(), name: name.trim(), organizationId });
      notify(`Invitation on its way to ${email.trim()}`, { type: 'info' });
      setOpen(false);
      setEmail('');
      setName('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" startIcon={<PersonAddIcon />} onClick={() => setOpen(true)} data-testid="invite-open">
        Invite
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>Invite a person to the Customer Portal</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary">
            They get an e-mail with an activation link (valid 24 hours). Someone who already has an account gets a reminder to sign in instead.
          </Typography>
          <Stack spacing={2} sx={{ mt: 2 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value.slice(0, 320))} slotProps={{ htmlInput: { 'data-testid': 'invite-email' } }} />
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value.slice(0, 200))} slotProps={{ htmlInput: { 'data-testid': 'invite-name' } }} />
            <TextField select label="Organization" value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'invite-org' } }}>
              {(orgs ?? []).map((o) => (
                <MenuItem key={o.id} value={o.id}>
                  {o.name}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="contained" onClick={submit} disabled={busy || !email.trim() || !name.trim() || !organizationId} data-testid="invite-submit">
            Send invitation
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
