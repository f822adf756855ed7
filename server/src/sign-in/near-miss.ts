/**
 * Near misses: Severa users whose e-mail is *almost* the one the portal presented. They never sign in (the rule
 * is an exact match, see emailsMatchExactly in sign-in.rules.ts); this only explains to an admin why not.
 * Pure: no I/O.
 */
import { oddCharacters, type NearMiss, type NearMissKind } from '../../../shared/diagnosis.js';

export interface NearMissCandidate {
  id: string;
  email: string;
  name: string;
  active: boolean;
}

/** Characters that render like a Latin letter (Cyrillic, Greek, a few Latin variants), mapped to that letter. */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J',
  // Greek
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', τ: 't', υ: 'u', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin variants
  ı: 'i', ȷ: 'j', ℓ: 'l', ɡ: 'g',
};
/** Invisible characters that change the bytes but not what anyone sees. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;

function skeleton(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC').replace(INVISIBLE, '')) out += LOOK_ALIKES[ch] ?? ch;
  return out;
}

/** Normalization steps, applied in this order; a near miss is the smallest set of them that makes two e-mails equal. */
const STEPS: readonly Exclude<NearMissKind, 'same-email'>[] = ['surrounding-spaces', 'look-alike', 'letter-case', 'plus-tag', 'other-domain'];

function normalize(email: string, kinds: ReadonlySet<NearMissKind>): string {
  let s = email;
  if (kinds.has('surrounding-spaces')) s = s.trim();
  if (kinds.has('look-alike')) s = skeleton(s);
  if (kinds.has('letter-case')) s = s.toLowerCase();
  const at = s.lastIndexOf('@');
  let local = at >= 0 ? s.slice(0, at) : s;
  const domain = at >= 0 ? s.slice(at + 1) : '';
  if (kinds.has('plus-tag')) {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
  }
  if (kinds.has('other-domain')) return local.length > 0 ? `${local}@*` : `\u0000no-local-part:${email}`;
  return at >= 0 ? `${local}@${domain}` : local;
}

/** Every subset of STEPS, smallest first (then in STEPS order), so the first one that matches is the explanation. */
const SUBSETS: readonly NearMissKind[][] = (() => {
  const all: NearMissKind[][] = [];
  for (let mask = 1; mask < 1 << STEPS.length; mask++) all.push(STEPS.filter((_, i) => mask & (1 << i)));
  return all.sort((a, b) => a.length - b.length);
})();

const ALL_STEPS: ReadonlySet<NearMissKind> = new Set(STEPS);
const ALL_BUT_DOMAIN: ReadonlySet<NearMissKind> = new Set(STEPS.filter((k) => k !== 'other-domain'));

/**
 * Two e-mails equal under some set of steps are equal under all of them, so this key is a cheap first filter
 * before trying each set (an organization may have thousands of users).
 */
export function widestKey(email: string): string {
  const key = normalize(email, ALL_STEPS);
  return key.startsWith('\u0000') ? normalize(email, ALL_BUT_DOMAIN) : key;
}

/** The smallest set of differences between two e-mails, or null when they are unrelated (or identical). */
export function classifyNearMiss(presented: string, candidate: string): NearMissKind[] | null {
  if (presented === candidate) return null;
  for (const kinds of SUBSETS) {
    const set = new Set(kinds);
    if (normalize(presented, set) === normalize(candidate, set)) return kinds;
  }
  return null;
}

/** The characters of `candidate` that are look-alikes or invisible, named, e.g. `"а" (U+0430)`. */
function lookAlikeDetail(presented: string, candidate: string): string {
  const named = oddCharacters(presented, candidate).map((c) => (c.invisible ? `an invisible character (${c.codePoints})` : `"${c.char}" (${c.codePoints})`));
  return named.length ? `: ${named.join(', ')}` : '';
}

const LABEL: Record<Exclude<NearMissKind, 'other-domain' | 'same-email'>, string> = {
  'letter-case': 'letter case',
  'surrounding-spaces': 'surrounding spaces',
  'plus-tag': 'a +tag',
  'look-alike': 'look-alike characters',
};

/** Plain words for a set of differences, e.g. "differs only in letter case". */
export function describeNearMiss(kinds: readonly NearMissKind[], presented = '', candidate = ''): string {
  if (kinds.includes('same-email')) return 'has exactly the same e-mail as another Severa user of this organization';
  const others = kinds.filter((k): k is keyof typeof LABEL => k !== 'other-domain');
  const detail = others.includes('look-alike') ? lookAlikeDetail(presented, candidate) : '';
  if (kinds.includes('other-domain')) {
    return others.length ? `same local part at a different domain, and differs in ${others.map((k) => LABEL[k]).join(' and ')}${detail}` : 'same local part at a different domain';
  }
  if (others.length === 1) {
    const k = others[0];
    if (k === 'letter-case') return 'differs only in letter case';
    if (k === 'surrounding-spaces') return 'differs only by surrounding spaces';
    if (k === 'plus-tag') return 'differs only by a +tag';
    return `differs only by look-alike characters${detail}`;
  }
  return `differs only in ${others.map((k) => LABEL[k]).join(' and ')}${detail}`;
}

/**
 * Severa users of the organization that the presented e-mail nearly matches, closest first. Users whose e-mail
 * matches exactly are listed too when there are two or more of them (the hand-off cannot tell them apart).
 * When two or more users are candidates, each entry says so.
 */
export function findNearMisses(presented: string, users: readonly NearMissCandidate[]): { nearMisses: NearMiss[]; ambiguous: boolean } {
  const exact = users.filter((u) => u.email === presented);
  const found: (NearMiss & { rank: number })[] = [];
  if (exact.length > 1) {
    for (const u of exact) {
      found.push({
        severaUserId: u.id,
        email: u.email,
        name: u.name,
        active: u.active,
        kinds: ['same-email'],
        why: `one of ${exact.length} Severa users with exactly this e-mail: the hand-off signs in an active one${exact.some((x) => x.active) ? '' : ' (none is active)'}`,
        rank: 0,
      });
    }
  }
  const key = widestKey(presented);
  for (const u of users) {
    if (u.email === presented || widestKey(u.email) !== key) continue;
    const kinds = classifyNearMiss(presented, u.email);
    if (!kinds) continue;
    found.push({ severaUserId: u.id, email: u.email, name: u.name, active: u.active, kinds, why: describeNearMiss(kinds, presented, u.email), rank: kinds.length + (kinds.includes('other-domain') ? 10 : 0) });
  }
  found.sort((a, b) => a.rank - b.rank || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const candidates = found.filter((f) => f.rank > 0).length;
  const ambiguous = exact.length > 1 || (exact.length === 0 && candidates > 1);
  const nearMisses = found.map(({ rank, ...n }) => (rank > 0 && exact.length === 0 && candidates > 1 ? { ...n, why: `${n.why} (one of ${candidates} candidates)` } : n));
  return { nearMisses, ambiguous };
}
