import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, SUPERVISOR } from '../create-test-app.js';

describe('staff roles and the audit log', () => {
  let run: BrowserRun;
  let agentId = '';
  let supervisorId = '';
  let brightsideId = '';

  const stepUp = () => run.stepUp();
  const shot = (name: string) => run.shot(name);

  const grantsOf = async (identityId: string) =>
    await run.t.ds.query<{ role: string; organizationId: string | null }[]>(`SELECT role, "organizationId" FROM staff_roles WHERE "identityId" = '${identityId}' ORDER BY role`);

  const idOf = async (email: string) => (await run.t.ds.query(`SELECT id FROM identities WHERE "emailNormalized" = '${email}'`))[0].id as string;

  before(async () => {
    run = await startBrowserRun();
    agentId = await idOf(AGENT);
    supervisorId = await idOf(SUPERVISOR);
    brightsideId = (await run.t.ds.query(`SELECT id FROM organizations WHERE name = 'Brightside Ltd'`))[0].id;
  });
  after(async () => run.close());

  it('the supervisor makes the demo agent also an org admin of Brightside Ltd, after a step-up', async () => {
    const { page } = run;
    assert.deepEqual(await grantsOf(agentId), [{ role: 'support-agent', organizationId: null }]);
    await run.signIn(SUPERVISOR);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.locator('a[href="#/staff"]').click();
    const agentRow = page.locator('tr', { hasText: AGENT });
    await agentRow.waitFor();
    await shot('staff-audit-00-staff-list');
    await agentRow.click();

    await page.getByTestId('staff-edit-email').filter({ hasText: AGENT }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: /Support agent/ }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: /Supervisor/ }).isChecked(), false);
    const orgs = page.getByRole('combobox', { name: 'Org admin of' });
    await orgs.click();
    await orgs.fill('Bright');
    await page.getByRole('option', { name: 'Brightside Ltd' }).click();
    await page.keyboard.press('Escape');
    await shot('staff-audit-01-edit-roles');

    await page.getByTestId('staff-save').click();
    await stepUp();
    await page.getByText(`Console roles of ${AGENT} saved`).waitFor({ timeout: 15_000 });
    // Back on the list: the agent's row shows both roles and the organization.
    const row = page.locator('tr', { hasText: AGENT });
    await row.getByText('Org admin').waitFor();
    await row.getByText('Brightside Ltd').waitFor();
    assert.ok(await row.getByText('Support agent').isVisible());
    await shot('staff-audit-02-roles-saved');

    assert.deepEqual(await grantsOf(agentId), [
      { role: 'org-admin', organizationId: brightsideId },
      { role: 'support-agent', organizationId: null },
    ]);
  });

  it('the audit log has the staff.roles.changed event, with a before/after diff showing the new role', async () => {
    const { page } = run;
    await page.locator('a[href="#/audit-events"]').click();
    const action = page.getByRole('combobox', { name: 'Action' });
    await action.waitFor();
    await action.click();
    await action.fill('staff.roles');
    await page.getByRole('option', { name: /^staff\.roles\.changed/ }).click();
    const event = page.getByTestId('audit-action').filter({ hasText: 'staff.roles.changed' });
    await event.first().waitFor();
    // Only that action is listed now (the event shows once the filtered page replaced the unfiltered one).
    await page.getByTestId('audit-action').filter({ hasText: 'staff.signed-in' }).first().waitFor({ state: 'detached' });
    const actions = await page.getByTestId('audit-action').allInnerTexts();
    assert.ok(actions.length >= 1 && actions.every((a) => a === 'staff.roles.changed'), actions.join(', '));
    assert.match(page.url(), /staff\.roles\.changed/);
    await shot('staff-audit-03-audit-list-filtered');
    await event.first().click();

    await page.getByTestId('audit-diff').waitFor();
    const rolesRow = page.getByTestId('audit-diff-row-roles');
    assert.equal(await rolesRow.getAttribute('data-changed'), 'true');
    const beforeCell = rolesRow.getByTestId('audit-diff-before');
    const afterCell = rolesRow.getByTestId('audit-diff-after');
    await afterCell.getByText('Org admin · Brightside Ltd').waitFor();
    assert.equal(await afterCell.locator('[data-diff="added"]').count(), 1);
    assert.match(await afterCell.locator('[data-diff="added"]').innerText(), /Org admin · Brightside Ltd/);
    assert.match(await beforeCell.innerText(), /Support agent/);
    assert.doesNotMatch(await beforeCell.innerText(), /Org admin/);
    assert.match(await page.getByTestId('audit-event-actor').innerText(), new RegExp(SUPERVISOR.replace(/\./g, '\\.')));
    assert.match(await page.getByTestId('audit-event-target').innerText(), new RegExp(agentId));

    // The integrity section shows the stored hashes, and the link to the previous event checks out.
    const [stored] = await run.t.ds.query(`SELECT id, hash, "prevHash" FROM audit_events WHERE action = 'staff.roles.changed' ORDER BY id DESC`);
    assert.match(page.url(), new RegExp(`#/audit-events/${stored.id}/show$`));
    assert.equal((await page.getByTestId('audit-hash').innerText()).trim(), stored.hash);
    assert.equal((await page.getByTestId('audit-prev-hash').innerText()).trim(), stored.prevHash);
    await page.getByTestId('audit-chain-link').filter({ hasText: 'Linked' }).waitFor();
    await shot('staff-audit-04-audit-event-diff');
  });

  it('removing your own supervisor role is refused, and the server message is shown', async () => {
    const { page } = run;
    await page.goto(`${run.baseUrl}/#/staff/${supervisorId}`);
    await page.getByTestId('staff-edit-email').filter({ hasText: SUPERVISOR }).waitFor();
    await page.getByRole('checkbox', { name: /Supervisor/ }).uncheck();
    await page.getByText('You cannot remove your own supervisor role', { exact: false }).first().waitFor();
    await page.getByTestId('staff-save').click();
    // The step-up from the first test is still fresh (5 minutes on the test clock): the server answers 409 at once.
    const error = page.getByTestId('staff-error');
    await error.waitFor({ timeout: 15_000 });
    assert.match(await error.innerText(), /cannot remove your own supervisor role/i);
    await shot('staff-audit-05-cannot-demote-self');
    assert.deepEqual(await grantsOf(supervisorId), [{ role: 'supervisor', organizationId: null }]);
  });

  it('a person without console roles is reached from their identity page and starts with no roles', async () => {
    const { page } = run;
    const erik = await idOf('erik.nurmi@northwind.test');
    assert.deepEqual(await grantsOf(erik), []);
    assert.equal(await page.evaluate(async (id) => (await fetch(`/api/staff/${id}`)).status, erik), 404);
    await page.goto(`${run.baseUrl}/#/identities/${erik}/show`);
    await page.getByTestId('identity-console-roles').click();
    await page.getByTestId('staff-edit-email').filter({ hasText: 'erik.nurmi@northwind.test' }).waitFor();
    assert.match(page.url(), new RegExp(`#/staff/${erik}$`));
    assert.equal(await page.getByRole('checkbox', { name: /Support agent/ }).isChecked(), false);
    assert.equal(await page.getByRole('checkbox', { name: /Supervisor/ }).isChecked(), false);
    await page.getByText('None (not staff)').waitFor();
    await shot('staff-audit-06-not-staff-yet');

    // The staff list reaches the same page through "Grant roles to someone".
    await page.goto(`${run.baseUrl}/#/staff`);
    await page.getByTestId('staff-add').click();
    const person = page.getByRole('combobox', { name: 'Identity (e-mail)' });
    await person.click();
    await person.fill('erik');
    await page.getByRole('option', { name: 'erik.nurmi@northwind.test' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('staff-edit-email').filter({ hasText: 'erik.nurmi@northwind.test' }).waitFor();
    assert.match(page.url(), new RegExp(`#/staff/${erik}$`));
  });

  it('over a capped total the audit list pages with next/previous and says "more than"', async () => {
    const { page, t } = run;
    // Fill the log past the server's count cap (10,000) with rows of one test action (UI paging only; not a chain).
    await t.ds.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050)
       INSERT INTO audit_events ("createdAt", "actorRole", "action", "prevHash", "hash")
       SELECT (SELECT MIN("createdAt") FROM audit_events), 'system', 'test.bulk', '${'0'.repeat(64)}', '${'0'.repeat(64)}' FROM n`,
    );
    await page.goto(`${run.baseUrl}/#/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'test.bulk' }))}`);
    const pager = page.getByTestId('audit-pagination-capped');
    await pager.filter({ hasText: '1–25 of more than 10,000' }).waitFor({ timeout: 20_000 });
    await shot('staff-audit-07-capped-total');
    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.filter({ hasText: '26–50 of more than 10,000' }).waitFor();
    assert.equal(await page.getByTestId('audit-action').filter({ hasText: 'test.bulk' }).count(), 25);
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await pager.filter({ hasText: '1–25 of more than 10,000' }).waitFor();
  });

  it('the agent sees the audit log but no Staff menu', async () => {
    const { page } = run;
    await page.context().clearCookies();
    await page.goto('about:blank');
    await run.signIn(AGENT);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.locator('a[href="#/audit-events"]').waitFor();
    assert.equal(await page.locator('a[href="#/staff"]').count(), 0);
    assert.equal(await page.getByRole('menuitem', { name: 'Staff' }).count(), 0);
    // No "Console roles" button on identity pages either.
    await page.goto(`${run.baseUrl}/#/identities/${agentId}/show`);
    await page.getByText(AGENT).first().waitFor();
    assert.equal(await page.getByTestId('identity-console-roles').count(), 0);
    await shot('staff-audit-08-agent-menu');
  });
});
