import { useMemo, type ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, TitlePortal, useTranslate } from 'react-admin';
import { ThemeProvider, type Theme } from '@mui/material';
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
    {/* The title takes the whole free width (ellipsis only when it really does not fit), not half of it. */}
    <TitlePortal sx={{ minWidth: 0 }} />
  </AppBar>
);

/** Progress indicators get a name in the console's language (axe: aria-progressbar-name). */
const NamedProgress = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  const label = translate('ra.page.loading');
  const withName = useMemo(
    () => (outer: Theme) => ({ ...outer, components: { ...outer.components, MuiCircularProgress: { ...outer.components?.MuiCircularProgress, defaultProps: { 'aria-label': label } }, MuiLinearProgress: { defaultProps: { 'aria-label': label } } } }),
    [label],
  );
  return <ThemeProvider theme={withName}>{children}</ThemeProvider>;
};

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <StepUpProvider>
    <LocaleSync />
    <NamedProgress>
      <Layout menu={AppMenu} appBar={AppTopBar} sx={{ minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 } }}>
        {children}
      </Layout>
    </NamedProgress>
  </StepUpProvider>
);
