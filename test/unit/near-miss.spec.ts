import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyNearMiss, describeNearMiss, findNearMisses, widestKey, type NearMissCandidate } from '../../server/src/sign-in/near-miss.js';
import { keyLocal, nearMissFilterSql, plainLocalOf } from '../../server/src/sign-in/near-miss-sql.js';

const user = (email: string, active = true, id = email): NearMissCandidate => ({ id, email, name: email.trim(), active });
const P = 'carla.berg@northwind.test';

describe('near-miss detection (pure)', () => {
  it('names each single difference', () => {
    assert.deepEqual(classifyNearMiss(P, 'Carla.Berg@northwind.test'), ['letter-case']);
    assert.deepEqual(classifyNearMiss(P, ' carla.berg@northwind.test '), ['surrounding-spaces']);
    assert.equal(classifyNearMiss(P, P), null, 'identical is not a near miss');
    assert.deepEqual(classifyNearMiss(P, 'carla.berg+sales@northwind.test'), ['plus-tag']);
    assert.deepEqual(classifyNearMiss('carla.berg+sales@northwind.test', P), ['plus-tag']);
    assert.deepEqual(classifyNearMiss(P, 'carla.berg@northwind.fi'), ['other-domain']);
    assert.deepEqual(classifyNearMiss(P, 'cаrla.berg@northwind.test'), ['look-alike'], 'Cyrillic а (U+0430)');
    assert.deepEqual(classifyNearMiss('ren\u00e9@x.test', 'rene\u0301@x.test'), ['look-alike'], 'decomposed é');
    assert.deepEqual(classifyNearMiss(P, 'carla.\u200bberg@northwind.test'), ['look-alike'], 'zero-width space');
  });

  it('finds the smallest combination of differences', () => {
    assert.deepEqual(classifyNearMiss(P, ' Carla.Berg@northwind.test'), ['surrounding-spaces', 'letter-case']);
    assert.deepEqual(classifyNearMiss(P, 'Carla.Berg+x@northwind.test'), ['letter-case', 'plus-tag']);
    assert.deepEqual(classifyNearMiss(P, 'CARLA.BERG@other.example'), ['letter-case', 'other-domain']);
  });

  it('ignores unrelated e-mails', () => {
    assert.equal(classifyNearMiss(P, 'anna.virtanen@northwind.test'), null);
    assert.equal(classifyNearMiss(P, 'carla.bergman@northwind.test'), null);
    assert.equal(classifyNearMiss(P, 'berg.carla@northwind.test'), null);
    assert.equal(classifyNearMiss('@northwind.test', '@other.test'), null, 'an empty local part matches nothing');
  });

  it('says why in plain words', () => {
    assert.equal(describeNearMiss(['letter-case']), 'differs only in letter case');
    assert.equal(describeNearMiss(['surrounding-spaces']), 'differs only by surrounding spaces');
    assert.equal(describeNearMiss(['plus-tag']), 'differs only by a +tag');
    assert.equal(describeNearMiss(['other-domain']), 'same local part at a different domain');
    assert.equal(describeNearMiss(['surrounding-spaces', 'letter-case']), 'differs only in surrounding spaces and letter case');
    assert.match(describeNearMiss(['look-alike'], P, 'cаrla.berg@northwind.test'), /look-alike characters: "а" \(U\+0430\)/);
    assert.match(describeNearMiss(['look-alike'], P, 'carla.\u200bberg@northwind.test'), /invisible character \(U\+200B\)/);
    assert.equal(describeNearMiss(['letter-case', 'other-domain']), 'same local part at a different domain, and differs in letter case');
  });

  it('lists near misses closest first and flags two or more candidates', () => {
    const { nearMisses, ambiguous } = findNearMisses('Carla.Berg@northwind.test', [
      user('carla.berg@northwind.test'),
      user('carla.berg@other.test'),
      user('anna@northwind.test'),
      user('carla.berg+old@northwind.test', false),
    ]);
    assert.equal(ambiguous, true);
    assert.deepEqual(
      nearMisses.map((n) => n.email),
      ['carla.berg@northwind.test', 'carla.berg+old@northwind.test', 'carla.berg@other.test'],
    );
    assert.equal(nearMisses[0].why, 'differs only in letter case (one of 3 candidates)');
    assert.equal(nearMisses[1].active, false);
  });

  it('a single near miss is not ambiguous', () => {
    const r = findNearMisses('Carla.Berg@northwind.test', [user('carla.berg@northwind.test'), user('anna@northwind.test')]);
    assert.equal(r.ambiguous, false);
    assert.deepEqual(r.nearMisses.map((n) => n.why), ['differs only in letter case']);
  });

  it('reports two Severa users with exactly the same e-mail', () => {
    const r = findNearMisses(P, [user(P, false, 'a'), user(P, true, 'b'), user('Carla.berg@northwind.test', true, 'c')]);
    assert.equal(r.ambiguous, true);
    assert.deepEqual(r.nearMisses.map((n) => n.kinds[0]), ['same-email', 'same-email', 'letter-case']);
    assert.match(r.nearMisses[0].why, /one of 2 Severa users with exactly this e-mail/);
  });

  it('an exact match alone is not a near miss', () => {
    assert.deepEqual(findNearMisses(P, [user(P)]), { nearMisses: [], ambiguous: false });
  });

  it('property: a near miss is never the identical string, and every variant we build is recognised', () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9.]{0,14}[a-z0-9]$/);
    const domain = fc.stringMatching(/^[a-z]{2,10}\.(test|fi|com)$/);
    fc.assert(
      fc.property(local, domain, fc.constantFrom('upper', 'spaces', 'tag', 'domain', 'cyrillic'), (l, d, how) => {
        const base = `${l}@${d}`;
        const variant =
          how === 'upper'
            ? base.toUpperCase()
            : how === 'spaces'
              ? ` ${base}  `
              : how === 'tag'
                ? `${l}+tag@${d}`
                : how === 'domain'
                  ? `${l}@else${d}`
                  : base.replace(/[aeo]/, (c) => ({ a: 'а', e: 'е', o: 'о' })[c]!);
        if (variant === base) return; // nothing to change (e.g. a Cyrillic swap with no a/e/o)
        const kinds = classifyNearMiss(base, variant);
        assert.ok(kinds, `${JSON.stringify(variant)} should be a near miss of ${base}`);
        assert.equal(classifyNearMiss(base, base), null);
      }),
      { numRuns: 300 },
    );
  });
});

