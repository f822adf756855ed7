import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECTION_CAUSES, HANDOFF_FIELD_PROBLEMS, parseHandoffBody } from '../../server/src/sign-in/handoff-request.js';
import { recordedCause } from '../../server/src/sign-in/recorded-cause.js';

/** What the hand-off records for a signed but malformed body (handoff.service.ts). */
const recorded = (errors: Record<string, string>) =>
  `${CONNECTION_CAUSES.malformed}: ${Object.entries(errors)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')}`.slice(0, 500);

describe('recorded causes as codes and parameters', () => {
  it('every cause sentence gives its code, without parameters; nothing or other text gives none', () => {
    for (const [code, text] of Object.entries(CONNECTION_CAUSES)) {
      assert.deepEqual(recordedCause(text), { detailCode: code, detailParams: code === 'malformed' ? { fields: [] } : null });
    }
    assert.deepEqual(recordedCause(null), { detailCode: null, detailParams: null });
    assert.deepEqual(recordedCause('The user is inactive'), { detailCode: null, detailParams: null });
  });

  it("a malformed hand-off's refused fields, each with the problem the parser reported", () => {
    const parsed = parseHandoffBody({ organizationId: 'not an id!', email: '', issuedAt: 1.5, nonce: 'short', 'odd key': 1 });
    assert.equal(parsed.ok, false);
    const cause = recordedCause(recorded(!parsed.ok ? parsed.errors : {}));
    assert.equal(cause.detailCode, 'malformed');
    assert.deepEqual(cause.detailParams, {
      fields: [
        { field: 'odd key', problem: 'not-allowed' },
        { field: 'organizationId', problem: 'organization-id' },
        { field: 'email', problem: 'email-length' },
        { field: 'issuedAt', problem: 'unix-seconds' },
        { field: 'nonce', problem: 'nonce-format' },
      ],
    });
    const notObject = parseHandoffBody([]);
    assert.deepEqual(recordedCause(recorded(!notObject.ok ? notObject.errors : {})).detailParams, { fields: [{ field: 'body', problem: 'not-json-object' }] });
  });

  it('every problem the parser can report has a code (no English reaches the console)', () => {
    const words = new Set(Object.values(HANDOFF_FIELD_PROBLEMS));
    for (const body of [[], {}, { x: 1, organizationId: 5, email: 'a'.repeat(400), issuedAt: -1, nonce: 'a b c d e f g h' }]) {
      const p = parseHandoffBody(body);
      assert.equal(p.ok, false);
      if (!p.ok) for (const w of Object.values(p.errors)) assert.ok(words.has(w), w);
    }
  });

  it('a list cut at 500 characters keeps the whole parts and leaves the cut one out', () => {
    const errors = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`unknown${i}`, HANDOFF_FIELD_PROBLEMS['not-allowed']]));
    const text = recorded(errors);
    assert.equal(text.length, 500);
    const fields = recordedCause(text).detailParams!.fields;
    assert.ok(fields.length > 10 && fields.length < 30, String(fields.length));
    assert.deepEqual(fields, fields.map((_, i) => ({ field: `unknown${i}`, problem: 'not-allowed' })));
  });
});
