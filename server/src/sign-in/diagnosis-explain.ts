/**
 * Turns the rules engine's decision into what an admin reads: evidence (the facts with dates and names), the
 * owner of the fix, the remedy in the help-centre articles' words, and the fixes the caller may perform.
 * Pure: it decides nothing (evaluateHandoff() did), it only explains.
 */
import type { OrganizationAddon } from '../addons/addon.entity.js';
import type { PortalConnection } from '../portals/portal.entity.js';
import { ACCESS_POLICY } from '../../../shared/access-policy.js';
import type { StaffRole } from '../../../shared/roles.js';
import { ADDON_FOR_PORTAL, FailureReason, PORTAL_NAMES, PortalId } from '../../../shared/sign-in.js';
import type { DiagnosisAction, DiagnosisActionId, DiagnosisCheck, DiagnosisMessage, NearMiss } from '../../../shared/diagnosis.js';

const msg = (key: string, params?: Record<string, string | number | null | undefined>): DiagnosisMessage => ({
  key,
  ...(params ? { params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null && v !== undefined)) as Record<string, string | number> } : {}),
});
const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);
const NOTHING = [msg('nothingToDo')];
import type { CheckOutcome, HandoffDecision, OrganizationFacts, SeveraUserFacts } from './sign-in.rules.js';
import type { ConnectionHealth } from './connection-health.js';

export interface ExplainInput {
  decision: HandoffDecision;
  portalId: PortalId;
  email: string;
  organization: OrganizationFacts | null;
  organizationId: string;
  organizationName: string | null;
  connection: PortalConnection | null;
  /** The connection's health judged from signed evidence. */
  health: ConnectionHealth | null;
  addon: OrganizationAddon | null;
  /** Severa users whose e-mail equals the presented one exactly. */
  exactMatches: SeveraUserFacts[];
  /** Display names of Severa users by id. */
  names: ReadonlyMap<string, string>;
  nearMisses: NearMiss[];
  caller: { roles: readonly StaffRole[] };
  now: Date;
  /** Whether the portal has an account with exactly this e-mail (what it would really send). */
  portalAccountExists?: boolean;
}

/** Each fix names the API route that performs it: whether the caller may is read from the authorization table. */
const ACTIONS: Record<DiagnosisActionId, { route: string; label: string; who: string }> = {
  'activate-user': { route: 'PUT /api/severa-users/:id', label: 'Activate the Severa user', who: "Support agents, supervisors and the organization's admins" },
  'activate-addon': { route: 'POST /api/organization-addons', label: 'Activate the add-on', who: "A supervisor or the organization's admin" },
  'open-connection': { route: 'GET /api/portal-connections/:id', label: 'Open the connection', who: "Visma customer service and the organization's admins" },
  'check-connection': { route: 'POST /api/portal-connections/:id/check', label: 'Check the connection now', who: "Visma customer service and the organization's admins" },
  'enable-connection': { route: 'PUT /api/portal-connections/:id', label: 'Enable the connection', who: "A Visma supervisor or the organization's admin" },
  'rotate-secret': { route: 'POST /api/portal-connections/:id/rotate-secret', label: 'Rotate the connection secret', who: "A Visma supervisor or the organization's admin (who then gives the new secret to the portal administrator)" },
  'create-connection': { route: 'POST /api/portal-connections', label: 'Create the connection', who: "A Visma supervisor or the organization's admin" },
  'open-severa-users': { route: 'GET /api/severa-users', label: "Open the organization's Severa users", who: "Anyone who may see the organization's Severa users" },
};

export function action(id: DiagnosisActionId, roles: readonly StaffRole[], params: Record<string, string>): DiagnosisAction {
  const spec = ACTIONS[id];
  const policy = ACCESS_POLICY[spec.route];
  const allowed = !!policy && !policy.public && policy.roles.some((r) => roles.includes(r));
  const stepUp = !!policy && !policy.public && !!policy.stepUp;
  return { id, label: spec.label, allowed, who: spec.who, stepUp, params };
}

export const day = (d: Date | null | undefined): string => (d ? d.toISOString().slice(0, 10) : 'an unknown date');
export const when = (d: Date | null | undefined): string => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

function outcome(decision: HandoffDecision, code: FailureReason): CheckOutcome {
  return decision.checks.find((c) => c.code === code)!;
}

