import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { AppMenu } from './Menu';
import { StepUpProvider } from './StepUp';

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <StepUpProvider>
    <Layout menu={AppMenu}>{children}</Layout>
  </StepUpProvider>
);
