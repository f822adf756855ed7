import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, sealContext } from '../common/crypto.js';
import { hashPassword } from '../common/password-hash.js';
import { KdfGate } from '../common/kdf-gate.js';
import { Db, newId } from '../database/db.service.js';
import { Identity, newIdentityRow, StaffRoleGrant } from '../identities/identity.entity.js';
import { base32Encode } from '../identities/totp.js';
import { Organization } from '../organizations/organization.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { ConnectionRejection, Portal, PortalAccount, PortalConnection } from '../portals/portal.entity.js';
import { Addon, AddonEvent, AddonOrder, OrganizationAddon } from '../addons/addon.entity.js';
import { LoginAttempt, LoginAttemptReason } from '../sign-in/login-attempt.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ENTITIES } from '../database/entities.js';
import { evaluateHandoff } from '../sign-in/sign-in.rules.js';
import { HandoffFactsService } from '../sign-in/handoff-facts.service.js';
import { rejectionBucket } from '../sign-in/connection-health.js';
import { AuditService } from '../audit/audit.service.js';
import { AddonId, AddonStatus, FailureReason, PORTAL_NAMES, PortalId, SeveraSubscriptionStatus } from '../../../shared/sign-in.js';
import { AddonEventKind } from '../../../shared/addons.js';
import { StaffRole } from '../../../shared/roles.js';
import { TicketStatus } from '../../../shared/identity.js';

/** Brightside's Azets Work secret was rotated this long ago (the portal never switched). */
export const BRIGHTSIDE_ROTATED_DAYS_AGO = 20;

export const DEMO_STAFF = [
  { email: 'agent@demo.accessdesk.test', name: 'Aino Agent', role: StaffRole.SUPPORT_AGENT },
  { email: 'supervisor@demo.accessdesk.test', name: 'Sami Supervisor', role: StaffRole.SUPERVISOR },
  { email: 'lead@demo.accessdesk.test', name: 'Leena Lead', role: StaffRole.SUPERVISOR },
  { email: 'admin@northwind.test', name: 'Nora Northwind (admin)', role: StaffRole.ORG_ADMIN, org: 'northwind' },
  // Each demo organization has its own admin: Brightside's confirms the invitation customer service files for Bella.
  { email: 'admin@brightside.test', name: 'Brita Brightside (admin)', role: StaffRole.ORG_ADMIN, org: 'brightside' },
  { email: 'admin@oldfield.test', name: 'Otto Oldfield (admin)', role: StaffRole.ORG_ADMIN, org: 'oldfield' },
] as const;

/** The demo organizations' names, by the key DEMO_STAFF uses. */
export const DEMO_ORGANIZATIONS = { northwind: 'Northwind Consulting', oldfield: 'Oldfield Oy', brightside: 'Brightside Ltd' } as const;

export const ADDON_CATALOG = [
  {
    id: AddonId.MYVISMA,
    portalId: PortalId.MYVISMA,
    name: 'MyVisma',
    description:
      'Direct access to Visma Severa from the MyVisma portal: users who are signed in to MyVisma open Severa without new credentials. ' +
      'Free of charge. The user must have the same e-mail address in MyVisma and in Severa; accounts are not created or synced automatically.',
  },
  {
    id: AddonId.AZETS_WORK,
    portalId: PortalId.AZETS_WORK,
    name: 'Azets Work',
    description:
      'Direct access to Visma Severa from the Azets Work portal. Free of charge. The user must have exactly the same e-mail address ' +
      'in Azets Work and in Severa; accounts are not created or synced automatically.',
  },
];

