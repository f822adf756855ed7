/**
 * The Outbox in the console (supervisors): every status including `sending`, attempts, the next attempt and the last
 * error (redacted by the server), failed messages announced at the top with a way to list them, a body removed by
 * the purge said so, and all of it in the staff member's language. Agents have no Outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, recordSecret, SUPERVISOR } from '../create-test-app.js';
import { OutboxMessage } from '../../server/src/notifications/outbox-message.entity.js';
import { newId } from '../../server/src/database/db.service.js';

describe('outbox in the console', () => {
  let run: BrowserRun;
  const missingTranslations: string[] = [];
  const ids = { failed: newId(), pending: newId(), sending: newId(), purged: newId() };
  const code = recordSecret('64829137');

  before(async () => {
    run = await startBrowserRun();
    run.page.on('console', (m) => {
      if (/Missing translation/i.test(m.text())) missingTranslations.push(m.text());
    });
    const now = run.t.clock.nowMs();
    const base = { channel: 'email', kind: 'test.outbox-ui', organizationId: null, identityId: null, ticketId: null, bodyEnc: null, claimedAt: null, nextAttemptAt: null, sentAt: null, lastError: null };
    const row = (id: string, p: Partial<OutboxMessage>) => ({ ...base, id, recipient: `${p.status}.person@example.test`, subject: `Outbox UI ${p.status}`, body: `Body of the ${p.status} message`, createdAt: new Date(now - 60_000), attempts: 0, ...p });
    await run.t.ds.getRepository(OutboxMessage).insert([
      // a transport error from before errors were stored redacted: the server redacts it on the way out
      row(ids.failed, { status: 'failed', attempts: 6, lastError: `550 mailbox unavailable (code ${code})` }),
      row(ids.pending, { status: 'pending', attempts: 2, lastError: '421 try again later', nextAttemptAt: new Date(now + 3600_000) }),
      row(ids.sending, { status: 'sending', attempts: 1, claimedAt: new Date(now - 5_000) }),
      row(ids.purged, { status: 'sent', attempts: 1, body: '', sentAt: new Date(now - 50_000) }),
    ]);
  });
  after(async () => run.close());

  it('supervisors: failed messages are announced and listed, with attempts and the redacted last error', async () => {
    const { page } = run;
    await run.signIn(SUPERVISOR);
    await page.getByTestId('language-menu').waitFor({ timeout: 20_000 });
    await page.goto(run.baseUrl + '/#/outbox');
    const banner = page.getByTestId('outbox-failed-banner');
    await banner.waitFor({ timeout: 20_000 });
    assert.match(await banner.innerText(), /1 message could not be delivered and will not be tried again\./);
    await run.shot('outbox-01-list');
    const sendingRow = page.locator('tr', { hasText: 'sending.person@example.test' });
    assert.match(await sendingRow.getByTestId('outbox-status').innerText(), /^Sending$/);
    const pendingRow = page.locator('tr', { hasText: 'pending.person@example.test' });
    assert.match(await pendingRow.getByTestId('outbox-next-attempt').innerText(), /\d/);
    assert.match(await pendingRow.getByTestId('outbox-last-error').innerText(), /421 try again later/);

    await banner.getByRole('button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outbox-status"]').length === 1);
    assert.equal(await page.getByTestId('outbox-failed-banner').count(), 0, 'the banner goes while failed messages are listed');
    const failedRow = page.locator('tr', { hasText: 'failed.person@example.test' });
    assert.match(await failedRow.getByTestId('outbox-status').innerText(), /^Failed$/);
    const listedError = await failedRow.getByTestId('outbox-last-error').innerText();
    assert.match(listedError, /550 mailbox unavailable \(code \[code hidden\]\)/);
    assert.ok(!listedError.includes(code));

    await failedRow.getByText('failed.person@example.test').click();
    await page.getByTestId('outbox-body').waitFor();
    const shown = await page.locator('main').innerText();
    assert.match(shown, /Attempts\s*6/);
    assert.match(shown, /550 mailbox unavailable/);
    assert.ok(!shown.includes(code));
    await run.shot('outbox-02-failed');
  });

  it('a sent message whose text the purge removed says so', async () => {
    const { page } = run;
    await page.goto(`${run.baseUrl}/#/outbox/${ids.purged}/show`);
    const note = page.getByTestId('outbox-body-purged');
    await note.waitFor({ timeout: 20_000 });
    assert.match(await note.innerText(), /removed after the retention period/);
  });

  it('in Finnish: statuses, columns and the banner come from the catalog', async () => {
    const { page } = run;
    await page.getByTestId('language-menu').click();
    // The choice is saved on the server (PUT /api/auth/me/locale); the reload below reads it back, so it waits for that.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me/locale') && r.request().method() === 'PUT');
    await page.getByTestId('language-fi').click();
    assert.equal((await saved).ok(), true);
    await page.waitForFunction(() => document.documentElement.lang === 'fi');
    await page.goto(run.baseUrl + '/#/outbox?filter=%7B%7D');
    const banner = page.getByTestId('outbox-failed-banner');
    await banner.waitFor({ timeout: 20_000 });
    assert.match(await banner.innerText(), /1 viestiä ei voitu toimittaa/);
    assert.match(await page.locator('tr', { hasText: 'sending.person@example.test' }).getByTestId('outbox-status').innerText(), /^Lähetetään$/);
    assert.match(await page.locator('thead').innerText(), /Seuraava yritys/);
    await run.shot('outbox-03-fi');
    // back to English for whoever signs in next
    await page.getByTestId('language-menu').click();
    await page.getByTestId('language-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.deepEqual(missingTranslations, [], missingTranslations.join('\n'));
  });

  it('agents have no Outbox', async () => {
    const { page } = run;
    await run.signIn(AGENT);
    await page.getByTestId('language-menu').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('a[href="#/outbox"]').count(), 0);
  });
});
