import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from './errors.js';

/** Limits on the shape of a parsed JSON body (no DTO comes near them). */
export const BODY_SHAPE = {
  /** Nesting deeper than this is refused before validation walks it recursively. */
  maxDepth: 32,
  /** Keys of one object: thousands of unknown keys would otherwise each be walked and named by validation. */
  maxKeysPerObject: 100,
  /** Keys and array elements over the whole body. */
  maxValues: 5_000,
} as const;

/**
 * Refuses bodies whose shape alone would make validation expensive, before it runs: too deep, an object with too
 * many keys, too many values. Cost: one walk that stops at the first limit (a 100 kB body with 5,000 keys is refused
 * after 101 of them), so such bodies cannot slow other requests down.
 */
export function rejectOversizedBodies(limits = BODY_SHAPE) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const body = req.body as unknown;
    if (body === null || typeof body !== 'object') return next();
    const stack: [object, number][] = [[body, 0]];
    let values = 0;
    while (stack.length) {
      const [v, d] = stack.pop()!;
      if (d >= limits.maxDepth) return next(new DomainError(400, ErrorCode.BAD_REQUEST, `Request body is nested deeper than ${limits.maxDepth} levels`));
      let keys = 0;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (++keys > limits.maxKeysPerObject && !Array.isArray(v)) return next(new DomainError(400, ErrorCode.BAD_REQUEST, `An object in the request body has more than ${limits.maxKeysPerObject} fields`));
        if (++values > limits.maxValues) return next(new DomainError(400, ErrorCode.BAD_REQUEST, `Request body has more than ${limits.maxValues} values`));
        const child = (v as Record<string, unknown>)[k];
        if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
      }
    }
    next();
  };
}
