import { useState, type MouseEvent } from 'react';
import { Button } from '@mui/material';
import { useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
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
        {translate(activate ? 'app.records.activate' : 'app.records.deactivate')}
      </Button>
      {open && (
        <span onClick={(e) => e.stopPropagation()}>
          <ReasonDialog
            open
            title={translate(activate ? 'app.records.activateTitle' : 'app.records.deactivateTitle', { email: record.email })}
            text={translate(activate ? 'app.records.activateText' : 'app.records.deactivateText')}
            confirmLabel={translate(activate ? 'app.records.activate' : 'app.records.deactivate')}
            onConfirm={async (reason) => {
              await setSeveraUserActive(record.id, activate, reason);
              notify(activate ? 'app.records.activated' : 'app.records.deactivated', { type: 'success' });
              refresh();
            }}
            onClose={() => setOpen(false)}
          />
        </span>
      )}
    </>
  );
};
