import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/src/config/app-config.js';
import { addressKey } from '../../server/src/common/rate-limit.service.js';

const KEYS = { DATA_ENCRYPTION_KEY: '11'.repeat(32), SESSION_SECRET: '22'.repeat(32), DATA_DIR: '/nonexistent-access-desk' };
const trustProxy = (v: string | undefined) => loadConfig({ ...KEYS, TRUST_PROXY: v }).trustProxy;

describe('TRUST_PROXY', () => {
  it('is off by default and for false/0', () => {
    for (const v of [undefined, '', 'false', '0', 'off']) assert.equal(trustProxy(v), false);
  });
  it('takes a hop count, or addresses and networks (Express trust proxy semantics)', () => {
    assert.equal(trustProxy('1'), 1);
    assert.equal(trustProxy('2'), 2);
    assert.deepEqual(trustProxy('loopback, 10.0.0.0/8 ,::1,fd00::/8,192.0.2.1'), ['loopback', '10.0.0.0/8', '::1', 'fd00::/8', '192.0.2.1']);
  });
  it('refuses "true" (any client could choose its address) with a message that says what to use', () => {
    for (const v of ['true', 'TRUE', 'yes']) {
      assert.throws(() => trustProxy(v), (e: unknown) => e instanceof ConfigError && e.variable === 'TRUST_PROXY' && /hop count|number of proxies/.test(e.message));
    }
  });
  it('refuses malformed entries', () => {
    for (const v of ['10.0.0.0/33', '300.1.1.1', 'proxy.example.com', '11', '::1/129', '10.0.0.1/8/1']) {
      assert.throws(() => trustProxy(v), ConfigError, v);
    }
  });
});

describe('addressKey (what a per-address limit counts against)', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and groups IPv6 by /64', () => {
    assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('2001:db8:0:1::1'), addressKey('2001:db8:0:1:ffff:ffff:ffff:ffff'));
    assert.notEqual(addressKey('2001:db8:0:1::1'), addressKey('2001:db8:0:2::1'));
    assert.equal(addressKey(undefined), 'unknown');
  });
});
