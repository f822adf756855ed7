/** The small server-rendered pages an end user sees around a hand-off (no SPA, no scripts), in the reader's language. Pure. */
import type { Locale } from '../../../shared/locales.js';
import { formatInstant, t } from '../i18n/i18n.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f4f6f8; color: #1f2933; margin: 0; }
  main { max-width: 34rem; margin: 12vh auto; background: #fff; border-radius: 8px; padding: 2rem 2.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  p, li { line-height: 1.5; }
  ul { padding-left: 1.25rem; }
  .brand { color: #0b5394; font-weight: 600; letter-spacing: .02em; margin-bottom: 1.25rem; }
  .ref { color: #616e7c; font-size: .85rem; margin-top: 1.5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
  dt { color: #616e7c; }
  dd { margin: 0; overflow-wrap: anywhere; }
  button { font: inherit; padding: .5rem 1rem; border-radius: 4px; border: 1px solid #0b5394; background: #fff; color: #0b5394; cursor: pointer; }
</style>
</head>
<body>
<main>
<div class="brand">Visma Severa</div>
${body}
</main>
</body>
</html>
`;
}

/** What a refused hand-off shows: nothing about which accounts exist or which check failed. */
export function refusedPage(portalName: string, reference: string, locale: Locale = 'en'): string {
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