function connectionCheck(i: ExplainInput, org: string, P: string): DiagnosisCheck {
  const o = outcome(i.decision, FailureReason.PORTAL_CONNECTION_FAILED);
  const c = i.connection;
  const base = `There is a problem in the connection between ${P} and Visma Severa. This is most likely the case if the other items have been checked and everything was ok. Contact customer service.`;
  const connActions = (extra: DiagnosisActionId[] = []): DiagnosisAction[] =>
    c ? (['open-connection', 'check-connection', ...extra] as DiagnosisActionId[]).map((id) => action(id, i.caller.roles, { connectionId: c.id, portalId: i.portalId, organizationId: i.organizationId })) : [];
  const code = FailureReason.PORTAL_CONNECTION_FAILED;

  const h = i.health;
  const rejected = h?.rejectedRequests
    ? ` In the last hour ${h.rejectedRequests} request${h.rejectedRequests === 1 ? '' : 's'} with a signature that does not match (or from outside the allowed sources) ${h.rejectedRequests === 1 ? 'was' : 'were'} refused; on their own they say nothing about the connection.`
    : '';
  if (o.status === 'pass') {
    const unverified = h?.status === 'unverified';
    const success = c?.lastSuccessAt && !unverified ? `; the last signed hand-off through it worked at ${when(c.lastSuccessAt)}` : '';
    const state = unverified
      ? `; no signed hand-off has arrived since it was ${c?.secretRotatedAt && c.unverifiedSince && c.secretRotatedAt.getTime() === c.unverifiedSince.getTime() ? 'rotated' : c?.unverifiedSince && c.unverifiedSince.getTime() !== c.createdAt.getTime() ? 're-enabled' : 'created'} (${when(c?.unverifiedSince ?? c?.createdAt)}), so it is not verified yet`
      : '';
    return {
      code,
      status: 'pass',
      evidence: `The ${P} connection for ${org} is enabled${success}${state}.${rejected}`,
      evidenceMessages: [
        msg('connection.enabled', { portal: P, org }),
        c?.lastSuccessAt ? msg('connection.lastSuccess', { at: iso(c.lastSuccessAt) }) : msg('connection.noHandoffYet'),
      ],
      owner: 'visma-support',
      remedy: unverified ? `Nothing blocks sign-in. The first signed hand-off from ${P} verifies the connection.` : 'Nothing to do. If sign-in still fails when every other item is fine, contact customer service.',
      remedyMessages: [msg('connection.passRemedy')],
      actions: [],
    };
  }
  if (o.detail === 'not-configured') {
    return {
      code,
      status: 'fail',
      evidence: `No ${P} connection is configured for ${org}: Severa cannot verify hand-offs from ${P}.`,
      evidenceMessages: [msg('connection.notConfigured', { portal: P, org })],
      owner: 'visma-support',
      remedy: `${base} Create the connection (or activate the ${P} add-on, which creates it) and give the secret shown once to the ${P} administrator.`,
      remedyMessages: [msg('connection.base', { portal: P }), msg('connection.setUp', { portal: P })],
      actions: [action('create-connection', i.caller.roles, { organizationId: i.organizationId, portalId: i.portalId })],
    };
  }
  if (o.detail === 'disabled') {
    return {
      code,
      status: 'fail',
      evidence: `The ${P} connection for ${org} is disabled.${rejected}`,
      evidenceMessages: [msg('connection.disabled', { portal: P, org }), ...(c?.lastFailureAt ? [msg('connection.lastRefused', { at: iso(c.lastFailureAt) })] : [])],
      owner: 'visma-support',
      remedy: `${base} The connection can be enabled again.`,
      remedyMessages: [msg('connection.base', { portal: P }), msg('connection.enable')],
      actions: connActions(['enable-connection']),
    };
  }
  // Failing: repeated signed-evidence failures in the window and no signed hand-off.
  const stale = h?.cause === 'stale';
  const rotated = c?.secretRotatedAt ? ` The connection secret was last rotated on ${day(c.secretRotatedAt)}.` : '';
  const specific = stale
    ? ` The ${P} administrator should check that the portal's clock is right and that hand-offs are sent as soon as they are made.`
    : ` ${P} seems to sign hand-offs with a different secret than Severa holds: rotate the secret and have the ${P} administrator install the new one, and check the portal's connection configuration.`;
  return {
    code,
    status: 'fail',
    evidence: `Since ${when(h?.since)}, ${h?.evidence ?? 0} hand-off requests from ${P}'s allowed sources for ${org} ${stale ? 'were signed but stale' : 'had a signature that does not match the connection secret'}, and no signed hand-off arrived in the last ${h?.windowMinutes ?? 0} minutes (failing from ${h?.threshold ?? 0} such requests). Last working hand-off: ${when(c?.lastSuccessAt)}.${rotated}`,
    evidenceMessages: [
      c?.lastFailureAt ? msg('connection.failedNoCause', { portal: P, org, at: iso(c.lastFailureAt) }) : msg('connection.failedUnknown', { portal: P, org }),
      c?.lastSuccessAt ? msg('connection.lastWorking', { at: iso(c.lastSuccessAt) }) : msg('connection.neverWorked'),
      ...(c?.secretRotatedAt ? [msg('connection.rotated', { on: iso(c.secretRotatedAt) })] : []),
    ],
    owner: 'portal-admin',
    remedy: `${base}${specific}`,
    remedyMessages: [msg('connection.base', { portal: P }), msg(stale ? 'connection.stale' : 'connection.secret', { portal: P })],
    actions: connActions(stale ? [] : ['rotate-secret']),
  };
}

