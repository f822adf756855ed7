/**
 * Scale data generator (issue 9): fills a FRESH database through the real schema (the real migrations), then
 * bulk-loads organizations, portal connections, add-ons, Severa users, portal accounts and login attempts.
 *
 *   npm run seed:scale -- --organizations 100000 --users 1000000 --attempts 5000000 [--database-url postgres://…]
 *                         [--seed N] [--out bench/data/scale.sqlite] [--quiet]
 *
 * Deterministic for a given --seed (the data; AES-GCM envelopes of secrets use fresh IVs and so differ in bytes).
 * The failing reasons of every generated login attempt come from the real rules engine (evaluateHandoff).
 * A manifest (<out>.manifest.json) describes what the benchmark needs: the encryption key, a staff identity with
 * a known password and TOTP secret, connection secrets and sample e-mails for signed hand-offs, preflight targets.
 */
import 'reflect-metadata';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createProgress, migrateFresh, postgresSink, sqliteSink } from './seed/load.js';
import { DATA_NOW, sqliteTime } from './seed/data-now.js';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface ScaleManifest {
  seed: number;
  generatedAt: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  encryptionKeyHex: string;
  counts: { organizations: number; severaUsers: number; portalAccounts: number; loginAttempts: number; loginAttemptReasons: number; connections: number };
  staff: { email: string; password: string; totpSecret: string; role: string };
  /** Organizations with exactly 1,000 portal accounts on the portal named. */
  preflight: { organizationId: string; portal: string; accounts: number }[];
  /** Signed hand-off targets: the connection secret (plain) and e-mails with the decision the rules give them. */
  handoff: { organizationId: string; portal: string; secret: string; emails: { email: string; ok: boolean }[] }[];
  /** Random (portal, organization, e-mail) triples for the diagnosis. */
  diagnosis: { organizationId: string; portal: string; email: string }[];
  /** Organizations with many Severa users for the list benchmark, and e-mail fragments to search for. */
  listOrganizations: string[];
  searchTerms: string[];
  loadSeconds: number;
}

