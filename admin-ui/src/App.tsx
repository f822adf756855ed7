import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { DIAGNOSIS_PATH, DiagnosisPage } from './diagnosis/DiagnosisPage';
import { portalConnections } from './portal-connections';
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
import { tickets } from './tickets';
import { recoveryCodes } from './recovery-codes';
import { outbox } from './outbox';
import { auditEvents } from './audit-events';
import { staff } from './staff';

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
    <Resource name="tickets" {...tickets} />
    <Resource name="recovery-codes" {...recoveryCodes} />
    <Resource name="outbox" {...outbox} />
    <Resource name="portal-connections" {...portalConnections} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="staff" {...staff} />
    <CustomRoutes>
      <Route path={DIAGNOSIS_PATH} element={<DiagnosisPage />} />
    </CustomRoutes>
  </Admin>
);
