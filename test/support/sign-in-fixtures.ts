import { createHmac, randomBytes } from 'node:crypto';
import { SecretBox, sealContext } from '../../server/src/common/crypto.js';
import { newId } from '../../server/src/database/db.service.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { PortalAccount, PortalConnection } from '../../server/src/portals/portal.entity.js';
import { OrganizationAddon } from '../../server/src/addons/addon.entity.js';
import { SeveraUser } from '../../server/src/severa-users/severa-user.entity.js';
import { LoginAttempt } from '../../server/src/sign-in/login-attempt.entity.js';
import { ADDON_FOR_PORTAL, AddonStatus, PortalId, SeveraSubscriptionStatus } from '../../shared/sign-in.js';
import type { TestApp } from '../create-test-app.js';

export const DEMO_PORTAL_SECRET = 'demo-portal-secret';

export interface OrgSpec {
  name?: string;
  severaStatus?: 'active' | 'ended';
  portal?: PortalId;
  connection?: 'enabled' | 'disabled' | 'none';
  secret?: string;
  addon?: 'active' | 'inactive' | 'none';
  users?: { email: string; active: boolean; name?: string }[];
  accounts?: string[];
}

export interface TestOrg {
  id: string;
  name: string;
  portal: PortalId;
  secret: string;
  connectionId: string | null;
  userIds: string[];
}

/** Inserts an organization with its connection, add-on, Severa users and portal accounts, as the spec says. */
export async function makeOrg(t: TestApp, spec: OrgSpec = {}): Promise<TestOrg> {
  const box = t.app.get(SecretBox);
  const now = t.clock.now();
  const portal = spec.portal ?? PortalId.MYVISMA;
  const secret = spec.secret ?? 'secret-' + randomBytes(12).toString('hex');
  const id = newId();
  const name = spec.name ?? `Test Org ${id.slice(0, 8)}`;
  const connectionId = (spec.connection ?? 'enabled') === 'none' ? null : newId();
  const userIds: string[] = [];
  await t.db.tx(async (m) => {
    await m.getRepository(Organization).insert({ id, name, severaStatus: spec.severaStatus === 'ended' ? SeveraSubscriptionStatus.ENDED : SeveraSubscriptionStatus.ACTIVE, severaEndedAt: spec.severaStatus === 'ended' ? new Date(now.getTime() - 10 * 86_400_000) : null, createdAt: now });
    if (connectionId) {
      await m.getRepository(PortalConnection).insert({
        id: connectionId,
        portalId: portal,
        organizationId: id,
        secretEnc: box.seal(secret, sealContext('portal_connections', 'secretEnc', connectionId)),
        enabled: spec.connection !== 'disabled',
        lastSuccessAt: null,
        lastFailureAt: null,
        lastFailureCause: null,
        secretRotatedAt: null,
        createdAt: now,
      });
    }
    const addon = spec.addon ?? 'active';
    if (addon !== 'none') {
      await m.getRepository(OrganizationAddon).insert({
        id: newId(),
        organizationId: id,
        addonId: ADDON_FOR_PORTAL[portal],
        status: addon === 'active' ? AddonStatus.ACTIVE : AddonStatus.INACTIVE,
        orderNumber: null,
        orderedAt: now,
        orderedBy: 'supervisor@demo.accessdesk.test',
        activatedAt: now,
        activatedBy: 'supervisor@demo.accessdesk.test',
        deactivatedAt: addon === 'inactive' ? now : null,
        deactivatedBy: addon === 'inactive' ? 'supervisor@demo.accessdesk.test' : null,
        deactivationReason: addon === 'inactive' ? 'test' : null,
        updatedAt: now,
      });
    }
    for (const u of spec.users ?? []) {
      const uid = newId();
      userIds.push(uid);
      await m.getRepository(SeveraUser).insert({ id: uid, organizationId: id, email: u.email, name: u.name ?? u.email.trim(), active: u.active, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: null, createdAt: now });
    }
    for (const email of spec.accounts ?? []) {
      await m.getRepository(PortalAccount).insert({ id: newId(), organizationId: id, portalId: portal, email, name: email, createdAt: now });
    }
  });
  return { id, name, portal, secret, connectionId, userIds };
}

export function sign(secret: string, raw: string | Buffer): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

export interface HandoffOptions {
  secret?: string;
  /** Overrides the computed signature (null: no header). */
  signature?: string | null;
  issuedAt?: number;
  nonce?: string;
  /** Sends this exact body (signed as given). */
  raw?: string;
}

export function handoffBody(t: TestApp, organizationId: string, email: string, o: HandoffOptions = {}): string {
  return o.raw ?? JSON.stringify({ organizationId, email, issuedAt: o.issuedAt ?? Math.floor(t.clock.nowMs() / 1000), nonce: o.nonce ?? randomBytes(12).toString('hex') });
}

/** A portal's signed POST to /api/portals/:portal/handoff. */
export function handoff(t: TestApp, portal: string, organizationId: string, email: string, o: HandoffOptions = {}) {
  const raw = handoffBody(t, organizationId, email, o);
  return postRaw(t, portal, raw, o.signature === undefined ? sign(o.secret ?? DEMO_PORTAL_SECRET, raw) : o.signature);
}

export function postRaw(t: TestApp, portal: string, raw: string, signature: string | null) {
  const req = t.http.post(`/api/portals/${portal}/handoff`).set('Content-Type', 'application/json');
  if (signature !== null) req.set('X-Portal-Signature', signature);
  return req.send(raw);
}

export async function orgId(t: TestApp, name: string): Promise<string> {
  return (await t.ds.getRepository(Organization).findOneByOrFail({ name })).id;
}

export async function lastAttempt(t: TestApp, organizationId: string | null, email: string): Promise<LoginAttempt | null> {
  const rows = await t.ds.getRepository(LoginAttempt).find({ where: { email, ...(organizationId ? { organizationId } : {}) }, order: { createdAt: 'DESC', id: 'DESC' }, take: 1 });
  return rows[0] ?? null;
}

/** The login attempt a hand-off response recorded (matched by its request id). */
export async function attemptOf(t: TestApp, res: { headers: Record<string, string> }): Promise<LoginAttempt | null> {
  return t.ds.getRepository(LoginAttempt).findOneBy({ requestId: res.headers['x-request-id'] });
}