const args = parseArgs({
  options: {
    organizations: { type: 'string', default: '100000' },
    users: { type: 'string', default: '1000000' },
    attempts: { type: 'string', default: '5000000' },
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/data/scale.sqlite' },
    quiet: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const N_ORGS = Number(args.values.organizations);
const N_USERS = Number(args.values.users);
const N_ATTEMPTS = Number(args.values.attempts);
const SEED = Number(args.values.seed);
for (const [k, v] of Object.entries({ organizations: N_ORGS, users: N_USERS, attempts: N_ATTEMPTS, seed: SEED })) {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${k} must be a whole number`);
}
if (N_ORGS < 10) throw new Error('--organizations must be at least 10');
const PG_URL = args.values['database-url'];
if (PG_URL && !/^postgres(ql)?:\/\//.test(PG_URL)) throw new Error('--database-url must be a postgres:// URL (leave it out for SQLite)');
const OUT = resolve(args.values.out);
const QUIET = args.values.quiet;
const prog = createProgress(QUIET);
const { phase, progress } = prog;
// The entity column types depend on DATABASE_URL at import time: set it before importing anything of the server.
if (PG_URL) process.env.DATABASE_URL = PG_URL;
else delete process.env.DATABASE_URL;

const { SecretBox, sealContext } = await import('../server/src/common/crypto.js');
const { hashPassword } = await import('../server/src/common/password-hash.js');
const { KdfGate } = await import('../server/src/common/kdf-gate.js');
const { KDF_DEFAULTS } = await import('../server/src/config/kdf.js');
const { evaluateHandoff } = await import('../server/src/sign-in/sign-in.rules.js');
const { ADDON_CATALOG } = await import('../server/src/demo/demo.seeder.js');
const { ADDON_FOR_PORTAL, PORTAL_NAMES, PortalId } = await import('../shared/sign-in.js');
type Portal = (typeof PortalId)[keyof typeof PortalId];

// ---------------------------------------------------------------- deterministic randomness
let rngState = (SEED ^ 0x9e3779b9) >>> 0 || 1;
function rand(): number {
  // mulberry32
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (n: number) => Math.floor(rand() * n);
const chance = (p: number) => rand() < p;
const pick = <T>(a: readonly T[]): T => a[randInt(a.length)];

/** Ids: UUID-shaped, unique per kind, increasing (append-only B-tree inserts), deterministic. */
const ID_TAIL = createHash('sha256').update(`bench-${SEED}`).digest('hex').slice(0, 12);
function id(kind: number, n: number): string {
  const h = (kind * 0x10000000 + n).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${ID_TAIL.slice(0, 3)}-8${ID_TAIL.slice(3, 6)}-${ID_TAIL}`;
}
const KIND = { org: 1, user: 2, account: 3, connection: 4, addon: 5, attempt: 6, identity: 7, grant: 8 };

const ENCRYPTION_KEY = process.env.DATA_ENCRYPTION_KEY && /^[0-9a-f]{64}$/i.test(process.env.DATA_ENCRYPTION_KEY) ? Buffer.from(process.env.DATA_ENCRYPTION_KEY, 'hex') : createHash('sha256').update(`access-desk-bench-key-${SEED}`).digest();
const box = new SecretBox(ENCRYPTION_KEY);
const secretFor = (orgIndex: number, portal: string) => createHmac('sha256', ENCRYPTION_KEY).update(`connection:${orgIndex}:${portal}`).digest('base64url').slice(0, 32);

const NOW = DATA_NOW; // fixed "now" so the data is deterministic; attempts span the 90 days before it
const DAY = 86_400_000;
const ts = sqliteTime;
const tsValue = PG_URL ? (ms: number) => new Date(ms).toISOString() : ts;

// ---------------------------------------------------------------- data shapes
const FIRST = ['anna', 'ben', 'carla', 'david', 'emma', 'erik', 'fiona', 'george', 'hanna', 'ilkka', 'jonna', 'kalle', 'liisa', 'mikko', 'noora', 'olli', 'paula', 'riku', 'sanna', 'timo', 'ulla', 'ville', 'wilma', 'aino', 'juha', 'maria', 'pekka', 'sofia', 'tuomas', 'oskar'];
const LAST = ['koski', 'berg', 'nurmi', 'virtanen', 'korhonen', 'makinen', 'nieminen', 'hamalainen', 'laine', 'heikkinen', 'smith', 'jones', 'taylor', 'brown', 'wilson', 'lindqvist', 'salo', 'lehtonen', 'aalto', 'rantanen'];
const ORG_A = ['Northwind', 'Oldfield', 'Brightside', 'Polar', 'Aurora', 'Kivi', 'Harbor', 'Lumi', 'Summit', 'Birch', 'Fjord', 'Cedar', 'Meridian', 'Granite', 'Sisu'];
const ORG_B = ['Consulting', 'Oy', 'Ltd', 'Engineering', 'Design', 'Partners', 'Group', 'Analytics', 'Architects', 'Solutions'];
const DEACTIVATION_REASONS = ['Left the company', 'Parental leave', 'Contract ended', 'Duplicate account', 'Security review'];
const FAILURE_CAUSES = ['Signature did not verify: the portal uses a different secret', 'Hand-offs older than 5 minutes: the portal clock is off', 'Connection disabled by the portal admin'];
const PORTALS: Portal[] = [PortalId.MYVISMA, PortalId.AZETS_WORK];
const STAFF = { email: 'bench-agent@bench.accessdesk.test', password: 'Bench-Password-1!', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', role: 'support-agent' };

/** The ways a portal e-mail nearly matches a Severa e-mail: none of them passes the exact-match rule. */
function nearMiss(email: string): string {
  const [local, domain] = email.split('@');
  switch (randInt(5)) {
    case 0:
      return local[0].toUpperCase() + local.slice(1) + '@' + domain;
    case 1:
      return email + ' ';
    case 2:
      return `${local}+portal@${domain}`;
    case 3:
      return `${local}@${domain.replace(/^org/, 'mail.org')}`;
    default:
      return email.toUpperCase();
  }
}

// ---------------------------------------------------------------- generation
async function main() {
  const t0 = Date.now();
  phase('migrating (real schema)', 1);
  await migrateFresh(PG_URL, OUT);
  progress(1, true);
  prog.end();
  const sink = PG_URL ? await postgresSink(PG_URL, prog) : await sqliteSink(OUT, prog);
  const loadStart = Date.now();

  const T = {
    org: sink.table('organizations', [['id', 'varchar'], ['name', 'varchar'], ['severaStatus', 'varchar'], ['severaEndedAt', 'timestamptz'], ['createdAt', 'timestamptz']]),
    conn: sink.table('portal_connections', [['id', 'varchar'], ['portalId', 'varchar'], ['organizationId', 'varchar'], ['secretEnc', 'text'], ['enabled', 'boolean'], ['lastSuccessAt', 'timestamptz'], ['lastFailureAt', 'timestamptz'], ['lastFailureCause', 'varchar'], ['secretRotatedAt', 'timestamptz'], ['createdAt', 'timestamptz']]),
    addon: sink.table('organization_addons', [['id', 'varchar'], ['organizationId', 'varchar'], ['addonId', 'varchar'], ['status', 'varchar'], ['orderNumber', 'varchar'], ['orderedAt', 'timestamptz'], ['orderedBy', 'varchar'], ['activatedAt', 'timestamptz'], ['activatedBy', 'varchar'], ['deactivatedAt', 'timestamptz'], ['deactivatedBy', 'varchar'], ['deactivationReason', 'varchar'], ['updatedAt', 'timestamptz']]),
    user: sink.table('severa_users', [['id', 'varchar'], ['organizationId', 'varchar'], ['email', 'varchar'], ['name', 'varchar'], ['active', 'boolean'], ['activeChangedAt', 'timestamptz'], ['activeChangedBy', 'varchar'], ['activeChangeReason', 'varchar'], ['identityId', 'varchar'], ['createdAt', 'timestamptz']]),
    account: sink.table('portal_accounts', [['id', 'varchar'], ['portalId', 'varchar'], ['organizationId', 'varchar'], ['email', 'varchar'], ['name', 'varchar'], ['createdAt', 'timestamptz']]),
    attempt: sink.table('login_attempts', [['id', 'varchar'], ['portalId', 'varchar'], ['organizationId', 'varchar'], ['email', 'varchar'], ['result', 'varchar'], ['reasons', 'text'], ['detail', 'varchar'], ['requestId', 'varchar'], ['createdAt', 'timestamptz']]),
    reason: sink.table('login_attempt_reasons', [['attemptId', 'varchar'], ['reason', 'varchar'], ['createdAt', 'timestamptz']]),
  };
  let p: Promise<void> | void;
  const bool = PG_URL ? (b: boolean) => b : (b: boolean) => (b ? 1 : 0);

  // Organization sizes: a few with exactly 1,000 users (preflight targets), the rest log-normal around the mean.
  const BIG = N_USERS >= 20_000 ? 5 : 1;
  const bigSize = Math.min(1000, Math.floor(N_USERS / (BIG * 4)));
  const rest = N_USERS - BIG * bigSize;
  const weights = new Float64Array(N_ORGS - BIG);
  let wsum = 0;
  for (let i = 0; i < weights.length; i++) {
    const g = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
    weights[i] = Math.exp(0.9 * g);
    wsum += weights[i];
  }
  const sizes = new Int32Array(N_ORGS);
  let assigned = 0;
  for (let i = 0; i < N_ORGS; i++) {
    sizes[i] = i < BIG ? bigSize : Math.floor((weights[i - BIG] / wsum) * rest);
    assigned += sizes[i];
  }
  for (let i = BIG; assigned < N_USERS; i = i + 1 >= N_ORGS ? BIG : i + 1) {
    sizes[i]++;
    assigned++;
  }

  // Portal accounts of every organization, remembered compactly for the attempts: org index, portal, e-mail, decision.
  const accOrg: number[] = [];
  const accPortal: number[] = [];
  const accEmail: string[] = [];
  const accCombo: number[] = [];
  const combos: { result: string; reasons: string[]; json: string }[] = [];
  const comboIndex = new Map<string, number>();
  const comboOf = (failures: string[]) => {
    const key = failures.join(',');
    let i = comboIndex.get(key);
    if (i === undefined) {
      i = combos.length;
      combos.push({ result: failures.length ? 'failure' : 'success', reasons: failures, json: JSON.stringify(failures) });
      comboIndex.set(key, i);
    }
    return i;
  };

  const manifest: ScaleManifest = {
    seed: SEED,
    generatedAt: new Date().toISOString(),
    database: PG_URL ? { kind: 'postgres', url: PG_URL } : { kind: 'sqlite', path: OUT },
    encryptionKeyHex: ENCRYPTION_KEY.toString('hex'),
    counts: { organizations: N_ORGS, severaUsers: N_USERS, portalAccounts: 0, loginAttempts: 0, loginAttemptReasons: 0, connections: 0 },
    staff: STAFF,
    preflight: [],
    handoff: [],
    diagnosis: [],
    listOrganizations: [],
    searchTerms: ['koski', 'nurmi12', 'anna.berg', 'org4242', 'example'],
    loadSeconds: 0,
  };

  phase('organizations + users', N_USERS);
  let userN = 0;
  let accountN = 0;
  let connN = 0;
  let addonN = 0;
  const handoffEvery = Math.max(1, Math.floor(N_ORGS / 400));
  for (let o = 0; o < N_ORGS; o++) {
    const orgId = id(KIND.org, o);
    const big = o < BIG;
    const ended = !big && chance(0.08);
    const createdAt = NOW - (400 + randInt(2000)) * DAY;
    const endedAt = ended ? NOW - (1 + randInt(400)) * DAY : null;
    if ((p = T.org.add([orgId, `${pick(ORG_A)} ${pick(ORG_B)} ${o}`, ended ? 'ended' : 'active', endedAt === null ? null : tsValue(endedAt), tsValue(createdAt)]))) await p;
    const orgFacts = { id: orgId, severaStatus: ended ? 'ended' : 'active', severaEndedAt: endedAt === null ? null : new Date(endedAt) };

    // Connections and add-ons per portal.
    const ctx: { portal: Portal; configured: boolean; enabled: boolean; broken: boolean; addonStatus: string | null; secret: string | null }[] = [];
    for (const portal of PORTALS) {
      const configured = big ? portal === PortalId.MYVISMA || chance(0.5) : chance(portal === PortalId.MYVISMA ? 0.7 : 0.35);
      let enabled = false;
      let broken = false;
      let secret: string | null = null;
      if (configured) {
        enabled = big && portal === PortalId.MYVISMA ? true : !chance(0.03);
        broken = !(big && portal === PortalId.MYVISMA) && enabled && chance(0.05);
        secret = secretFor(o, portal);
        const successAt = NOW - randInt(30) * DAY - randInt(DAY);
        const failureAt = broken ? successAt + randInt(DAY) + 1000 : chance(0.2) ? successAt - randInt(10) * DAY - 1000 : null;
        // A broken connection: the portal signs with a secret Severa no longer holds (rotated on one side only).
        const stored = broken ? secret + '-rotated' : secret;
        if ((p = T.conn.add([id(KIND.connection, connN), portal, orgId, box.seal(stored, sealContext('portal_connections', 'secretEnc', id(KIND.connection, connN++))), bool(enabled), tsValue(successAt), failureAt === null ? null : tsValue(failureAt), broken ? pick(FAILURE_CAUSES) : failureAt === null ? null : pick(FAILURE_CAUSES), broken ? tsValue(successAt + 1) : null, tsValue(createdAt + DAY)]))) await p;
      }
      let addonStatus: string | null = null;
      const addonId = ADDON_FOR_PORTAL[portal];
      if (configured ? chance(0.95) : chance(0.1)) {
        addonStatus = (big && portal === PortalId.MYVISMA ? o % 2 === 0 : chance(0.88)) ? 'active' : 'inactive';
        const orderedAt = createdAt + (1 + randInt(300)) * DAY;
        const inactive = addonStatus === 'inactive';
        const deactivatedAt = inactive ? orderedAt + (1 + randInt(60)) * DAY : null;
        if ((p = T.addon.add([id(KIND.addon, addonN++), orgId, addonId, addonStatus, `SO-${SEED}-${addonN}`, tsValue(orderedAt), 'supervisor@bench.accessdesk.test', tsValue(orderedAt), 'supervisor@bench.accessdesk.test', deactivatedAt === null ? null : tsValue(deactivatedAt), inactive ? 'admin@bench.accessdesk.test' : null, inactive ? 'Not used any more' : null, tsValue(deactivatedAt ?? orderedAt)]))) await p;
      }
      ctx.push({ portal, configured, enabled, broken, addonStatus, secret });
    }

    // Severa users: exact e-mails as entered; about 7% deactivated; a few duplicates of an e-mail inside the org.
    const n = sizes[o];
    const domain = `org${o}.example`;
    const users: { email: string; active: boolean; activeChangedAt: Date | null; id: string; activeChangedBy: string | null; activeChangeReason: string | null }[] = [];
    for (let u = 0; u < n; u++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const email = `${first}.${last}${u}@${domain}`;
      const active = !chance(0.07);
      const changedAt = active ? null : NOW - (1 + randInt(200)) * DAY;
      const uid = id(KIND.user, userN++);
      const row = { id: uid, email, active, activeChangedAt: changedAt === null ? null : new Date(changedAt), activeChangedBy: active ? null : `admin@${domain}`, activeChangeReason: active ? null : pick(DEACTIVATION_REASONS) };
      users.push(row);
      if ((p = T.user.add([uid, orgId, email, `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`, bool(active), changedAt === null ? null : tsValue(changedAt), row.activeChangedBy, row.activeChangeReason, null, tsValue(createdAt + randInt(300) * DAY)]))) await p;
    }
    progress(userN);

    // Portal accounts: the same e-mail for most users, near misses for some, portal-only accounts for a few.
    const byEmail = new Map<string, typeof users>();
    for (const u of users) byEmail.set(u.email, [u]);
    const handoffSample: ScaleManifest['handoff'][number] | null = o % handoffEvery === 0 && !ended ? { organizationId: orgId, portal: '', secret: '', emails: [] } : null;
    for (const c of ctx) {
      if (!c.configured) continue;
      const exactBig = big && c.portal === PortalId.MYVISMA;
      let made = 0;
      for (let u = 0; u < users.length; u++) {
        if (!exactBig && !chance(0.85)) continue;
        let email = users[u].email;
        if (!exactBig ? chance(0.06) : u % 20 === 7) email = nearMiss(email);
        else if (!exactBig ? chance(0.03) : u % 50 === 13) email = `${pick(FIRST)}.only${u}@${domain}`;
        const matches = byEmail.get(email) ?? [];
        const connection = { configured: true, enabled: c.enabled, request: { signatureValid: !c.broken, fresh: true, nonceUnused: true } };
        const d = evaluateHandoff({ portalId: c.portal, email, organization: orgFacts, connection, addonStatus: c.addonStatus, exactMatches: matches });
        accOrg.push(o);
        accPortal.push(c.portal === PortalId.MYVISMA ? 0 : 1);
        accEmail.push(email);
        accCombo.push(comboOf(d.failures));
        if ((p = T.account.add([id(KIND.account, accountN++), c.portal, orgId, email, email.split('@')[0], tsValue(createdAt + randInt(300) * DAY)]))) await p;
        made++;
        if (handoffSample && c.enabled && !c.broken && (handoffSample.portal === '' || handoffSample.portal === (c.portal as string)) && handoffSample.emails.length < 6) {
          handoffSample.portal = c.portal;
          handoffSample.secret = c.secret!;
          handoffSample.emails.push({ email, ok: d.ok });
        }
        if (manifest.diagnosis.length < 2000 && chance(0.002 * Math.max(1, N_USERS / Math.max(1, 1_000_000)) + (N_USERS < 100_000 ? 0.05 : 0))) {
          manifest.diagnosis.push({ organizationId: orgId, portal: c.portal, email });
        }
      }
      if (exactBig) manifest.preflight.push({ organizationId: orgId, portal: c.portal, accounts: made });
    }
    if (handoffSample && handoffSample.emails.length > 0) manifest.handoff.push(handoffSample);
    if (n >= 100 && manifest.listOrganizations.length < 50) manifest.listOrganizations.push(orgId);
  }
  await T.org.flush();
  await T.conn.flush();
  await T.addon.flush();
  await T.user.flush();
  await T.account.flush();
  manifest.counts.portalAccounts = accountN;
  manifest.counts.connections = connN;

  // Login attempts over the 90 days before NOW, appended in time order (as a live system writes them).
  phase('login attempts', N_ATTEMPTS);
  let reasonN = 0;
  const span = 90 * DAY;
  const nAcc = accEmail.length;
  const connFailed = comboCache();
  for (let a = 0; a < N_ATTEMPTS && nAcc > 0; a++) {
    const k = randInt(nAcc);
    const at = NOW - span + Math.floor(((a + rand()) * span) / N_ATTEMPTS);
    // ~1% of attempts are stale or replayed: the connection check fails on top of whatever else fails.
    const combo = chance(0.01) ? connFailed(accCombo[k]) : combos[accCombo[k]];
    const attemptId = id(KIND.attempt, a);
    const when = tsValue(at);
    if ((p = T.attempt.add([attemptId, PORTALS[accPortal[k]], id(KIND.org, accOrg[k]), accEmail[k], combo.result, combo.json, null, null, when]))) await p;
    for (const r of combo.reasons) {
      if ((p = T.reason.add([attemptId, r, when]))) await p;
      reasonN++;
    }
    if ((a & 1023) === 0) progress(a);
  }
  await T.attempt.flush();
  await T.reason.flush();
  manifest.counts.loginAttempts = N_ATTEMPTS;
  manifest.counts.loginAttemptReasons = reasonN;

  function comboCache() {
    const cache = new Map<number, (typeof combos)[number]>();
    return (c: number) => {
      let v = cache.get(c);
      if (!v) {
        const reasons = combos[c].reasons.includes('PORTAL_CONNECTION_FAILED') ? combos[c].reasons : ['PORTAL_CONNECTION_FAILED', ...combos[c].reasons];
        v = combos[comboOf(reasons)];
        cache.set(c, v);
      }
      return v;
    };
  }

  // Reference data and the bench staff identity (a support agent with a known password and TOTP secret).
  const portalsT = sink.table('portals', [['id', 'varchar'], ['name', 'varchar']]);
  for (const p of PORTALS) await portalsT.add([p, PORTAL_NAMES[p]]);
  await portalsT.flush();
  const addonsT = sink.table('addons', [['id', 'varchar'], ['portalId', 'varchar'], ['name', 'varchar'], ['description', 'text'], ['priceCents', 'int4'], ['currency', 'varchar']]);
  for (const a of ADDON_CATALOG) await addonsT.add([a.id, a.portalId, a.name, a.description, 0, 'EUR']);
  await addonsT.flush();
  const identT = sink.table('identities', [['id', 'varchar'], ['email', 'varchar'], ['emailNormalized', 'varchar'], ['displayName', 'varchar'], ['passwordHash', 'varchar'], ['status', 'varchar'], ['totpSecretEnc', 'text'], ['totpEnrolledAt', 'timestamptz'], ['createdAt', 'timestamptz'], ['updatedAt', 'timestamptz']]);
  const staffId = id(KIND.identity, 0);
  await identT.add([staffId, STAFF.email, STAFF.email, 'Bench Agent', await hashPassword(new KdfGate(KDF_DEFAULTS), STAFF.password), 'active', box.seal(STAFF.totpSecret, sealContext('identities', 'totpSecretEnc', staffId)), tsValue(NOW - 100 * DAY), tsValue(NOW - 100 * DAY), tsValue(NOW - 100 * DAY)]);
  await identT.flush();
  const grantT = sink.table('staff_roles', [['id', 'varchar'], ['identityId', 'varchar'], ['role', 'varchar'], ['organizationId', 'varchar'], ['grantedBy', 'varchar'], ['grantedAt', 'timestamptz']]);
  await grantT.add([id(KIND.grant, 0), staffId, STAFF.role, null, null, tsValue(NOW - 100 * DAY)]);
  await grantT.flush();

  await sink.finish();
  manifest.loadSeconds = (Date.now() - loadStart) / 1000;
  const manifestPath = PG_URL ? resolve(dirname(OUT), 'scale-postgres.manifest.json') : OUT + '.manifest.json';
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  const total = (Date.now() - t0) / 1000;
  process.stderr.write(
    `\nDone in ${total.toFixed(1)} s (load ${manifest.loadSeconds.toFixed(1)} s): ${N_ORGS.toLocaleString('en-US')} organizations, ${N_USERS.toLocaleString('en-US')} Severa users, ` +
      `${accountN.toLocaleString('en-US')} portal accounts, ${connN.toLocaleString('en-US')} connections, ${N_ATTEMPTS.toLocaleString('en-US')} login attempts (${reasonN.toLocaleString('en-US')} reason rows).\n` +
      `Database: ${PG_URL ? PG_URL.replace(/\/\/[^@]*@/, '//…@') : OUT}\nManifest: ${manifestPath}\n`,
  );
}

if (!existsSync(dirname(OUT))) mkdirSync(dirname(OUT), { recursive: true });
await main();