function organizationCheck(i: ExplainInput, org: string): DiagnosisCheck {
  const o = outcome(i.decision, FailureReason.ORGANIZATION_LEFT_SEVERA);
  const code = FailureReason.ORGANIZATION_LEFT_SEVERA;
  const remedy =
    'The company in question does not use Visma Severa anymore. Contact your Visma Severa administrator to confirm if you are unsure. Sign-in works again only once the Severa subscription is active again: Visma customer service can help.';
  const remedyMessages = [msg('organization.remedy')];
  if (o.status === 'pass') {
    return { code, status: 'pass', evidence: `${org} uses Visma Severa (subscription active).`, evidenceMessages: [msg('organization.pass', { org })], owner: 'visma-support', remedy: 'Nothing to do.', remedyMessages: NOTHING, actions: [] };
  }
  if (o.detail === 'no-organization') {
    return { code, status: 'fail', evidence: `No Severa organization has the id ${i.organizationId}.`, evidenceMessages: [msg('organization.unknown', { id: i.organizationId })], owner: 'visma-support', remedy, remedyMessages, actions: [] };
  }
  const ended = i.organization?.severaEndedAt ? `: the subscription ended on ${day(i.organization.severaEndedAt)}` : '';
  const evidenceMessages = [i.organization?.severaEndedAt ? msg('organization.endedOn', { org, on: iso(i.organization.severaEndedAt) }) : msg('organization.ended', { org })];
  return { code, status: 'fail', evidence: `${org} no longer uses Visma Severa${ended}.`, evidenceMessages, owner: 'visma-support', remedy, remedyMessages, actions: [] };
}

