import { randomBytes } from 'node:crypto';

/** Injectable time source: tests replace it to move time. */
export abstract class Clock {
  abstract now(): Date;
  nowMs(): number {
    return this.now().getTime();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Injectable CSPRNG: tests may replace it, production uses crypto.randomBytes. */
export abstract class RandomSource {
  abstract bytes(n: number): Buffer;
}

export class CryptoRandomSource extends RandomSource {
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
}
