/**
 * Languages, accessibility and weight, in Chromium:
 * - the signed-out console downloads at most 150 KB of JavaScript (compressed, as served), hashed assets come
 *   precompressed and immutable, index.html is not cached, and the load logs no console error;
 * - axe-core (WCAG 2.0/2.1 A + AA) finds no serious or critical violation on each page and state visited, and no
 *   page scrolls sideways at 390 px (WCAG 1.4.10);
 * - the console follows the language menu (remembered for the staff member on the server), the Connect pages follow
 *   their switcher; screenshots of the diagnosis page in Finnish and the Connect sign-in in Swedish.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeSerious, horizontalOverflow, startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, LEAD, StaffClient, SUPERVISOR } from '../create-test-app.js';
import { Identity } from '../../server/src/identities/identity.entity.js';
import { FAILURE_REASONS } from '../../shared/sign-in.js';
import { attemptOf, DEMO_PORTAL_SECRET, orgId, postRaw, sign } from '../support/sign-in-fixtures.js';

const BUDGET_BYTES = 150 * 1024;
const PAGES = (process.env.A11Y_PAGES ?? '/,/organizations,/severa-users,/portal-accounts,/identities,/login-attempts,/tickets,/recovery-codes,/outbox,/portal-connections,/audit-events,/staff').split(',');

/** axe and the 390-px reflow check on the page as it is; a name for the failure message. */
/**
 * Pages whose 390-px check is skipped (axe still runs at both widths). Empty: every list reflows through the theme
 * (the toolbar stacks, wide tables scroll inside their own named region, admin-ui/src/layout/ListContent.tsx).
 * A page may only be added here with a reason, as a known gap.
 */
const REFLOW_KNOWN_WIDE = new Set<string>([]);