describe('near-miss prefilter', () => {
  it('finds exactly the candidates classifyNearMiss accepts (property, random variants of one e-mail)', () => {
    const variant = fc
      .tuple(
        fc.constantFrom('anna.virtanen', 'Anna.Virtanen', 'anna.virtanen+work', 'аnna.virtanen', ' anna.virtanen', 'anna\u200B.virtanen', 'ben', 'ANNA.VIRTANEN+x', ''),
        fc.constantFrom('@northwind.test', '@NorthWind.test', '@other.test', '@northwind.test ', ''),
      )
      .map(([l, d]) => l + d);
    fc.assert(
      fc.property(variant, fc.array(variant, { maxLength: 12 }), (presented, emails) => {
        const users = emails.map((email, i) => ({ id: String(i), email, name: 'n', active: true }));
        const found = new Set(findNearMisses(presented, users).nearMisses.filter((n) => !n.kinds.includes('same-email')).map((n) => n.severaUserId));
        const expected = new Set(users.filter((u) => u.email !== presented && classifyNearMiss(presented, u.email)).map((u) => u.id));
        assert.deepEqual([...found].sort(), [...expected].sort());
      }),
      { numRuns: 500 },
    );
  });
});

describe('near-miss database filter (near-miss-sql.ts)', () => {
  const local = fc.array(fc.constantFrom('a', 'B', 'c', '.', '+', '@', ' ', '_', '%', '\u0430', '\u200B', 'É', '\uFF41', '-', '9'), { maxLength: 8 }).map((c) => c.join(''));
  const email = fc.tuple(local, fc.constantFrom('@x.test', '@X.test', '@y.test', '', '@a@b.test', ' '), local).map(([a, d, b]) => a + d + b);

  it('a plain e-mail gives exactly its key\'s local part; every other e-mail is "not plain" (property)', () => {
    fc.assert(
      fc.property(email, (e) => {
        const plain = plainLocalOf(e);
        if (plain !== null) assert.equal(`${plain}@*`, widestKey(e), e);
      }),
      { numRuns: 2000 },
    );
  });

  it('never drops a near miss: two e-mails with one key are both kept by the filter of that key (property)', () => {
    fc.assert(
      fc.property(email, email, (a, b) => {
        const key = widestKey(a);
        if (widestKey(b) !== key || !nearMissFilterSql(false, 'email', 'org', [key], 1)) return;
        // The filter keeps `b` when it is not plain, or its plain local part is the key's.
        const kept = plainLocalOf(b) === null || plainLocalOf(b) === keyLocal(key);
        assert.ok(kept, `${JSON.stringify(a)} / ${JSON.stringify(b)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
