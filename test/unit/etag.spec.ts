import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { weakEtag } from '../../server/src/common/etag.js';

describe('weakEtag (Express ETag in one hash call)', () => {
  // Express's default: app.set('etag', 'weak') compiles to the etag package's weak generator.
  const expressEtag = express().get('etag fn') as (body: string | Buffer, encoding?: BufferEncoding) => string;

  it('gives the same value as Express for strings, non-ASCII text, buffers and empty bodies', () => {
    const bodies: (string | Buffer)[] = ['', '{}', '{"a":1}', 'Sökföretaget Öberg & Berg Oy — ☃ 𝄞', JSON.stringify({ x: 'y'.repeat(10_000) }), Buffer.alloc(0), randomBytes(1), randomBytes(4096)];
    for (let i = 0; i < 50; i++) bodies.push(randomBytes(1 + (i * 37) % 700).toString('latin1'));
    for (const body of bodies) {
      assert.equal(weakEtag(body, typeof body === 'string' ? 'utf8' : undefined), expressEtag(body, typeof body === 'string' ? 'utf8' : undefined));
      assert.equal(weakEtag(body), expressEtag(body));
    }
  });

  it('honours a non-UTF-8 encoding of a string body as Express does', () => {
    for (const body of ['abc', 'Öberg', 'ÿþ']) assert.equal(weakEtag(body, 'latin1'), expressEtag(body, 'latin1'));
  });

  it('changes with the body', () => {
    assert.notEqual(weakEtag('{"a":1}'), weakEtag('{"a":2}'));
  });
});
