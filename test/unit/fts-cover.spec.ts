import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ftsCover, ftsPhrase } from '../../server/src/common/text-search.js';

// The SQLite probe plan builds its set from ftsCover (a superset of the phrase's rows) and rechecks each entry with the
// LIKE; test/text-search.e2e-spec.ts compares the rows with a plain LIKE scan. Here: which trigrams, and the quoting.
describe('ftsCover: the trigrams covering a term, ANDed', () => {
  it('covers every character, without overlap except the last trigram', () => {
    assert.equal(ftsCover('abc'), '"abc"');
    assert.equal(ftsCover('abcd'), '"abc" AND "bcd"');
    assert.equal(ftsCover('anna.berg'), '"ann" AND "a.b" AND "erg"');
    assert.equal(ftsCover('nurmi12'), '"nur" AND "mi1" AND "i12"');
  });

  it('lower-cases like the phrase and counts characters, not UTF-16 units', () => {
    assert.equal(ftsCover('ÄÄKKö'), '"ääk" AND "kkö"');
    assert.equal(ftsCover('a😀bc'), '"a😀b" AND "😀bc"');
    assert.equal(ftsPhrase('ÄÄKKö'), '"ääkkö"');
  });

  it('doubles a double quote inside a trigram, so the query stays one string per trigram', () => {
    assert.equal(ftsCover('a"b"c'), '"a""b" AND "b""c"');
  });
});
