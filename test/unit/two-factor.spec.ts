/** Issue 14 part B, pure parts: the strictest policy, push fatigue, device signatures, and a direct Severa sign-in in the rules engine. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { strictestPolicy } from '../../server/src/organizations/two-factor-policy.js';
import { parseDeviceKey, pushPausedUntil, verifyDeviceSignature } from '../../server/src/connect/device-signature.js';
import { evaluateHandoff, type HandoffFacts } from '../../server/src/sign-in/sign-in.rules.js';
import { FailureReason } from '../../shared/sign-in.js';
import type { PublicKeyJwk } from '../../shared/two-factor.js';

const MIN = 60_000;

describe('strictestPolicy', () => {
  it('required wins; only all-adaptive is adaptive; nothing at all is required; unknown values count as required', () => {
    assert.equal(strictestPolicy([]), 'required');
    assert.equal(strictestPolicy(['adaptive']), 'adaptive');
    assert.equal(strictestPolicy(['adaptive', 'adaptive']), 'adaptive');
    assert.equal(strictestPolicy(['adaptive', 'required']), 'required');
    assert.equal(strictestPolicy(['required', 'adaptive']), 'required');
    assert.equal(strictestPolicy(['adaptive', 'bogus']), 'required');
  });
  it('does not depend on order', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('required', 'adaptive')), (xs) => strictestPolicy(xs) === strictestPolicy([...xs].reverse())));
  });
});

describe('pushPausedUntil (3 unanswered in 10 minutes → 15 minutes pause)', () => {
  const at = (...minutes: number[]) => minutes.map((m) => new Date(m * MIN));
  const until = (times: Date[], nowMin: number) => pushPausedUntil(times, nowMin * MIN, 3, 10 * MIN, 15 * MIN)?.getTime() ?? null;
  it('two unanswered pushes never pause', () => assert.equal(until(at(0, 1), 2), null));
  it('three within 10 minutes pause for 15 minutes after the third', () => {
    assert.equal(until(at(0, 1, 2), 2), 17 * MIN);
    assert.equal(until(at(0, 1, 2), 16.9), 17 * MIN);
    assert.equal(until(at(0, 1, 2), 17), null);
  });
  it('three spread over more than 10 minutes do not', () => assert.equal(until(at(0, 6, 10.5), 11), null));
  it('order of input does not matter', () => assert.equal(until(at(2, 0, 1), 3), 17 * MIN));
});

describe('device signatures (P-256, SHA-256, r||s base64url)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as unknown as PublicKeyJwk;
  const sig = (text: string, dsaEncoding: 'ieee-p1363' | 'der' = 'ieee-p1363') => sign('sha256', Buffer.from(text), { key: privateKey, dsaEncoding }).toString('base64url');

  it('verifies the signature of exactly the signed text', () => {
    assert.equal(verifyDeviceSignature(jwk, 'p|approve|42', sig('p|approve|42')), true);
    assert.equal(verifyDeviceSignature(jwk, 'p|approve|43', sig('p|approve|42')), false);
    assert.equal(verifyDeviceSignature(jwk, 'p|approve|42', sig('p|approve|42', 'der')), false, 'DER is not the agreed form');
    assert.equal(verifyDeviceSignature(jwk, 'x', 'not a signature'), false);
    assert.equal(verifyDeviceSignature(jwk, 'x', undefined), false);
  });
  it('accepts only public P-256 keys on the curve', () => {
    assert.ok(parseDeviceKey(jwk));
    assert.equal(parseDeviceKey({ ...jwk, d: 'secret' }), null);
    assert.equal(parseDeviceKey({ ...jwk, crv: 'P-384' }), null);
    assert.equal(parseDeviceKey({ ...jwk, x: jwk.y }), null, 'not a point on the curve');
    assert.equal(parseDeviceKey(null), null);
    assert.equal(parseDeviceKey([jwk]), null);
  });
});

describe('evaluateHandoff for a direct sign-in through Visma Connect (portalId null)', () => {
  const facts = (over: Partial<HandoffFacts> = {}): HandoffFacts => ({
    portalId: null,
    email: 'erik.nurmi@northwind.test',
    organization: { id: 'o1', severaStatus: 'active', severaEndedAt: null },
    // Portal facts that would fail a portal hand-off: they must not matter here.
    connection: { configured: false, enabled: false },
    addonStatus: null,
    exactMatches: [{ id: 'u1', email: 'erik.nurmi@northwind.test', active: true, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null }],
    ...over,
  });
  it('the portal connection and the add-on are not-applicable; the decision rests on the other three checks', () => {
    const d = evaluateHandoff(facts());
    assert.equal(d.ok, true);
    assert.equal(d.addonId, null);
    assert.deepEqual(
      d.checks.filter((c) => c.status === 'not-applicable').map((c) => [c.code, c.detail]),
      [
        [FailureReason.PORTAL_CONNECTION_FAILED, 'direct-sign-in'],
        [FailureReason.ADDON_NOT_ACTIVE, 'direct-sign-in'],
      ],
    );
    assert.equal(d.user?.id, 'u1');
  });
  it('the same rules refuse: organization left Severa, no exact e-mail, inactive user', () => {
    assert.deepEqual(evaluateHandoff(facts({ organization: { id: 'o1', severaStatus: 'ended', severaEndedAt: new Date() } })).failures, [FailureReason.ORGANIZATION_LEFT_SEVERA]);
    assert.deepEqual(evaluateHandoff(facts({ email: 'Erik.Nurmi@northwind.test' })).failures, [FailureReason.EMAIL_NOT_FOUND]);
    const inactive = facts();
    inactive.exactMatches = [{ ...inactive.exactMatches[0], active: false }];
    assert.deepEqual(evaluateHandoff(inactive).failures, [FailureReason.SEVERA_USER_INACTIVE]);
  });
});
