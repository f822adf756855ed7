import { useEffect } from 'react';
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
/**
 * What is saved for whom, kept outside the component: the layout remounts when the language changes, and a fresh
 * ref would apply the stored preference again (cached, still the old language) over the one just chosen.
 */
const sync: { identityId: string | number | null; saved: string | null | undefined } = { identityId: null, saved: undefined };

export const LocaleSync = () => {
  const [locale, setLocale] = useLocaleState();
  const { identity } = useGetIdentity();
  if (identity && sync.identityId !== identity.id) {
    sync.identityId = identity.id;
    sync.saved = undefined;
  }

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    if (!identity || sync.saved !== undefined) return;
    const stored = isLocale(identity.locale) ? identity.locale : null;
    let chosen: string | null = null;
    try {
      chosen = sessionStorage.getItem(CHOSEN_AT_SIGN_IN);
      sessionStorage.removeItem(CHOSEN_AT_SIGN_IN);
    } catch {
      // storage disabled
    }
    if (stored && !isLocale(chosen)) {
      sync.saved = stored;
      if (stored !== locale) setLocale(stored);
    } else {
      sync.saved = stored;
    }
  }, [identity, locale, setLocale]);

  useEffect(() => {
    if (sync.saved === undefined || sync.saved === locale || !isLocale(locale)) return;
    sync.saved = locale;
    apiFetch('/api/auth/me/locale', { method: 'PUT', body: JSON.stringify({ locale }) }).catch(() => {
      sync.saved = null; // try again on the next change
    });
  }, [locale, identity]);

  return null;
};
