import { Clock } from '../../server/src/common/clock.js';

/** A clock tests move by hand. Starts at the real time so TOTP codes from other tools line up. */
export class FakeClock extends Clock {
  private t: number;
  constructor(start: Date | number = Date.now()) {
    super();
    this.t = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date | number): void {
    this.t = typeof t === 'number' ? t : t.getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceSeconds(s: number): void {
    this.t += s * 1000;
  }
}
