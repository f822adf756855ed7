import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { signin } from './i18n/catalog/signin';
import { initialLocale, type Locale } from './i18n/locale';
import { signedIn } from './signin/api';
import { SignInScreen } from './signin/SignInScreen';
import './signin/signin.css';

/**
 * Boot. A signed-out visit shows the light sign-in screen (React and our catalogs only); react-admin, MUI and the
 * console load after sign-in, or straight away when the browser already holds a session.
 */
const element = document.getElementById('root');
if (!element) throw new Error('Missing #root element');
const root = createRoot(element);
document.documentElement.lang = initialLocale();

async function startConsole(): Promise<void> {
  root.render(
    <p className="boot-loading" role="status">
      {signin[initialLocale()].loading}
    </p>,
  );
  if (/^#\/login\b/.test(location.hash)) history.replaceState(history.state, '', `${location.pathname}${location.search}#/`);
  const [{ App }, { createI18nProvider }] = await Promise.all([import('./App'), import('./i18n')]);
  const i18nProvider = await createI18nProvider();
  root.render(
    <StrictMode>
      <App i18nProvider={i18nProvider} />
    </StrictMode>,
  );
}

const SignInRoot = () => {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  return <SignInScreen locale={locale} onLocale={setLocale} onSignedIn={() => void startConsole()} />;
};

signedIn().then(
  (yes) => (yes ? startConsole() : root.render(<SignInRoot />)),
  () => root.render(<SignInRoot />),
);
