import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFresh, nonceRetentionMs, type FreshnessWindow } from '../../server/src/common/replay-guard.js';
import { HANDOFF_WINDOW, isFreshHandoff } from '../../server/src/sign-in/handoff-request.js';
import { DEVICE_REQUEST_MAX_SKEW_SECONDS } from '../../shared/two-factor.js';

/** The one freshness window of signed requests (portal hand-offs and Visma Authenticator devices). */
describe('replay guard: freshness and nonce retention', () => {
  const now = 1_800_000_000_000;

  it('a window reaches exactly maxAge back and maxFuture ahead', () => {
    const w: FreshnessWindow = { maxAgeSeconds: 300, maxFutureSeconds: 60 };
    assert.equal(isFresh(now, now, w), true);
    assert.equal(isFresh(now - 300_000, now, w), true);
    assert.equal(isFresh(now - 300_001, now, w), false);
    assert.equal(isFresh(now + 60_000, now, w), true);
    assert.equal(isFresh(now + 60_001, now, w), false);
    assert.equal(isFresh(Number.NaN, now, w), false, 'not a number is never fresh');
  });

  it('the device window is symmetric (±5 minutes) and the hand-off window is 5 minutes back, 1 ahead (seconds)', () => {
    const device: FreshnessWindow = { maxAgeSeconds: DEVICE_REQUEST_MAX_SKEW_SECONDS, maxFutureSeconds: DEVICE_REQUEST_MAX_SKEW_SECONDS };
    assert.equal(isFresh(now + 300_000, now, device), true);
    assert.equal(isFresh(now + 300_001, now, device), false);
    assert.equal(isFreshHandoff(now / 1000 - 300, now), true);
    assert.equal(isFreshHandoff(now / 1000 + 61, now), false);
    assert.deepEqual(HANDOFF_WINDOW, { maxAgeSeconds: 300, maxFutureSeconds: 60 });
  });

  it('a nonce is kept longer than any replay of it could be fresh', () => {
    for (const w of [HANDOFF_WINDOW, { maxAgeSeconds: 300, maxFutureSeconds: 300 }, { maxAgeSeconds: 1, maxFutureSeconds: 0 }]) {
      // A nonce stored at `storedAt` came with a timestamp at most maxFuture ahead of it. Once the nonce is pruned,
      // a copy of that request (same timestamp) must already be stale.
      const storedAt = now;
      const newestTimestamp = storedAt + w.maxFutureSeconds * 1000;
      const prunedAt = storedAt + nonceRetentionMs(w) + 1;
      assert.equal(isFresh(newestTimestamp, prunedAt, w), false, JSON.stringify(w));
      assert.equal(isFresh(newestTimestamp, prunedAt - 60_001, w), true, 'the margin is one minute');
    }
  });
});
