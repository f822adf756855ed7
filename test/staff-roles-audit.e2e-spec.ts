/**
 * Role changes in the org admins' audit log: `staff.roles.changed` is recorded once for supervisors (the whole
 * change, no organization) and once per organization whose grants changed, carrying only that organization's
 * grants, so each org admin sees what concerns their organization and nothing of another's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';

interface Event {
  id: number;
  organizationId: string | null;
  targetId: string;
  before: { roles: string[] } | null;
  after: { roles: string[] } | null;
}

describe('role changes reach the org admins of each organization they touch, redacted to that organization', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let northwindAdmin: StaffClient;
  let brightsideAdmin: StaffClient;
  let oldfieldAdmin: StaffClient;
  let northwind: string;
  let brightside: string;
  let person: string;

  const roleChanges = async (c: StaffClient): Promise<Event[]> => {
    const r = await c.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'staff.roles.changed', targetId: person }))}&sort=${encodeURIComponent('["id","ASC"]')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Event[];
  };

  before(async () => {
    t = await createTestApp();
    supervisor = await t.signIn(SUPERVISOR);
    northwindAdmin = await t.signIn(ORG_ADMIN);
    brightsideAdmin = await t.signIn('admin@brightside.test');
    oldfieldAdmin = await t.signIn('admin@oldfield.test');
    northwind = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
    brightside = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' })).id;
    person = (await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'erik.nurmi@northwind.test' })).id;
  });
  after(async () => t.close());

  const setRoles = async (roles: { role: string; organizationId?: string }[]) => {
    await supervisor.stepUp();
    const r = await supervisor.put(`/api/staff/${person}`, { roles });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };

  it("a grant in two organizations: each org admin sees one event with their organization's grant only; the supervisor sees the whole change", async () => {
    await setRoles([{ role: 'support-agent' }, { role: 'org-admin', organizationId: northwind }, { role: 'org-admin', organizationId: brightside }]);

    const a = await roleChanges(northwindAdmin);
    assert.equal(a.length, 1, JSON.stringify(a));
    assert.equal(a[0].organizationId, northwind);
    assert.deepEqual(a[0].before?.roles, []);
    assert.deepEqual(a[0].after?.roles, [`org-admin@${northwind}`]);
    assert.ok(!JSON.stringify(a).includes(brightside), "nothing of Brightside's grants");
    assert.ok(!JSON.stringify(a).includes('support-agent'), 'nor the roles outside the organization');

    const b = await roleChanges(brightsideAdmin);
    assert.equal(b.length, 1, JSON.stringify(b));
    assert.equal(b[0].organizationId, brightside);
    assert.deepEqual(b[0].after?.roles, [`org-admin@${brightside}`]);
    assert.ok(!JSON.stringify(b).includes(northwind));

    assert.deepEqual(await roleChanges(oldfieldAdmin), [], 'an organization the change does not touch sees nothing');
    // the organization's event by id: its own admin only
    assert.equal((await northwindAdmin.get(`/api/audit-events/${a[0].id}`)).status, 200);
    assert.equal((await brightsideAdmin.get(`/api/audit-events/${a[0].id}`)).status, 404);

    const all = await roleChanges(supervisor);
    const whole = all.filter((e) => e.organizationId === null);
    assert.equal(whole.length, 1);
    assert.deepEqual(whole[0].after?.roles, [`org-admin@${brightside}`, `org-admin@${northwind}`, 'support-agent'].sort());
    assert.equal((await northwindAdmin.get(`/api/audit-events/${whole[0].id}`)).status, 404, 'the whole change stays with supervisors');
  });

  it("a change in Brightside only: Brightside's admin sees the removal, Northwind's admin sees no new event", async () => {
    await setRoles([{ role: 'support-agent' }, { role: 'org-admin', organizationId: northwind }]);
    assert.equal((await roleChanges(northwindAdmin)).length, 1, 'Northwind unchanged: no new event');
    const b = await roleChanges(brightsideAdmin);
    assert.equal(b.length, 2);
    assert.deepEqual(b[1].before?.roles, [`org-admin@${brightside}`]);
    assert.deepEqual(b[1].after?.roles, []);
    assert.ok(!JSON.stringify(b).includes(northwind));
    // a change of roles outside any organization reaches no org admin
    await setRoles([{ role: 'supervisor' }, { role: 'org-admin', organizationId: northwind }]);
    assert.equal((await roleChanges(northwindAdmin)).length, 1);
    assert.equal((await roleChanges(brightsideAdmin)).length, 2);
    assert.equal((await roleChanges(supervisor)).filter((e) => e.organizationId === null).length, 3);
  });
});
