import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../shared/locales.js';
import { errors } from '../i18n/catalog/errors';
import { signin } from '../i18n/catalog/signin';
import { interpolate } from '../i18n/define';
import { rememberLocale } from '../i18n/locale';
import { SignInError, submitCode, submitPassword } from './api';
import { fire } from '../common/fire';

type Step = { name: 'password' } | { name: 'code'; challenge: string; email: string };
const CODE_PATTERN = /^\d{6}$/;
/** Set when the person picks a language here: the console then saves it as their preference once signed in. */
export const CHOSEN_AT_SIGN_IN = 'accessDesk.localeChosen';

interface Props {
  locale: Locale;
  onLocale: (locale: Locale) => void;
  /** The session is open (the CSRF token is handed over to the console). */
  onSignedIn: (csrfToken: string) => void;
}

/**
 * Staff sign-in: e-mail and password, then the authenticator code. Plain React and CSS, no react-admin or MUI, so
 * that a signed-out visit downloads little; the console loads after the second step.
 */
export const SignInScreen = ({ locale, onLocale, onSignedIn }: Props) => {
  const t = (key: keyof (typeof signin)['en'], params?: Record<string, unknown>) => interpolate(signin[locale][key], params);
  const errorText = (e: unknown) => {
    const code = e instanceof SignInError ? e.code : 'fallback';
    const table = errors[locale] as Record<string, string>;
    return table[code] ?? table.fallback;
  };
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<{ text: string; field?: 'email' | 'password' | 'code' } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { email: useId(), password: useId(), code: useId(), error: useId(), lang: useId(), heading: useId() };
  const codeRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (step.name === 'code' ? codeRef : emailRef).current?.focus();
  }, [step.name]);

  const onPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      const field = !email.trim() ? 'email' : 'password';
      setError({ text: t(!email.trim() && !password ? 'missingCredentials' : field === 'email' ? 'missingEmail' : 'missingPassword'), field });
      (field === 'email' ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { challenge } = await submitPassword(email.trim(), password);
      setPassword('');
      setCode('');
      setStep({ name: 'code', challenge, email: email.trim() });
    } catch (e) {
      setError({ text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const onCode = async (event: FormEvent) => {
    event.preventDefault();
    if (step.name !== 'code') return;
    if (!CODE_PATTERN.test(code)) {
      setError({ text: t('badCode'), field: 'code' });
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { csrfToken } = await submitCode(step.challenge, code);
      onSignedIn(csrfToken);
    } catch (e) {
      setError({ text: errorText(e), field: 'code' });
      setCode('');
      setBusy(false);
    }
  };

  const startOver = () => {
    setStep({ name: 'password' });
    setCode('');
    setError(null);
  };

  const describedBy = (field: 'email' | 'password' | 'code') => (error?.field === field ? ids.error : undefined);

  return (
    <main className="signin" aria-labelledby={ids.heading}>
      <div className="signin-card">
        <div className="signin-lang">
          <label htmlFor={ids.lang}>{t('language')}</label>
          <select
            id={ids.lang}
            value={locale}
            data-testid="signin-language"
            onChange={(e) => {
              const l = e.target.value as Locale;
              rememberLocale(l);
              try {
                sessionStorage.setItem(CHOSEN_AT_SIGN_IN, l);
              } catch {
                // storage disabled: the console keeps the server's preference
              }
              onLocale(l);
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="signin-head">
          <svg className="signin-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zM9 6c0-1.66 1.34-3 3-3s3 1.34 3 3v2H9V6zm9 14H6V10h12v10zm-6-3c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2z" />
          </svg>
          <h1 id={ids.heading}>{t('product')}</h1>
          <p>{step.name === 'password' ? t('title') : t('titleCode')}</p>
        </div>

        <div className="signin-error" role="alert" aria-live="assertive" id={ids.error}>
          {error ? error.text : null}
        </div>

        {step.name === 'password' ? (
          <form onSubmit={fire(onPassword)} noValidate>
            <label htmlFor={ids.email}>{t('email')}</label>
            <input
              id={ids.email}
              ref={emailRef}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              disabled={busy}
              data-testid="signin-email"
              autoComplete="username"
              maxLength={320}
              aria-invalid={error?.field === 'email' || undefined}
              aria-describedby={describedBy('email')}
            />
            <label htmlFor={ids.password}>{t('password')}</label>
            <input
              id={ids.password}
              ref={passwordRef}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              disabled={busy}
              data-testid="signin-password"
              autoComplete="current-password"
              aria-invalid={error?.field === 'password' || undefined}
              aria-describedby={describedBy('password')}
            />
            <button type="submit" className="signin-primary" disabled={busy} data-testid="signin-submit" aria-busy={busy}>
              {busy ? t('busy') : t('continue')}
            </button>
          </form>
        ) : (
          <form onSubmit={fire(onCode)} noValidate>
            <p className="signin-intro">{t('codeIntro', { email: step.email })}</p>
            <label htmlFor={ids.code}>{t('code')}</label>
            <input
              id={ids.code}
              ref={codeRef}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              required
              disabled={busy}
              data-testid="signin-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              aria-invalid={error?.field === 'code' || undefined}
              aria-describedby={describedBy('code')}
            />
            <button type="submit" className="signin-primary" disabled={busy} data-testid="signin-verify" aria-busy={busy}>
              {busy ? t('busy') : t('verify')}
            </button>
            <button type="button" className="signin-link" onClick={startOver} disabled={busy}>
              {t('otherAccount')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
};