/** Small deterministic PRNG so the demo's login history is the same on every machine. */
function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo data: tells the story of the help-centre articles so every screen has something true to show. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly facts: HandoffFactsService,
    private readonly audit: AuditService,
    private readonly kdf: KdfGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.db.manager.getRepository(Identity).count()) === 0 && (await this.db.manager.getRepository(Organization).count()) === 0;
  }

  /** Reference data every installation needs (portals, add-on catalog), demo or not. */
  async seedReference(m: EntityManager): Promise<void> {
    for (const id of [PortalId.MYVISMA, PortalId.AZETS_WORK]) await m.getRepository(Portal).save({ id, name: PORTAL_NAMES[id] });
    for (const a of ADDON_CATALOG) await m.getRepository(Addon).save({ ...a, priceCents: 0, currency: 'EUR' });
  }

  async ensureReference(): Promise<void> {
    await this.db.tx((m) => this.seedReference(m));
  }

  async seedIfEmpty(): Promise<boolean> {
    if (!(await this.isEmpty())) return false;
    await this.seed();
    return true;
  }

  /** Empties every table and loads the demo again (npm run seed:demo). */
  async reset(): Promise<void> {
    await this.db.tx(async (m) => {
      for (const e of ENTITIES) await m.getRepository(e).clear();
    });
    await this.seed();
  }

  async seed(): Promise<void> {
    const now = this.clock.now();
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
    const passwordHash = await hashPassword(this.kdf, this.config.demoPassword);
    const demoTotp = this.config.demoTotpSecret;

    await this.db.tx(async (m) => {
      await this.seedReference(m);
      const org = async (name: string, severaStatus: 'active' | 'ended', endedDaysAgo?: number) => {
        // Each demo organization owns the domain of its people's addresses (its org admins may invite there).
        const emailDomains = `${name.split(' ')[0].toLowerCase()}.test`;
        const o = m.getRepository(Organization).create({ id: newId(), name, severaStatus: severaStatus === 'ended' ? SeveraSubscriptionStatus.ENDED : SeveraSubscriptionStatus.ACTIVE, severaEndedAt: endedDaysAgo ? at(endedDaysAgo) : null, emailDomains, createdAt: at(400) });
        await m.getRepository(Organization).insert(o);
        return o;
      };
      const northwind = await org(DEMO_ORGANIZATIONS.northwind, 'active');
      const oldfield = await org(DEMO_ORGANIZATIONS.oldfield, 'ended', 40);
      const brightside = await org(DEMO_ORGANIZATIONS.brightside, 'active');
      const orgs = { northwind, oldfield, brightside };

      /** totpSecret in clear: it is sealed here, bound to the new row. */
      const identity = async (email: string, name: string, totpSecret: string | null, extra: Partial<Identity> = {}) => {
        const id = newId();
        const i = Object.assign(newIdentityRow({ id, email, displayName: name, status: 'active', passwordHash, now: at(300) }), {
          totpSecretEnc: totpSecret ? this.box.seal(totpSecret, sealContext('identities', 'totpSecretEnc', id)) : null,
          totpEnrolledAt: totpSecret ? at(200) : null,
          updatedAt: at(200),
          ...extra,
        });
        await m.getRepository(Identity).insert(i);
        return i;
      };
      for (const s of DEMO_STAFF) {
        const i = await identity(s.email, s.name, demoTotp);
        await m.getRepository(StaffRoleGrant).insert({ id: newId(), identityId: i.id, role: s.role, organizationId: 'org' in s ? orgs[s.org].id : null, grantedBy: null, grantedAt: at(300) });
      }
      const randomTotp = () => base32Encode(this.random.bytes(20));
      const anna = await identity('anna.virtanen@northwind.test', 'Anna Virtanen', randomTotp());
      const erik = await identity('erik.nurmi@northwind.test', 'Erik Nurmi', randomTotp(), { emergencyCodeHash: null, smsNumber: '+358401234567', smsVerified: true });
      const carla = await identity('carla.berg@northwind.test', 'Carla Berg', randomTotp());

      const severaUser = async (o: Organization, email: string, name: string, active: boolean, identityId: string | null = null, change?: { at: Date; by: string; reason: string }) => {
        const u = m.getRepository(SeveraUser).create({
          id: newId(),
          organizationId: o.id,
          email,
          name,
          active,
          activeChangedAt: change?.at ?? null,
          activeChangedBy: change?.by ?? null,
          activeChangeReason: change?.reason ?? null,
          identityId,
          createdAt: at(350),
        });
        await m.getRepository(SeveraUser).insert(u);
        return u;
      };
      await severaUser(northwind, 'anna.virtanen@northwind.test', 'Anna Virtanen', true, anna.id);
      // The seeds' date (2 Oct 2026, 09:00 UTC: the same calendar day in every time zone from UTC-9 to UTC+14), or a day ago on a clock set earlier.
      const benChanged = new Date(Math.min(Date.UTC(2026, 9, 2, 9), now.getTime() - day));
      await severaUser(northwind, 'ben.koski@northwind.test', 'Ben Koski', false, null, { at: benChanged, by: 'admin@northwind.test', reason: 'On parental leave until further notice' });
      await severaUser(northwind, 'carla.berg@northwind.test', 'Carla Berg', true, carla.id);
      await severaUser(northwind, 'erik.nurmi@northwind.test', 'Erik Nurmi', true, erik.id);
      await severaUser(northwind, 'admin@northwind.test', 'Nora Northwind', true);
      await severaUser(oldfield, 'olli.lehto@oldfield.test', 'Olli Lehto', true);
      await severaUser(oldfield, 'admin@oldfield.test', 'Otto Oldfield', true);
      await severaUser(brightside, 'bella.stone@brightside.test', 'Bella Stone', true);
      await severaUser(brightside, 'admin@brightside.test', 'Brita Brightside', true);

      const account = async (o: Organization, portalId: PortalId, email: string, name: string) =>
        m.getRepository(PortalAccount).insert({ id: newId(), organizationId: o.id, portalId, email, name, createdAt: at(300) });
      await account(northwind, PortalId.MYVISMA, 'anna.virtanen@northwind.test', 'Anna Virtanen');
      await account(northwind, PortalId.MYVISMA, 'ben.koski@northwind.test', 'Ben Koski');
      await account(northwind, PortalId.MYVISMA, 'Carla.Berg@northwind.test', 'Carla Berg');
      await account(northwind, PortalId.MYVISMA, 'dave.lind@northwind.test', 'Dave Lind');
      await account(northwind, PortalId.MYVISMA, 'erik.nurmi@northwind.test', 'Erik Nurmi');
      await account(northwind, PortalId.AZETS_WORK, 'anna.virtanen@northwind.test', 'Anna Virtanen');
      await account(northwind, PortalId.AZETS_WORK, 'erik.nurmi@northwind.test', 'Erik Nurmi');
      await account(oldfield, PortalId.MYVISMA, 'olli.lehto@oldfield.test', 'Olli Lehto');
      await account(brightside, PortalId.AZETS_WORK, 'bella.stone@brightside.test', 'Bella Stone');

      /** secret in clear: sealed here, bound to the new row. */
      const connection = (o: Organization, portalId: PortalId, extra: Partial<PortalConnection> = {}, secret = this.config.demoPortalSecret) => {
        const id = newId();
        return m.getRepository(PortalConnection).insert({
          id,
          organizationId: o.id,
          portalId,
          secretEnc: this.box.seal(secret, sealContext('portal_connections', 'secretEnc', id)),
          enabled: true,
          lastSuccessAt: null,
          lastFailureAt: null,
          lastFailureCause: null,
          secretRotatedAt: null,
          createdAt: at(380),
          ...extra,
        });
      };
      await connection(northwind, PortalId.MYVISMA);
      await connection(northwind, PortalId.AZETS_WORK);
      await connection(oldfield, PortalId.MYVISMA);
      // Brightside's Azets Work secret was rotated 20 days ago and the portal still signs with the old one: no signed
      // hand-off since (unverified from the rotation on), and its requests are refused as bad signatures (below).
      await connection(brightside, PortalId.AZETS_WORK, { secretRotatedAt: at(BRIGHTSIDE_ROTATED_DAYS_AGO), unverifiedSince: at(BRIGHTSIDE_ROTATED_DAYS_AGO) }, 'brightside-rotated-' + base32Encode(this.random.bytes(10)));

      const addon = async (o: Organization, addonId: AddonId, orderNo: string, daysAgo: number) => {
        await m.getRepository(OrganizationAddon).insert({
          id: newId(),
          organizationId: o.id,
          addonId,
          status: AddonStatus.ACTIVE,
          orderNumber: orderNo,
          orderedAt: at(daysAgo),
          orderedBy: 'supervisor@demo.accessdesk.test',
          activatedAt: at(daysAgo),
          activatedBy: 'supervisor@demo.accessdesk.test',
          deactivatedAt: null,
          deactivatedBy: null,
          deactivationReason: null,
          updatedAt: at(daysAgo),
        });
        const staff = await m.getRepository(Identity).findOneByOrFail({ emailNormalized: 'supervisor@demo.accessdesk.test' });
        await m.getRepository(AddonOrder).insert({
          id: newId(),
          orderNumber: orderNo,
          organizationId: o.id,
          addonId,
          idempotencyKey: `demo-${orderNo}`,
          receipt: { orderNumber: orderNo, items: [{ addonId, name: ADDON_CATALOG.find((a) => a.id === addonId)!.name, quantity: 1, priceCents: 0, currency: 'EUR' }], totalCents: 0, currency: 'EUR', organizationId: o.id, organizationName: o.name, orderedBy: staff.email, orderedAt: at(daysAgo).toISOString() },
          orderedById: staff.id,
          createdAt: at(daysAgo),
        });
        for (const kind of [AddonEventKind.ORDERED, AddonEventKind.ACTIVATED]) {
          await m.getRepository(AddonEvent).insert({ id: newId(), organizationId: o.id, addonId, kind, orderNumber: orderNo, actorId: staff.id, actorEmail: staff.email, reason: null, createdAt: at(daysAgo) });
        }
      };
      await addon(northwind, AddonId.MYVISMA, 'AD-2025-000101', 330);
      await addon(oldfield, AddonId.MYVISMA, 'AD-2025-000102', 320);
      await addon(brightside, AddonId.AZETS_WORK, 'AD-2025-000103', 310);

      await m.getRepository(Ticket).insert({
        id: newId(),
        number: 1,
        identityId: erik.id,
        callerEmail: 'erik.nurmi@northwind.test',
        organizationId: northwind.id,
        channel: 'phone',
        subject: 'Lost phone: cannot sign in to Severa',
        description: 'Erik called: his phone with the authenticator app was stolen yesterday. He still knows his password and needs a one-time code to sign in and set up a new phone.',
        // Stolen: a call-back or SMS to the number on record would reach the thief, so those checks do not count.
        phoneLost: true,
        status: TicketStatus.OPEN,
        assigneeId: null,
        createdById: null,
        createdAt: at(0.05),
        updatedAt: at(0.05),
      });
      // Brightside's caller has no Connect identity on record yet: the agent must find or link it before verifying.
      await m.getRepository(Ticket).insert({
        id: newId(),
        number: 2,
        identityId: null,
        callerEmail: 'bella.stone@brightside.test',
        organizationId: brightside.id,
        channel: 'e-mail',
        subject: 'New phone: authenticator codes no longer accepted',
        description: 'Bella wrote in: she moved to a new phone and the authenticator codes are refused. She has not found her emergency code.',
        status: TicketStatus.OPEN,
        assigneeId: null,
        createdById: null,
        createdAt: at(0.5),
        updatedAt: at(0.5),
      });

      await this.seedAttempts(m, now);
      // The Azets Work portal keeps signing Brightside's hand-offs with its old secret: what the live hand-off counts
      // for such requests (a refused request per minute and kind, no login attempt) for the last hour, up to this
      // minute, so a freshly loaded demo shows the connection "failing" at once. Without new requests the evidence
      // leaves the window (CONNECTION_FAILING_WINDOW_MINUTES) and the health is what the signed evidence says:
      // "unverified" since the rotation.
      const bright = await m.getRepository(PortalConnection).findOneByOrFail({ organizationId: brightside.id, portalId: PortalId.AZETS_WORK });
      for (let minute = 0; minute < 60; minute++) {
        await m.getRepository(ConnectionRejection).insert({ connectionId: bright.id, bucket: rejectionBucket(new Date(now.getTime() - minute * 60_000)), kind: 'bad-signature', count: 1 + (minute % 2) });
      }
      await this.audit.record({ action: 'demo.loaded', targetType: 'system', after: { organizations: 3, staff: DEMO_STAFF.length } }, m);
    });
    this.logger.log('Demo data loaded');
  }

  /** A few weeks of hand-offs by the demo's portal accounts, each decided by the rules engine on today's facts. */
  private async seedAttempts(m: EntityManager, now: Date): Promise<void> {
    const rand = mulberry32(20261126);
    const accounts = await m.getRepository(PortalAccount).find({ order: { email: 'ASC', portalId: 'ASC' } });
    const decisions = [];
    for (const a of accounts) {
      const ctx = await this.facts.context(a.portalId as PortalId, a.organizationId, m);
      const matches = await this.facts.exactMatches(a.organizationId, a.email, m);
      // Every recorded attempt is a signed hand-off (what the live hand-off records): the portals sign correctly.
      // Brightside's portal did too until its secret was rotated; its requests after that are not attempts (below).
      decisions.push({ account: a, signedUntil: ctx.connection?.secretRotatedAt ?? null, decision: evaluateHandoff(this.facts.facts(ctx, a.email, matches, { signatureValid: true, fresh: true, nonceUnused: true })) });
    }
    const attempts: LoginAttempt[] = [];
    const reasons: LoginAttemptReason[] = [];
    for (let i = 0; i < 360; i++) {
      const { account, decision, signedUntil } = decisions[Math.floor(rand() * decisions.length)];
      const createdAt = new Date(now.getTime() - Math.floor(rand() * 28 * 86_400_000));
      // Signed with a secret the connection no longer holds: refused before the rules engine, nothing recorded.
      if (signedUntil && createdAt > signedUntil) continue;
      const id = newId();
      attempts.push(m.getRepository(LoginAttempt).create({ id, portalId: account.portalId, organizationId: account.organizationId, email: account.email, result: decision.ok ? 'success' : 'failure', reasons: decision.failures, detail: null, requestId: null, createdAt }));
      for (const r of decision.failures) reasons.push(m.getRepository(LoginAttemptReason).create({ attemptId: id, reason: r, createdAt }));
    }
    for (let i = 0; i < attempts.length; i += 100) await m.getRepository(LoginAttempt).insert(attempts.slice(i, i + 100));
    for (let i = 0; i < reasons.length; i += 100) await m.getRepository(LoginAttemptReason).insert(reasons.slice(i, i + 100));
    // The connections' signed evidence, as the live hand-off stamps it: a signed hand-off the connection accepted is
    // a success of the connection, whatever the other checks said (Oldfield's ended subscription, an add-on that is
    // not active). The demo's connections refused no signed hand-off (its failures are on other checks).
    const latest = (portalId: string, orgId: string) =>
      attempts
        .filter((a) => a.portalId === portalId && a.organizationId === orgId && !a.reasons.includes(FailureReason.PORTAL_CONNECTION_FAILED))
        .reduce<Date | null>((d, a) => (!d || a.createdAt > d ? a.createdAt : d), null);
    for (const c of await m.getRepository(PortalConnection).find()) {
      await m.getRepository(PortalConnection).update({ id: c.id }, { lastSuccessAt: latest(c.portalId, c.organizationId) });
    }
  }
}
