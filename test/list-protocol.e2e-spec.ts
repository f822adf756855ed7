/**
 * The stock ra-data-simple-rest client (the package react-admin ships, unmodified) against every list resource of
 * the OpenAPI document: getList pages and counts, and getMany (filter={"id":[…]}) returns exactly the rows asked for.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils } from 'ra-core';
import { createTestApp, StaffClient, SUPERVISOR, type TestApp } from './create-test-app.js';

describe('ra-data-simple-rest against every list resource', () => {
  let t: TestApp;
  let sup: StaffClient;
  let provider: ReturnType<typeof simpleRestProvider>;
  let resources: string[] = [];
  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const httpClient = (url: string, options: fetchUtils.Options = {}) => fetchUtils.fetchJson(url, { ...options, headers: new Headers({ Accept: 'application/json', Cookie: sup.cookie, 'X-CSRF-Token': sup.csrf }) });
    provider = simpleRestProvider(`http://127.0.0.1:${port}/api`, httpClient);
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    resources = Object.entries(doc.paths)
      .filter(([path, item]) => path.startsWith('/api/') && !path.includes('{') && item.get?.parameters?.some((p) => p.name === 'range'))
      .map(([path]) => path.slice('/api/'.length));
  });
  after(async () => t.close());

  it('finds the list resources in the OpenAPI document', () => {
    for (const r of ['organizations', 'severa-users', 'portal-accounts', 'identities', 'login-attempts', 'audit-events', 'staff', 'tickets', 'recovery-codes', 'outbox', 'addons', 'organization-addons', 'portal-connections']) {
      assert.ok(resources.includes(r), `${r} is a documented list (found: ${resources.join(', ')})`);
    }
  });

  it('getList and getMany work on every list resource', async () => {
    for (const resource of resources) {
      const page = await provider.getList(resource, { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'ASC' }, filter: {} }).catch((e: Error & { body?: unknown }) => {
        throw new Error(`${resource} getList: ${e.message} ${JSON.stringify(e.body)}`);
      });
      assert.ok(page.total! >= page.data.length, resource);
      if (page.data.length === 0) continue;
      const ids = page.data.slice(0, 3).map((r) => r.id);
      const many = await provider.getMany(resource, { ids }).catch((e: Error & { body?: unknown }) => {
        throw new Error(`${resource} getMany: ${e.message} ${JSON.stringify(e.body)}`);
      });
      assert.deepEqual(
        many.data.map((r) => String(r.id)).sort(),
        ids.map(String).sort(),
        `${resource}: getMany returns exactly the rows asked for`,
      );
    }
  });

  it('getMany of ids that do not exist returns nothing (and no error)', async () => {
    const many = await provider.getMany('audit-events', { ids: [999_999_999] });
    assert.deepEqual(many.data, []);
    const tickets = await provider.getMany('tickets', { ids: ['00000000-0000-0000-0000-000000000000'] });
    assert.deepEqual(tickets.data, []);
  });
});
