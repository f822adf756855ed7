/** The organization choice when the person's e-mail is a Severa user in several organizations (server-rendered, no scripts). */
import type { SeveraChoice } from '../../../shared/two-factor.js';
import { page } from './severa-pages.js';
import { escapeHtml } from '../common/html-page.js';

export function chooseOrganizationPage(choices: SeveraChoice[]): string {
  const buttons = choices
    .map((c) => `<li><button type="submit" name="organizationId" value="${escapeHtml(c.organizationId)}" data-testid="choose-organization">${escapeHtml(c.organizationName)}</button></li>`)
    .join('\n');
  return page(
    'en',
    'Choose an organization – Visma Severa',
    `<h1>Choose an organization</h1>
<p>You have a Severa user in several organizations. Which one do you want to open?</p>
<form method="post" action="/severa/sign-in"><ul style="list-style:none;padding:0;display:grid;gap:.6rem">${buttons}</ul></form>`,
  );
}
