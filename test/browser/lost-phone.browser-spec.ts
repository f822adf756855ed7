import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, LEAD, StaffClient, SUPERVISOR } from '../create-test-app.js';
import { hashOneTimeCode } from '../../server/src/common/crypto.js';
import { RecoveryService } from '../../server/src/recovery/recovery.service.js';

const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

describe('lost-phone journey', () => {
  let run: BrowserRun;
  let erikTicketUrl = '';
  let code = '';

  const stepUp = () => run.stepUp();
  const shot = (name: string) => run.shot(name);

  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => run.close());

  it("the demo agent takes Erik's lost-phone ticket #1 and records two identity checks", async () => {
    const { page } = run;
    await run.signIn(AGENT);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.goto(run.baseUrl + '/#/tickets');
    await page.getByText('Lost phone: cannot sign in to Severa').first().waitFor();
    await shot('lost-phone-00-tickets');
    await page.getByText('Lost phone: cannot sign in to Severa').first().click();
    await page.getByTestId('lost-phone-flow').waitFor();
    erikTicketUrl = page.url();
    assert.match(erikTicketUrl, /#\/tickets\/[0-9a-f-]{36}\/show$/);
    await page.getByTestId('take-ticket').click();
    await page.getByText('agent@demo.accessdesk.test', { exact: false }).first().waitFor();
    await shot('lost-phone-01-ticket');

    // Erik's phone was stolen: a call-back would reach the thief, so the org admin confirms through a known channel
    await page.getByTestId('check-org-admin-confirmation-passed').click();
    await page.getByTestId('note-org-admin-confirmation').fill('Nora (org admin) confirmed by her desk phone');
    await page.getByTestId('check-knowledge-question-passed').click();
    await page.getByText('2 of 2 required checks passed').waitFor();
    await shot('lost-phone-02-checklist');
    await page.getByTestId('record-verification').click();
    await page.getByTestId('verification-summary').waitFor();
    assert.match(await page.getByTestId('verification-summary').innerText(), /2 of 2 required checks passed/);
    await page.getByTestId('ticket-status').first().filter({ hasText: 'Verified' }).waitFor();
  });

  it('issues a code after step-up; the page shows it once, in large type, with its expiry', async () => {
    const { page } = run;
    await page.getByTestId('issue-code').click();
    await stepUp();
    const shown = page.getByTestId('issued-code');
    await shown.waitFor({ timeout: 15_000 });
    code = (await shown.innerText()).trim();
    assert.match(code, CODE_FORMAT);
    // These functions run in the page (its DOM globals).
    const fontSize = await shown.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(fontSize >= 28, `large type: ${fontSize}px`);
    const layout = await shown.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { lines: range.getClientRects().length, overflows: el.scrollWidth > el.clientWidth };
    });
    assert.deepEqual(layout, { lines: 1, overflows: false }, 'the code fits on one line');
    assert.match(await page.getByTestId('code-expiry').innerText(), /\d/);
    await page.getByTestId('copy-code').waitFor();
    await page.getByTestId('code-status-panel').waitFor();
    assert.match(await page.getByTestId('code-status-text').innerText(), /Waiting for the person to sign in/);
    await shot('lost-phone-03-code-shown-once');

    // What the server kept: only the hash.
    const rows = await run.t.ds.query('SELECT "codeHash", status FROM recovery_codes');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].codeHash, hashOneTimeCode(code));
    assert.equal(rows[0].status, 'active');
  });

  it('after a reload only the status is shown, never the code again', async () => {
    const { page } = run;
    await page.reload();
    await page.getByTestId('code-status-panel').waitFor({ timeout: 15_000 });
    await page.getByTestId('ticket-timeline').getByText('One-time code issued', { exact: false }).waitFor();
    assert.equal(await page.getByTestId('issued-code').count(), 0);
    const html = await page.content();
    for (const form of [code, code.replace(/-/g, ''), code.toLowerCase()]) assert.ok(!html.includes(form), 'the code is not on the page');
    const storage = await page.evaluate<string>('JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })');
    assert.ok(!storage.includes(code));
    assert.match(await page.getByTestId('code-status-text').innerText(), /Waiting for the person to sign in/);
    await shot('lost-phone-04-after-reload');
  });

  it('the status updates live when the person redeems the code', async () => {
    const { page } = run;
    const erik = (await run.t.ds.query(`SELECT id FROM identities WHERE "emailNormalized" = 'erik.nurmi@northwind.test'`))[0].id;
    const svc = run.t.app.get(RecoveryService);
    assert.ok(await run.t.db.tx((m) => svc.redeem(m, erik, code)));
    await page.getByTestId('code-status-text').filter({ hasText: 'Used to sign in' }).waitFor({ timeout: 15_000 });
    await shot('lost-phone-05-redeemed');
  });

  it('a supervisor approves a request for a privileged person from the queue, and sees the code once', async () => {
    const { page, t } = run;
    const supervisor = await StaffClient.signIn(t, SUPERVISOR);
    const agentId = (await t.ds.query(`SELECT id FROM identities WHERE "emailNormalized" = 'agent@demo.accessdesk.test'`))[0].id;
    const ticket = await supervisor.post('/api/tickets', { identityId: agentId, channel: 'chat', description: 'Aino (support agent) lost her phone' });
    await supervisor.post(`/api/tickets/${ticket.body.id}/verification`, {
      checks: [
        { check: 'call-back', passed: true },
        { check: 'id-document', passed: true },
      ],
    });
    await supervisor.stepUp();
    const pending = await supervisor.post('/api/recovery-codes', { ticketId: ticket.body.id, identityId: agentId });
    assert.equal(pending.status, 202);

    // A different person at the same browser: a fresh page load, no session.
    await page.context().clearCookies();
    await page.goto('about:blank');
    await run.signIn(LEAD);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.goto(run.baseUrl + '/#/recovery-codes');
    await page.getByText('agent@demo.accessdesk.test').first().waitFor();
    await shot('lost-phone-06-approval-queue');
    await page.getByTestId('approve-code').first().click();
    await stepUp();
    const shown = page.getByTestId('issued-code');
    await shown.waitFor({ timeout: 15_000 });
    assert.match((await shown.innerText()).trim(), CODE_FORMAT);
    await shot('lost-phone-07-approved-code');
    await page.getByTestId('hide-code').click();
    assert.equal(await page.getByTestId('issued-code').count(), 0);
  });

  it("the identity page shows Erik's second factors; the outbox shows the notification without the code", async () => {
    const { page } = run;
    const erik = (await run.t.ds.query(`SELECT id FROM identities WHERE "emailNormalized" = 'erik.nurmi@northwind.test'`))[0].id;
    await page.goto(`${run.baseUrl}/#/identities/${erik}/show`);
    await page.getByTestId('second-factors').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('second-factors').innerText(), /every Visma application/);
    await shot('lost-phone-08-second-factors');
    await page.goto(run.baseUrl + '/#/outbox');
    await page.getByText('erik.nurmi@northwind.test').first().click();
    await page.getByTestId('outbox-body').waitFor();
    const body = await page.getByTestId('outbox-body').innerText();
    assert.match(body, /Customer service issued a one-time sign-in code for ticket #1 on /);
    assert.ok(!body.includes(code));
    await shot('lost-phone-09-outbox');
  });
});
