import type { ReactElement } from 'react';
import { Menu, usePermissions } from 'react-admin';
import { can, type Action } from '../permissions';
import type { Permissions } from '../providers/authProvider';

interface MenuEntry {
  resource: string;
  action: Action;
}

/** Resource entries in display order; each names the action that shows it. Icons and labels come from the <Resource>s. */
const ENTRIES: readonly MenuEntry[] = [
  { resource: 'organizations', action: 'organizations.list' },
  { resource: 'severa-users', action: 'severa-users.list' },
  { resource: 'portal-accounts', action: 'portal-accounts.list' },
  { resource: 'identities', action: 'identities.list' },
  { resource: 'login-attempts', action: 'login-attempts.list' },
];

export const AppMenu = (): ReactElement => {
  const { permissions } = usePermissions<Permissions>();
  const roles = permissions?.roles;
  return (
    <Menu>
      <Menu.DashboardItem primaryText="Dashboard" />
      {ENTRIES.filter((e) => can(roles, e.action)).map((e) => (
        <Menu.ResourceItem key={e.resource} name={e.resource} />
      ))}
    </Menu>
  );
};