function addonCheck(i: ExplainInput, org: string, P: string): DiagnosisCheck {
  const o = outcome(i.decision, FailureReason.ADDON_NOT_ACTIVE);
  const code = FailureReason.ADDON_NOT_ACTIVE;
  const A = `${P} add-on`;
  const a = i.addon;
  const remedy = `Activate the ${A} in Visma Severa: go to Upgrades and follow the purchase process. The add-on is free; once it is active, ${P} sign-in works with no other settings.`;
  if (o.status === 'not-applicable') {
    return { code, status: 'not-applicable', evidence: 'Not applicable: the organization does not exist, so it has no add-ons.', evidenceMessages: [msg('addon.notApplicable')], owner: 'org-admin', remedy: 'Nothing to do here until the organization exists.', remedyMessages: [msg('addon.notApplicableRemedy')], actions: [] };
  }
  if (o.status === 'pass') {
    const since = a?.activatedAt ? ` since ${day(a.activatedAt)}${a.activatedBy ? ` (activated by ${a.activatedBy})` : ''}` : '';
    const order = a?.orderNumber ? `, order ${a.orderNumber}` : '';
    const evidenceMessages = [
      msg('addon.active', { portal: P, org }),
      ...(a?.activatedAt ? [a.activatedBy ? msg('addon.activatedOnBy', { on: iso(a.activatedAt), by: a.activatedBy }) : msg('addon.activatedOn', { on: iso(a.activatedAt) })] : []),
      ...(a?.orderNumber ? [msg('addon.order', { order: a.orderNumber })] : []),
    ];
    return { code, status: 'pass', evidence: `The ${A} is active for ${org}${since}${order}.`, evidenceMessages, owner: 'org-admin', remedy: 'Nothing to do.', remedyMessages: NOTHING, actions: [] };
  }
  const evidence =
    o.detail === 'never-purchased' || !a
      ? `${org} has never activated the ${A}: it is not in the organization's add-ons list.`
      : `The ${A} of ${org} is not active${a.deactivatedAt ? `: it was deactivated on ${day(a.deactivatedAt)}${a.deactivatedBy ? ` by ${a.deactivatedBy}` : ''}${a.deactivationReason ? ` (reason: ${a.deactivationReason})` : ''}` : ` (status: ${a.status})`}.`;
  const evidenceMessages: DiagnosisMessage[] =
    o.detail === 'never-purchased' || !a
      ? [msg('addon.neverActivated', { portal: P, org })]
      : [
          msg('addon.inactive', { portal: P, org }),
          ...(a.deactivatedAt ? [a.deactivatedBy ? msg('addon.deactivatedOnBy', { on: iso(a.deactivatedAt), by: a.deactivatedBy }) : msg('addon.deactivatedOn', { on: iso(a.deactivatedAt) })] : [msg('addon.status', { status: a.status })]),
          ...(a.deactivatedAt && a.deactivationReason ? [msg('addon.reason', { reason: a.deactivationReason })] : []),
        ];
  return {
    code,
    status: 'fail',
    evidence,
    evidenceMessages,
    owner: 'org-admin',
    remedy,
    remedyMessages: [msg('addon.remedy', { portal: P })],
    actions: [action('activate-addon', i.caller.roles, { organizationId: i.organizationId, addonId: ADDON_FOR_PORTAL[i.portalId], portalId: i.portalId })],
  };
}

function emailCheck(i: ExplainInput, org: string, P: string): DiagnosisCheck {
  const o = outcome(i.decision, FailureReason.EMAIL_NOT_FOUND);
  const code = FailureReason.EMAIL_NOT_FOUND;
  const remedy = `The user must have the same e-mail address in Visma Severa and ${P}. Check the e-mail addresses in both: they need to be exactly the same (letter case, spaces and +tags count). ${P} and Severa have separate user accounts, nothing is created or linked automatically: create the user in Severa or correct one of the two e-mails.`;
  if (o.status === 'pass') {
    const u = i.decision.user!;
    const name = i.names.get(u.id);
    const several = i.exactMatches.length > 1 ? ` ${i.exactMatches.length} Severa users have this e-mail; the hand-off signs in ${u.active ? 'an active one' : 'the first, which is inactive'}.` : '';
    return {
      code,
      status: 'pass',
      evidence: `Severa user ${u.email}${name ? ` (${name})` : ''} has exactly ${i.portalAccountExists === false ? `this e-mail (but ${P} has no account spelled this way)` : `the e-mail ${P} sends`}.${several}`,
      evidenceMessages: [
        name ? msg('email.matchNamed', { email: u.email, name, portal: P }) : msg('email.match', { email: u.email, portal: P }),
        ...(i.exactMatches.length > 1 ? [msg(u.active ? 'email.severalActive' : 'email.severalInactive', { count: i.exactMatches.length })] : []),
      ],
      owner: 'org-admin',
      remedy: several ? 'Nothing blocks sign-in, but two Severa users share this e-mail: consider deactivating the one that is not in use.' : 'Nothing to do.',
      remedyMessages: several ? [msg('email.severalRemedy')] : NOTHING,
      actions: [],
    };
  }
  const remedyMessages = [msg('email.remedy', { portal: P })];
  if (o.detail === 'no-organization') {
    return { code, status: 'fail', evidence: 'Cannot look for the e-mail: the organization does not exist.', evidenceMessages: [msg('email.noOrganization')], owner: 'org-admin', remedy, remedyMessages, actions: [] };
  }
  const nm = i.nearMisses.filter((n) => !n.kinds.includes('same-email'));
  const closest = nm.length ? ` Closest: ${nm[0].email} (${nm[0].why.replace(/ \(one of \d+ candidates\)$/, '')})${nm.length > 1 ? ` and ${nm.length - 1} more similar e-mail${nm.length > 2 ? 's' : ''}` : ''}.` : ' No similar e-mail was found either.';
  return {
    code,
    status: 'fail',
    evidence: `No Severa user of ${org} has exactly the e-mail "${i.email}".${closest}`,
    evidenceMessages: [
      msg('email.notFound', { org, email: i.email }),
      nm.length ? msg('email.closest', { email: nm[0].email, kinds: nm[0].kinds.join(',') }) : msg('email.noSimilar'),
      ...(nm.length > 1 ? [msg('email.more', { smart_count: nm.length - 1 })] : []),
    ],
    owner: 'org-admin',
    remedy,
    remedyMessages,
    actions: [action('open-severa-users', i.caller.roles, { organizationId: i.organizationId, q: (nm[0]?.email ?? i.email).trim().split('@')[0].split('+')[0].toLowerCase() })],
  };
}

