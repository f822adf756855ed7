import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../server/src/config/app-config.js';
import { startupBanner } from '../../server/src/demo/banner.js';
import { DEMO_ORGANIZATIONS, DEMO_STAFF } from '../../server/src/demo/demo.seeder.js';
import { StaffRole } from '../../shared/roles.js';

const KEYS = { DATA_ENCRYPTION_KEY: '11'.repeat(32), SESSION_SECRET: '22'.repeat(32), DATA_DIR: '/nonexistent-access-desk' };

describe('the demo accounts: seeder, first sign-in banner and README agree', () => {
  it('the existing demo accounts stay (they are contracts), and every demo organization has an org admin', () => {
    const emails: string[] = DEMO_STAFF.map((s) => s.email);
    for (const e of ['agent@demo.accessdesk.test', 'supervisor@demo.accessdesk.test', 'lead@demo.accessdesk.test', 'admin@northwind.test']) assert.ok(emails.includes(e), e);
    for (const org of Object.keys(DEMO_ORGANIZATIONS)) {
      assert.ok(DEMO_STAFF.some((s) => s.role === StaffRole.ORG_ADMIN && 'org' in s && s.org === org), `${org} has an org admin`);
    }
  });

  it('the banner lists every demo account, org admins with their one organization', () => {
    const banner = startupBanner(loadConfig({ ...KEYS, DEMO_DATA: 'true' }), 3000);
    for (const s of DEMO_STAFF) {
      const line = banner.split('\n').find((l) => l.trim().startsWith(s.email + ' '));
      assert.ok(line, `${s.email} is printed`);
      assert.match(line, new RegExp(`${s.role}${'org' in s ? ` of ${DEMO_ORGANIZATIONS[s.org]} only` : '$'}`));
    }
    assert.ok(!startupBanner(loadConfig({ ...KEYS, DEMO_DATA: 'false' }), 3000).includes('admin@'), 'no demo accounts without demo data');
  });

  it("README's demo-accounts table lists exactly the seeded accounts", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('Demo staff ('), readme.indexOf('The demo tells'));
    const rows = [...table.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]] as const);
    assert.deepEqual(rows.map(([e]) => e).sort(), DEMO_STAFF.map((s) => s.email).sort());
    for (const s of DEMO_STAFF) if ('org' in s) assert.match(rows.find(([e]) => e === s.email)![1], new RegExp(`org admin of ${DEMO_ORGANIZATIONS[s.org]} only`));
  });
});
