import { lazy, useEffect } from 'react';
import { Admin, CustomRoutes, Resource, type I18nProvider } from 'react-admin';
import { Route } from 'react-router-dom';
import { DIAGNOSIS_PATH } from './diagnosis/path';
import { portalConnections } from './portal-connections';
import { identities } from './identities';
import { AppLayout } from './layout/Layout';
import { loginAttempts } from './login-attempts';
import { organizations } from './organizations';
import { portalAccounts } from './portal-accounts';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { severaUsers } from './severa-users';
import { tickets } from './tickets';
import { recoveryCodes } from './recovery-codes';
import { outbox } from './outbox';
import { auditEvents } from './audit-events';
import { staff } from './staff';
import { theme } from './theme';

// Heavy pages load on demand: the dashboard's charts and the diagnosis page are chunks of their own.
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.Dashboard })));
const DiagnosisPage = lazy(() => import('./diagnosis/DiagnosisPage').then((m) => ({ default: m.DiagnosisPage })));

/**
 * react-admin sends signed-out visitors to #/login. The sign-in screen lives outside react-admin (main.tsx keeps it
 * light), so reload: the boot code then shows it, and brings the visitor back here once signed in.
 */
const BackToSignIn = () => {
  useEffect(() => {
    window.location.reload();
  }, []);
  return null;
};

export const App = ({ i18nProvider }: { i18nProvider: I18nProvider }) => (
  <Admin
    title="Access Desk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    theme={theme}
    loginPage={BackToSignIn}
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
