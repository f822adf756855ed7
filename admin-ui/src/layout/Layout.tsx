import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, TitlePortal } from 'react-admin';
import { Box } from '@mui/material';
import { LanguageMenu } from './LanguageMenu';
import { LocaleSync } from './LocaleSync';
import { AppMenu } from './Menu';
import { StepUpProvider } from './StepUp';

const AppTopBar = () => (
  <AppBar
    toolbar={
      <>
        <LanguageMenu />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
    <Box sx={{ flex: 1 }} />
  </AppBar>
);

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <StepUpProvider>
    <LocaleSync />
    <Layout menu={AppMenu} appBar={AppTopBar} sx={{ '& .RaLayout-content': { minWidth: 0 } }}>
      {children}
    </Layout>
  </StepUpProvider>
);
