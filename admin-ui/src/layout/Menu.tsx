import type { ReactElement } from 'react';
import { Menu, usePermissions, useTranslate } from 'react-admin';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { DIAGNOSIS_PATH } from '../diagnosis/path';
import { can, type Action } from '../permissions';
import type { Permissions } from '../providers/authProvider';

interface MenuEntry {
  resource: string;
  action: Action;
}

/** Resource entries in display order; each names the action that shows it. Icons and labels come from the <Resource>s. */
const ENTRIES: readonly MenuEntry[] = [
  // The desk's daily work first.
  { resource: 'tickets', action: 'tickets.list' },
  { resource: 'organizations', action: 'organizations.list' },
  { resource: 'severa-users', action: 'severa-users.list' },
  { resource: 'portal-accounts', action: 'portal-accounts.list' },
  { resource: 'identities', action: 'identities.list' },
  { resource: 'login-attempts', action: 'login-attempts.list' },
  { resource: 'recovery-codes', action: 'recovery-codes.list' },
  { resource: 'outbox', action: 'outbox.list' },
  { resource: 'portal-connections', action: 'portal-connections.list' },
  { resource: 'audit-events', action: 'audit-events.list' },
  { resource: 'staff', action: 'staff.manage' },
];

export const AppMenu = (): ReactElement => {
  const { permissions } = usePermissions<Permissions>();
  const roles = permissions?.roles;
  const translate = useTranslate();
  return (
    <Menu>
      <Menu.DashboardItem />
      {can(roles, 'diagnosis.view') && <Menu.Item to={DIAGNOSIS_PATH} primaryText={translate('app.layout.diagnosis')} leftIcon={<PersonSearchIcon />} data-testid="menu-diagnosis" />}
      {ENTRIES.filter((e) => can(roles, e.action)).map((e) => (
        <Menu.ResourceItem key={e.resource} name={e.resource} />
      ))}
    </Menu>
  );
};
