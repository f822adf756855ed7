/** The small server-rendered pages an end user sees around a hand-off (no SPA, no scripts), in the reader's language. Pure. */
import { DEFAULT_LOCALE, localeFromAcceptLanguage, type Locale } from '../../../shared/locales.js';
import { formatInstant, t } from '../i18n/i18n.js';
import { escapeHtml, htmlPage } from '../common/html-page.js';

/** The end user's browser language (these pages know no identity before the hand-off is verified). */
export const readerLocale = (req: { headers: Record<string, string | string[] | undefined> }): Locale =>
  localeFromAcceptLanguage(req.headers['accept-language'] as string | undefined) ?? DEFAULT_LOCALE;

/** The Severa pages' own layout: one card in the middle. */
const SEVERA_STYLES = `  main { max-width: 34rem; margin: 12vh auto; background: #fff; border-radius: 8px; padding: 2rem 2.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  p, li { line-height: 1.5; }
  ul { padding-left: 1.25rem; }
  .brand { margin-bottom: 1.25rem; }
  .ref { color: #616e7c; font-size: .85rem; margin-top: 1.5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
  dt { color: #616e7c; }
  dd { margin: 0; overflow-wrap: anywhere; }
  button { padding: .5rem 1rem; border-radius: 4px; border: 1px solid #0b5394; background: #fff; color: #0b5394; cursor: pointer; }`;

/** A Severa page in the pages' shared shell (common/html-page). */
export function page(locale: Locale, title: string, body: string): string {
  return htmlPage({ lang: locale, title, brand: 'Visma Severa', styles: SEVERA_STYLES, body });
}

/** What a refused hand-off shows: nothing about which accounts exist or which check failed. */
export function refusedPage(portalName: string, reference: string, locale: Locale = 'en'): string {
  if (locale === 'en') return refusedPageEnglish(portalName, reference);
  return page(
    locale,
    t(locale, 'severa.refusedTitle'),
    `<h1>${escapeHtml(t(locale, 'severa.refusedTitle'))}</h1>
<p>${escapeHtml(t(locale, 'severa.refusedLead', { portal: portalName }))}</p>
<p>${escapeHtml(t(locale, 'severa.refusedHelp'))}</p>
<p class="ref">${escapeHtml(t(locale, 'severa.reference'))} <code data-testid="attempt-reference">${escapeHtml(reference)}</code></p>`,
  );
}

export interface LandingInfo {
  name: string;
  email: string;
  organizationName: string;
  portalName: string;
  signedInAt: Date;
}

export function landingPage(info: LandingInfo, locale: Locale = 'en'): string {
  return page(
    locale,
    `Visma Severa – ${info.name}`,
    `<h1 data-testid="severa-signed-in">${escapeHtml(t(locale, 'severa.signedInAs', { name: info.name }))}</h1>
<dl>
  <dt>${escapeHtml(t(locale, 'severa.user'))}</dt><dd data-testid="severa-user-email">${escapeHtml(info.email)}</dd>
  <dt>${escapeHtml(t(locale, 'severa.organization'))}</dt><dd>${escapeHtml(info.organizationName)}</dd>
  <dt>${escapeHtml(t(locale, 'severa.signedInFrom'))}</dt><dd>${escapeHtml(info.portalName)}, ${escapeHtml(formatInstant(info.signedInAt, locale))}</dd>
</dl>
<p>${escapeHtml(t(locale, 'severa.independent', { portal: info.portalName }))}</p>
<form method="post" action="/severa/sign-out"><button type="submit">${escapeHtml(t(locale, 'severa.signOut'))}</button></form>`,
  );
}

export function notSignedInPage(locale: Locale = 'en'): string {
  return page(
    locale,
    t(locale, 'severa.notSignedInTitle'),
    `<h1>${escapeHtml(t(locale, 'severa.notSignedInTitle'))}</h1>\n<p>${escapeHtml(t(locale, 'severa.notSignedIn'))}</p>
<p><a href="/severa/sign-in" data-testid="severa-connect-sign-in">Visma Connect</a></p>`,
  );
}

export function signedOutPage(locale: Locale = 'en'): string {
  return page(locale, t(locale, 'severa.signedOutTitle'), `<h1>${escapeHtml(t(locale, 'severa.signedOutTitle'))}</h1>\n<p>${escapeHtml(t(locale, 'severa.signedOut'))}</p>`);
}

/**
 * The English refusal in full: the usual causes in plain words (the five checks, generically) and what to tell the
 * administrator. The same page for every refusal: it reveals nothing about which accounts exist or which check failed.
 */
function refusedPageEnglish(portalName: string, reference: string): string {
  const P = escapeHtml(portalName);
  return page(
    'en',
    'Sign-in could not be completed',
    `<h1>Sign-in could not be completed</h1>
<p>You could not be signed in to Visma Severa from ${P}.</p>
<p>This usually has one of these causes. Only your administrator can check which one applies:</p>
<ul data-testid="refusal-causes">
  <li>Your company has not activated the ${P} add-on in Visma Severa, or it has been turned off.</li>
  <li>Your company no longer has a Visma Severa subscription.</li>
  <li>Your e-mail address is spelled differently in ${P} and in Visma Severa. The two must be exactly the same, including capital letters.</li>
  <li>Your Visma Severa user has been deactivated.</li>
  <li>There is a problem with the connection between ${P} and Visma Severa.</li>
</ul>
<p><strong>What to do:</strong> contact your company's Visma Severa administrator. Tell them the time, that you tried to open Visma Severa from ${P}, the e-mail address you use in ${P}, and the reference below. With the reference they can see why the sign-in did not succeed, and fix it or contact Visma customer service.</p>
<p class="ref">Reference: <code data-testid="attempt-reference">${escapeHtml(reference)}</code></p>`,
  );
}
