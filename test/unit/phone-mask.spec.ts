import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countryCode, maskPhone } from '../../server/src/connect/phone-mask.js';

describe('maskPhone', () => {
  it('keeps the country code and the last two digits of Nordic and UK numbers', () => {
    assert.equal(maskPhone('+358401234567'), '+358 •• ••• ••67'); // Finland, mobile
    assert.equal(maskPhone('+35891234567'), '+358 • ••• ••67'); // Finland, Helsinki landline
    assert.equal(maskPhone('+46701234567'), '+46 •• ••• ••67'); // Sweden
    assert.equal(maskPhone('+4741234567'), '+47 • ••• ••67'); // Norway
    assert.equal(maskPhone('+4542822160'), '+45 • ••• ••60'); // Denmark
    assert.equal(maskPhone('+447700900123'), '+44 ••• ••• ••23'); // United Kingdom
    assert.equal(maskPhone('+12025550143'), '+1 ••• ••• ••43'); // NANP: one-digit code
  });

  it('never shows more than a third of the subscriber number', () => {
    for (const n of ['+358401234567', '+3584012', '+35840123', '+4512345', '+441234', '+3581234', '+46123456789012']) {
      const masked = maskPhone(n)!;
      const cc = countryCode(n)!;
      assert.ok(masked.startsWith(`+${cc} `), masked);
      const subscriber = n.slice(1 + cc.length);
      const shown = masked.slice(cc.length + 2).replace(/[•\s]/g, '');
      assert.ok(shown.length <= Math.min(2, subscriber.length / 3), `${n} → ${masked}`);
      assert.ok(subscriber.endsWith(shown));
      assert.equal(masked.slice(cc.length + 2).replace(/\s/g, '').length, subscriber.length, 'one mark per digit');
    }
  });

  it('short numbers show one digit or none', () => {
    assert.equal(maskPhone('+3581234'), '+358 •••4'); // 4-digit subscriber number: one digit
    assert.equal(maskPhone('+35812345'), '+358 • •••5');
    assert.equal(maskPhone('+358123456'), '+358 •• ••56');
    assert.equal(maskPhone('+44123'), '+44 ••3');
    assert.equal(maskPhone('12'), '••');
  });

  it('nothing to mask', () => {
    assert.equal(maskPhone(null), null);
    assert.equal(maskPhone(''), null);
  });
});