function userCheck(i: ExplainInput, P: string): DiagnosisCheck {
  const o = outcome(i.decision, FailureReason.SEVERA_USER_INACTIVE);
  const code = FailureReason.SEVERA_USER_INACTIVE;
  const remedy = `The user is inactive in Visma Severa. Go to the user's Personal details page in Visma Severa and activate the user. ${P} and Severa have separate user accounts: a user active in ${P} is not activated in Severa automatically.`;
  const u = i.decision.user;
  if (o.status === 'not-applicable' || !u) {
    const why = o.detail === 'no-organization' || !i.organization ? 'the organization does not exist' : 'no Severa user has exactly this e-mail';
    const evidenceMessages = [msg(o.detail === 'no-organization' || !i.organization ? 'user.notApplicableNoOrganization' : 'user.notApplicableNoUser')];
    return { code, status: 'not-applicable', evidence: `Not applicable: ${why}, so there is no Severa user whose status could be checked.`, evidenceMessages, owner: 'org-admin', remedy: 'Fix the e-mail first.', remedyMessages: [msg('user.fixEmailFirst')], actions: [] };
  }
  if (o.status === 'pass') {
    const changed = u.activeChangedAt ? ` (activated on ${day(u.activeChangedAt)}${u.activeChangedBy ? ` by ${u.activeChangedBy}` : ''})` : '';
    const evidenceMessages = [
      msg('user.active', { email: u.email }),
      ...(u.activeChangedAt ? [u.activeChangedBy ? msg('user.activatedOnBy', { on: iso(u.activeChangedAt), by: u.activeChangedBy }) : msg('user.activatedOn', { on: iso(u.activeChangedAt) })] : []),
    ];
    return { code, status: 'pass', evidence: `Severa user ${u.email} is active${changed}.`, evidenceMessages, owner: 'org-admin', remedy: 'Nothing to do.', remedyMessages: NOTHING, actions: [] };
  }
  const evidence = u.activeChangedAt
    ? `Severa user ${u.email} was deactivated on ${day(u.activeChangedAt)}${u.activeChangedBy ? ` by ${u.activeChangedBy}` : ''}${u.activeChangeReason ? ` (reason: ${u.activeChangeReason})` : ''}.`
    : `Severa user ${u.email} is inactive (there is no record of when or by whom it was deactivated).`;
  const evidenceMessages = u.activeChangedAt
    ? [
        u.activeChangedBy ? msg('user.deactivatedOnBy', { email: u.email, on: iso(u.activeChangedAt), by: u.activeChangedBy }) : msg('user.deactivatedOn', { email: u.email, on: iso(u.activeChangedAt) }),
        ...(u.activeChangeReason ? [msg('user.reason', { reason: u.activeChangeReason })] : []),
      ]
    : [msg('user.inactiveUnknown', { email: u.email })];
  return { code, status: 'fail', evidence, evidenceMessages, owner: 'org-admin', remedy, remedyMessages: [msg('user.remedy', { portal: P })], actions: [action('activate-user', i.caller.roles, { severaUserId: u.id, organizationId: i.organizationId })] };
}

/** All five checks, in the rules engine's order, each with evidence, owner, remedy and actions. */
export function explainChecks(i: ExplainInput): DiagnosisCheck[] {
  const org = i.organizationName ?? 'The organization';
  const P = PORTAL_NAMES[i.portalId];
  return [connectionCheck(i, org, P), organizationCheck(i, org), addonCheck(i, org, P), emailCheck(i, org, P), userCheck(i, P)];
}

