import { useState } from 'react';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useGetList, useNotify, usePermissions, useTranslate } from 'react-admin';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorKey } from '../providers/http';
import { inviteIdentity } from '../tickets/api';
import { fire } from '../common/fire';

/**
 * Identities → Invite. The answer is the same whether or not the address already has an account (the person then
 * gets a "you already have an account" e-mail), so the console says only that the invitation is on its way.
 */
export const InviteButton = () => {
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const translate = useTranslate();
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
      notify('app.people.invitationSent', { type: 'info', messageArgs: { email: email.trim() } });
      setOpen(false);
      setEmail('');
      setName('');
    } catch (e) {
      setError(translate(errorKey(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" startIcon={<PersonAddIcon />} onClick={() => setOpen(true)} data-testid="invite-open">
        {translate('app.people.invite')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="invite-title">
        <DialogTitle id="invite-title">{translate('app.people.inviteTitle')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary">
            {translate('app.people.inviteText')}
          </Typography>
          <Stack spacing={2} sx={{ mt: 2 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField label={translate('app.people.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value.slice(0, 320))} slotProps={{ htmlInput: { 'data-testid': 'invite-email' } }} />
            <TextField label={translate('app.people.name')} value={name} onChange={(e) => setName(e.target.value.slice(0, 200))} slotProps={{ htmlInput: { 'data-testid': 'invite-name' } }} />
            <TextField select label={translate('app.common.organization')} value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'invite-org' } }}>
              {(orgs ?? []).map((o) => (
                <MenuItem key={o.id} value={o.id}>
                  {o.name}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={fire(submit)} disabled={busy || !email.trim() || !name.trim() || !organizationId} data-testid="invite-submit">
            {translate('app.people.sendInvitation')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
