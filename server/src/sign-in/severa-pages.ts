/** The small server-rendered pages an end user sees around a hand-off (no SPA, no scripts). Pure. */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
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

/**
 * What a refused hand-off shows: the usual causes in plain words (the five checks, generically) and what to tell
 * the administrator. The same page for every refusal: it reveals nothing about which accounts exist or which
 * check failed.
 */
export function refusedPage(portalName: string, reference: string): string {
  const P = escapeHtml(portalName);
  return page(
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

export interface LandingInfo {
  name: string;
  email: string;
  organizationName: string;
  portalName: string;
  signedInAt: Date;
}

export function landingPage(info: LandingInfo): string {
  return page(
    `Visma Severa – ${info.name}`,
    `<h1 data-testid="severa-signed-in">Signed in as ${escapeHtml(info.name)}</h1>
<dl>
  <dt>Severa user</dt><dd data-testid="severa-user-email">${escapeHtml(info.email)}</dd>
  <dt>Organization</dt><dd>${escapeHtml(info.organizationName)}</dd>
  <dt>Signed in from</dt><dd>${escapeHtml(info.portalName)}, ${escapeHtml(info.signedInAt.toISOString().replace('T', ' ').slice(0, 16))} UTC</dd>
</dl>
<p>Your Severa session does not depend on ${escapeHtml(info.portalName)} any more: it lasts as long as you keep using Severa. After signing out, sign in again ${info.portalName === 'Visma Connect' ? 'with Visma Connect' : 'from the portal'}.</p>
<form method="post" action="/severa/sign-out"><button type="submit">Sign out of Severa</button></form>`,
  );
}

export function notSignedInPage(): string {
  return page(
    'Not signed in to Visma Severa',
    `<h1>You are not signed in to Visma Severa</h1>
<p>Open Visma Severa from MyVisma or Azets Work to sign in, or <a href="/severa/sign-in" data-testid="severa-connect-sign-in">sign in with Visma Connect</a>.</p>`,
  );
}

export function signedOutPage(): string {
  return page(
    'Signed out of Visma Severa',
    `<h1>You have signed out of Visma Severa</h1>
<p>To sign in again, open Visma Severa from MyVisma or Azets Work.</p>`,
  );
}
