/** serializeError: the one way an error enters a log line keeps what finds the fault and drops what carries data. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailedError } from 'typeorm';
import { serializeError } from '../../server/src/common/error-serializer.js';

const SECRET = 'Sup3r-Secret-Value-42';

/** What node-postgres rejects with: the value quoted in the message and in `detail`. */
function pgError(message: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { name: 'error', ...extra });
}

describe('serializeError', () => {
  it('a QueryFailedError: class, code, message and stack; no parameters, query, driver error or detail', () => {
    const driver = pgError('duplicate key value violates unique constraint "PK_rate_limits"', { code: '23505', detail: `Key (key)=(${SECRET}) already exists.`, constraint: 'PK_rate_limits', table: 'rate_limits', schema: 'public' });
    const e = new QueryFailedError('INSERT INTO rate_limits (key) VALUES ($1)', [SECRET], driver);
    const s = serializeError(e);
    assert.equal(s.type, 'QueryFailedError');
    assert.equal(s.code, '23505');
    assert.equal(s.constraint, 'PK_rate_limits');
    assert.equal(s.table, 'rate_limits');
    assert.match(s.message, /duplicate key value/);
    assert.ok(s.stack);
    assert.ok(!JSON.stringify(s).includes(SECRET), JSON.stringify(s));
    assert.deepEqual(Object.keys(s).sort(), ['code', 'constraint', 'message', 'stack', 'table', 'type']);
  });

  it('a parameter the database quoted back into the message is masked (message and stack)', () => {
    const driver = pgError(`invalid input syntax for type uuid: "${SECRET}"`, { code: '22P02' });
    const s = serializeError(new QueryFailedError('SELECT $1::uuid', [SECRET, 7], driver));
    assert.equal(s.message, 'invalid input syntax for type uuid: "[redacted]"');
    assert.ok(!s.stack!.includes(SECRET));
    assert.equal(s.code, '22P02');
  });

  it('is idempotent and safe on anything (pino calls it for every `err`)', () => {
    const once = serializeError(new QueryFailedError('SELECT 1', [SECRET], pgError(`bad "${SECRET}"`, { code: 'XX000' })));
    assert.deepEqual(serializeError(once), once);
    assert.deepEqual(serializeError('plain text'), { type: 'string', message: 'plain text' });
    assert.deepEqual(serializeError(undefined), { type: 'undefined', message: 'undefined' });
    assert.deepEqual(serializeError({ parameters: [SECRET] }), { type: 'object', message: '[object Object]' });
    // An error-shaped object (not an Error) with parameters is treated the same way.
    const shaped = serializeError({ name: 'DriverError', message: `value ${SECRET} refused`, parameters: [SECRET], query: 'x' });
    assert.deepEqual(shaped, { type: 'DriverError', message: 'value [redacted] refused' });
  });

  it('follows a cause a little way, with the same rules', () => {
    const inner = new QueryFailedError('SELECT $1', [SECRET], pgError(`no "${SECRET}"`, { code: '42P01' }));
    const outer = new Error('the outbox run failed', { cause: inner });
    const s = serializeError(outer);
    assert.equal(s.cause?.type, 'QueryFailedError');
    assert.equal(s.cause?.code, '42P01');
    assert.ok(!JSON.stringify(s).includes(SECRET));
  });
});
