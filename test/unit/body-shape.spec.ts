import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BODY_SHAPE, jsonShapeViolation, rejectOversizedBodies, type BodyShapeLimits } from '../../server/src/common/body-shape.js';

/** The parsed-body walk's verdict (the reference the text scan must agree with): its message, or null. */
function walkVerdict(body: unknown, limits: BodyShapeLimits): string | null {
  let out: string | null = 'not called';
  rejectOversizedBodies(limits)({ body } as never, {} as never, (err?: unknown) => {
    out = err ? (err as Error).message : null;
  });
  return out;
}

const scan = (text: string, limits: BodyShapeLimits = BODY_SHAPE) => jsonShapeViolation(Buffer.from(text, 'utf8'), limits);

describe('body shape: the JSON text scan (before parsing) and the parsed-body walk', () => {
  it('agrees with the walk on generated JSON, with small limits so that every limit is hit', () => {
    const limits = { maxDepth: 4, maxKeysPerObject: 5, maxValues: 20 };
    // Keys with brackets, commas, quotes, backslashes and non-ASCII: text inside strings never counts.
    const key = fc.string({ unit: fc.constantFrom('a', '{', '}', '[', ']', ',', '"', '\\', 'ä', ' ', ':'), maxLength: 4 });
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.integer(), key, fc.constant(null), fc.boolean(), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 8 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 8 }),
    }));
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        assert.equal(scan(text, limits) === null, walkVerdict(JSON.parse(text), limits) === null, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('names the limit a body breaks, as the walk does', () => {
    const keys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
    assert.equal(scan(keys(BODY_SHAPE.maxKeysPerObject)), null);
    assert.equal(scan(keys(BODY_SHAPE.maxKeysPerObject + 1)), walkVerdict(JSON.parse(keys(BODY_SHAPE.maxKeysPerObject + 1)), BODY_SHAPE));
    assert.match(scan(keys(5000))!, /more than 100 fields/);
    const wide = JSON.stringify({ list: Array.from({ length: 60 }, () => JSON.parse(keys(99)) as object) });
    assert.equal(scan(wide), `Request body has more than ${BODY_SHAPE.maxValues} values`);
    assert.equal(scan('['.repeat(BODY_SHAPE.maxDepth) + ']'.repeat(BODY_SHAPE.maxDepth)), null);
    assert.equal(scan('['.repeat(BODY_SHAPE.maxDepth + 1) + ']'.repeat(BODY_SHAPE.maxDepth + 1)), `Request body is nested deeper than ${BODY_SHAPE.maxDepth} levels`);
    // A long array of scalars is values, not fields.
    assert.equal(scan(JSON.stringify(Array.from({ length: 1000 }, (_, i) => i))), null);
  });

  it('reads strings as text: brackets, commas and escaped quotes inside them do not count', () => {
    const limits = { maxDepth: 2, maxKeysPerObject: 2, maxValues: 10 };
    assert.equal(scan('{"a,b,c,d": "[[[{{{,,,\\"}}}", "x": "\\\\"}', limits), null);
    assert.equal(scan('{"a": 1, "b": 2, "c": 3}', limits), 'An object in the request body has more than 2 fields');
    assert.equal(scan(' { } ', limits), null);
    assert.equal(scan('"just a string"', limits), null);
  });

  it('leaves text that is not JSON to the parser (no exception, at most a limit)', () => {
    for (const t of ['', '{', '}}}]]]', '{"a": ', '{"unterminated', '\\', ',,,,']) assert.doesNotThrow(() => scan(t));
  });
});
