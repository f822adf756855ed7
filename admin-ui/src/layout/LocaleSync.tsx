import { useEffect, useRef } from 'react';
import { useGetIdentity, useLocaleState } from 'react-admin';
import { isLocale } from '../../../shared/locales.js';
import { apiFetch } from '../providers/http';
import { CHOSEN_AT_SIGN_IN } from '../signin/SignInScreen';

/**
 * Keeps the console's language and the staff member's stored preference in step:
 * - after sign-in, a language picked on the sign-in screen is saved; otherwise the stored preference wins, and a
 *   first-timer's browser language becomes their preference;
 * - every later choice in the app bar's language menu is saved (`PUT /api/auth/me/locale`).
 */
export const LocaleSync = () => {
  const [locale, setLocale] = useLocaleState();
  const { identity } = useGetIdentity();
  const saved = useRef<string | null | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    if (!identity || saved.current !== undefined) return;
    const stored = isLocale(identity.locale) ? identity.locale : null;
    let chosen: string | null = null;
    try {
      chosen = sessionStorage.getItem(CHOSEN_AT_SIGN_IN);
      sessionStorage.removeItem(CHOSEN_AT_SIGN_IN);
    } catch {
      // storage disabled
    }
    if (stored && !isLocale(chosen)) {
      saved.current = stored;
      if (stored !== locale) setLocale(stored);
    } else {
      saved.current = stored;
    }
  }, [identity, locale, setLocale]);

  useEffect(() => {
    if (saved.current === undefined || saved.current === locale || !isLocale(locale)) return;
    saved.current = locale;
    apiFetch('/api/auth/me/locale', { method: 'PUT', body: JSON.stringify({ locale }) }).catch(() => {
      saved.current = null; // try again on the next change
    });
  }, [locale, identity]);

  return null;
};