async function audit(page: Page, name: string, problems: string[], { reflow = true } = {}): Promise<void> {
  for (const v of await axeSerious(page)) problems.push(`${name}: axe ${v.impact} ${v.id} (${v.help}) → ${v.targets.join(' | ')}`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const o = await horizontalOverflow(page);
  if (reflow && o.scrollWidth > o.clientWidth + 1) problems.push(`${name}: ${o.scrollWidth} px wide at 390 px → ${o.widest.join(', ')}`);
  for (const v of await axeSerious(page)) problems.push(`${name} @390: axe ${v.impact} ${v.id} (${v.help}) → ${v.targets.join(' | ')}`);
  await page.setViewportSize(size);
}

describe('languages, accessibility and weight', () => {
  let run: BrowserRun;
  const consoleErrors: string[] = [];
  const missingTranslations: string[] = [];

  before(async () => {
    run = await startBrowserRun();
    run.page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
      if (/Missing translation/i.test(m.text())) missingTranslations.push(m.text());
    });
  });
  after(async () => run.close());

  it('the signed-out console loads at most 150 KB of compressed JavaScript, without console errors', async () => {
    const { page } = run;
    const scripts = new Map<string, number>();
    const onResponse = async (res: import('playwright-core').Response) => {
      if (!/\.js(\?|$)/.test(res.url())) return;
      const headers = await res.allHeaders();
      const body = await res.body().catch(() => Buffer.alloc(0));
      // the bytes on the wire: the compressed length the server sent
      scripts.set(res.url(), Number(headers['content-length'] ?? body.length));
    };
    page.on('response', onResponse);
    consoleErrors.length = 0;
    await page.goto(run.baseUrl + '/', { waitUntil: 'networkidle' });
    await page.getByTestId('signin-submit').waitFor();
    page.off('response', onResponse);
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(`signed-out console: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB compressed (budget ${BUDGET_BYTES / 1024} KB)`);
    assert.ok(total > 0 && total <= BUDGET_BYTES, `${total} bytes of JavaScript`);
    assert.deepEqual(consoleErrors, []);

    const asset = [...scripts.keys()][0];
    const br = await fetch(asset, { headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/i);
    const gz = await fetch(asset, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    const plain = await fetch(asset, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal((await plain.text()).length > Number(br.headers.get('content-length')), true);
    const index = await fetch(run.baseUrl + '/');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
  });

  it('sign-in: accessible in both steps and with an error, and reflows at 390 px', async () => {
    const { page } = run;
    const problems: string[] = [];
    await audit(page, 'sign-in', problems);
    await page.getByTestId('signin-submit').click();
    await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
    assert.equal(await page.getByTestId('signin-email').getAttribute('aria-invalid'), 'true');
    await audit(page, 'sign-in error', problems);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('the console in Finnish: the language menu is remembered for the staff member; every page passes axe and reflows', async () => {
    const { page } = run;
    const problems: string[] = [];
    await run.signIn(SUPERVISOR);
    await page.getByTestId('language-menu').waitFor({ timeout: 20_000 });
    await page.getByTestId('language-menu').click();
    await page.getByTestId('language-fi').click();
    await page.getByText('Yleisnäkymä').first().waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    // remembered on the server, for this staff member
    await page.waitForTimeout(500);
    const me = await run.t.ds.getRepository(Identity).findOneByOrFail({ email: SUPERVISOR });
    assert.equal(me.locale, 'fi');

    for (const path of PAGES) {
      await page.goto(`${run.baseUrl}/#${path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      await audit(page, `console ${path}`, problems, { reflow: !REFLOW_KNOWN_WIDE.has(path) });
    }

    await page.goto(`${run.baseUrl}/#/diagnosis`);
    await page.getByTestId('diagnosis-email').waitFor({ timeout: 20_000 });
    await page.getByTestId('diagnosis-organization').fill('Northwind');
    await page.getByRole('option', { name: 'Northwind Consulting' }).click();
    await page.getByTestId('diagnosis-email').fill('ben.koski@northwind.test');
    await page.getByTestId('diagnosis-submit').click();
    await page.getByTestId('check-SEVERA_USER_INACTIVE').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    // the API's codes rendered by the Finnish catalog: evidence, owner, the check's name
    assert.match((await page.getByTestId('check-SEVERA_USER_INACTIVE').getByTestId('check-evidence').textContent()) ?? '', /poisti käytöstä admin@northwind\.test/);
    assert.match((await page.getByTestId('check-SEVERA_USER_INACTIVE').textContent()) ?? '', /Severa-käyttäjä on aktiivinen/);
    // Only the translated titles are text; each check's code stays at hand as the title's tooltip.
    const shown = await page.locator('main').innerText();
    for (const code of FAILURE_REASONS) assert.ok(!shown.includes(code), `the code ${code} is shown as text`);
    assert.equal(await page.getByTestId('check-SEVERA_USER_INACTIVE').getByTestId('check-title').getAttribute('title'), 'SEVERA_USER_INACTIVE');
    await run.shot('diagnosis-fi');
    await audit(page, 'diagnosis (fi)', problems);
    await page.setViewportSize({ width: 390, height: 844 });
    await run.shot('diagnosis-fi-390');
    await page.setViewportSize({ width: 1400, height: 900 });

    assert.deepEqual(missingTranslations, [], `\n${missingTranslations.join('\n')}`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it("in Finnish: a login attempt's cause and a recovery code's approval basis are the catalog's words, not the API's English", async () => {
    const { page, t } = run;
    // A signed but malformed hand-off: recorded with its English detail; the API also answers code and fields.
    const northwind = await orgId(t, 'Northwind Consulting');
    const raw = JSON.stringify({ organizationId: northwind, email: 'anna.virtanen@northwind.test', issuedAt: 'eilen', nonce: 'nonce-fi-cause-1' });
    const res = await postRaw(t, 'myvisma', raw, sign(DEMO_PORTAL_SECRET, raw));
    assert.equal(res.status, 400);
    const attempt = (await attemptOf(t, res))!;
    assert.match(attempt.detail!, /^The portal sent a malformed hand-off: issuedAt must be/);
    const cause = 'Portaali lähetti virheellisen siirron: issuedAt: on oltava Unix-aika kokonaisina sekunteina';
    await page.goto(`${run.baseUrl}/#/login-attempts/${attempt.id}/show`);
    const shownCause = page.getByTestId('attempt-cause');
    await shownCause.waitFor({ timeout: 20_000 });
    assert.equal((await shownCause.innerText()).trim(), cause);
    assert.ok(!(await page.locator('main').innerText()).includes('malformed'), 'no English detail on the page');
    // The list shows the cause's sentence only (the refused fields are on the show page, and in the tooltip), and
    // no cause takes more than two lines: rows stay short at 1400 px and at 390 px.
    await page.goto(`${run.baseUrl}/#/login-attempts`);
    const short = page.getByTestId('attempt-cause-short').filter({ hasText: 'Portaali lähetti virheellisen siirron' }).first();
    await short.waitFor({ timeout: 20_000 });
    assert.equal((await short.innerText()).trim(), 'Portaali lähetti virheellisen siirron');
    assert.equal(await short.getAttribute('title'), cause);
    const listProblems: string[] = [];
    for (const [width, height, name] of [[1400, 900, 'login-attempts-fi'], [390, 844, 'login-attempts-fi-390']] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const lines = await page.getByTestId('attempt-cause-short').evaluateAll((els) =>
        els.map((e) => {
          const s = getComputedStyle(e);
          return e.getBoundingClientRect().height / (parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5);
        }),
      );
      assert.ok(lines.length > 0 && Math.max(...lines) <= 2.05, `at ${width} px a cause takes ${Math.max(...lines).toFixed(1)} lines`);
      // At 1400 px the whole table is in view (at 390 px it scrolls inside its own region, checked by audit below).
      if (width === 1400) assert.ok(await page.locator('main table').evaluate((e) => e.getBoundingClientRect().right <= window.innerWidth), 'the cause column is in view at 1400 px');
      await run.shot(name);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await audit(page, 'login attempts with causes (fi)', listProblems);
    assert.deepEqual(listProblems, [], `\n${listProblems.join('\n')}`);

    // A code request for a support agent waits for a second supervisor: the queue says why in Finnish.
    const supervisor = await StaffClient.signIn(t, LEAD);
    const agentId = (await t.ds.getRepository(Identity).findOneByOrFail({ email: AGENT })).id;
    const ticket = await supervisor.post('/api/tickets', { identityId: agentId, channel: 'chat', description: 'Aino lost her phone' });
    const checks = [
      { check: 'call-back', passed: true },
      { check: 'id-document', passed: true },
    ];
    assert.equal((await supervisor.post(`/api/tickets/${ticket.body.id}/verification`, { checks })).status, 201);
    await supervisor.stepUp();
    const pending = await supervisor.post('/api/recovery-codes', { ticketId: ticket.body.id, identityId: agentId });
    assert.equal(pending.status, 202, JSON.stringify(pending.body));
    await page.goto(`${run.baseUrl}/#/recovery-codes`);
    const basis = page.getByTestId('approval-basis').first();
    await basis.waitFor({ timeout: 20_000 });
    assert.equal((await basis.innerText()).trim(), 'Konsolin rooli: Asiakaspalvelija');
    assert.equal(await basis.getAttribute('title'), 'Henkilöllä on konsolin rooli (Asiakaspalvelija): toisen esihenkilön on hyväksyttävä.');
    assert.ok(!(await page.locator('main').innerText()).includes('Waiting for approval'), 'the status filter speaks Finnish too');
    await run.shot('recovery-codes-fi');

    // The audit event of the request records the basis as codes; its page words them.
    const [event] = await t.ds.query(`SELECT id FROM audit_events WHERE action = 'recovery-code.requested' AND "targetId" = '${String(pending.body.id)}'`);
    await page.goto(`${run.baseUrl}/#/audit-events/${String(event.id)}/show`);
    const basisRow = page.getByTestId('audit-diff-row-approvalBasis');
    await basisRow.waitFor({ timeout: 20_000 });
    assert.match(await basisRow.innerText(), /Henkilöllä on konsolin rooleja: toisen esihenkilön on hyväksyttävä/);
    assert.match(await page.getByTestId('audit-diff-row-approvalRoles').innerText(), /Asiakaspalvelija/);
    assert.deepEqual(missingTranslations, [], `\n${missingTranslations.join('\n')}`);
  });

  it('a new browser session of the same staff member opens in the language they chose', async () => {
    const { page } = run;
    await page.evaluate(() => localStorage.clear());
    await page.goto(run.baseUrl + '/');
    await page.getByText('Yleisnäkymä').first().waitFor({ timeout: 20_000 });
  });

  it('Connect in Swedish: the switcher, plain per-field messages, axe and 390 px', async () => {
    const { page } = run;
    const problems: string[] = [];
    await page.goto(run.baseUrl + '/connect');
    await page.getByTestId('language').selectOption('sv');
    await page.getByTestId('page-title').filter({ hasText: 'Logga in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
    await run.shot('connect-sign-in-sv');
    await audit(page, 'connect sign-in (sv)', problems);
    await page.getByTestId('email').fill('');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('error-email').waitFor();
    assert.equal(await page.getByTestId('error-email').innerText(), 'Ange din e-postadress.');
    assert.equal(await page.getByTestId('error-password').innerText(), 'Ange ditt lösenord.');
    assert.equal(await page.getByTestId('email').getAttribute('aria-invalid'), 'true');
    await run.shot('connect-sign-in-sv-errors');
    await audit(page, 'connect sign-in errors (sv)', problems);
    await page.goto(run.baseUrl + '/connect/forgot');
    await page.getByTestId('page-title').filter({ hasText: 'Återställ lösenordet' }).waitFor();
    await audit(page, 'connect forgot (sv)', problems);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
});
