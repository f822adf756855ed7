import { Admin, Resource } from 'react-admin';
import { identities } from './identities';
import { AppLayout } from './layout/Layout';
import { loginAttempts } from './login-attempts';
import { organizations } from './organizations';
import { Dashboard } from './pages/Dashboard';
import { SignInPage } from './pages/SignInPage';
import { portalAccounts } from './portal-accounts';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { severaUsers } from './severa-users';

export const App = () => (
  <Admin
    title="Access Desk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    loginPage={SignInPage}
    dashboard={Dashboard}
    layout={AppLayout}
    requireAuth
    disableTelemetry
  >
    <Resource name="organizations" {...organizations} />
    <Resource name="severa-users" {...severaUsers} />
    <Resource name="portal-accounts" {...portalAccounts} />
    <Resource name="identities" {...identities} />
    <Resource name="login-attempts" {...loginAttempts} />
  </Admin>
);
