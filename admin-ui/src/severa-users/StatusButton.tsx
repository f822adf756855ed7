import { useState, type MouseEvent } from 'react';
import { Button } from '@mui/material';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import type { SeveraUser } from '../types';
import { setSeveraUserActive } from '../diagnosis/api';
import { ReasonDialog } from '../diagnosis/ReasonDialog';

/** Activate / deactivate a Severa user, with a reason (and the step-up dialog, which the HTTP client opens). */
export const SeveraUserStatusButton = (_: { label?: string; source?: string }) => {
  const record = useRecordContext<SeveraUser>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!record || !can(permissions?.roles, 'severa-users.change')) return null;
  const activate = !record.active;

  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color={activate ? 'success' : 'warning'}
        data-testid={activate ? 'severa-user-activate' : 'severa-user-deactivate'}
        onClick={(e: MouseEvent) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        {activate ? 'Activate' : 'Deactivate'}
      </Button>
      {open && (
        <span onClick={(e) => e.stopPropagation()}>
          <ReasonDialog
            open
            title={activate ? `Activate ${record.email}?` : `Deactivate ${record.email}?`}
            text={
              activate
                ? 'The user can sign in to Visma Severa again (from the portals too, when the other checks pass). This needs a fresh authenticator code. Why?'
                : 'The user can no longer sign in to Visma Severa, and an open Severa session ends. This needs a fresh authenticator code. Why?'
            }
            confirmLabel={activate ? 'Activate' : 'Deactivate'}
            onConfirm={async (reason) => {
              await setSeveraUserActive(record.id, activate, reason);
              notify(activate ? 'The Severa user is active.' : 'The Severa user is inactive.', { type: 'success' });
              refresh();
            }}
            onClose={() => setOpen(false)}
          />
        </span>
      )}
    </>
  );
};
