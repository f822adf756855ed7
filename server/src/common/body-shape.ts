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

/** The limits (BODY_SHAPE; tests pass smaller ones). */
export interface BodyShapeLimits {
  maxDepth: number;
  maxKeysPerObject: number;
  maxValues: number;
}
type Limits = BodyShapeLimits;
const tooDeep = (l: Limits) => `Request body is nested deeper than ${l.maxDepth} levels`;
const tooManyFields = (l: Limits) => `An object in the request body has more than ${l.maxKeysPerObject} fields`;
const tooManyValues = (l: Limits) => `Request body has more than ${l.maxValues} values`;
const shapeError = (message: string) => new DomainError(400, ErrorCode.BAD_REQUEST, message);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The same limits on the raw JSON text (UTF-8 bytes), before it is parsed: which one it breaks, or null. A scan that
 * stops at the first limit: a 60 kB body with 5,000 keys is refused after ~1 kB, where JSON.parse alone costs ~1.3 ms
 * of CPU and the walk below ~0.5 ms more (for…in lists all 5,000 keys before the first step) — at a few hundred such
 * bodies a second, the event loop every other request waits for. Counts what the walk counts, as the text writes it:
 * an object's members (a repeated key each time), an array's elements, the containers open at once. Text that is not
 * JSON is left to the parser (it refuses it).
 */
export function jsonShapeViolation(text: Uint8Array, limits: Limits = BODY_SHAPE): string | null {
  const isObject: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  // After an opening bracket or a comma the next character, unless it closes the container, starts an item.
  let itemMayStart = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (isSpace(c)) continue;
    const depth = isObject.length;
    if (itemMayStart && c !== CLOSE_OBJECT && c !== CLOSE_ARRAY) {
      itemMayStart = false;
      if (depth > 0) {
        if (++items[depth - 1] > limits.maxKeysPerObject && isObject[depth - 1]) return tooManyFields(limits);
        if (++values > limits.maxValues) return tooManyValues(limits);
      }
    }
    if (c === QUOTE) {
      // A string (a key or a value): to its closing quote; brackets and commas in it are text.
      for (i++; i < text.length && text[i] !== QUOTE; i++) if (text[i] === BACKSLASH) i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth + 1 > limits.maxDepth) return tooDeep(limits);
      isObject.push(c === OPEN_OBJECT);
      items.push(0);
      itemMayStart = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      isObject.pop();
      items.pop();
      itemMayStart = false;
    } else if (c === COMMA) itemMayStart = true;
  }
  return null;
}

/**
 * Throws the 400 rejectOversizedBodies would give after parsing when a UTF-8 JSON text breaks the limits
 * (jsonShapeViolation), without parsing it: for body-parser's `verify` (request-pipeline.ts). Other charsets are left
 * to the walk.
 */
export function assertJsonShape(text: Buffer, encoding: string, limits: Limits = BODY_SHAPE): void {
  if (!/^utf-?8$/i.test(encoding)) return;
  const why = jsonShapeViolation(text, limits);
  if (why) throw shapeError(why);
}

/**
 * Refuses bodies whose shape alone would make validation expensive, before it runs: too deep, an object with too
 * many keys, too many values. Cost: one walk that stops at the first limit, so such bodies cannot slow other requests
 * down. JSON bodies are checked on their text before parsing already (assertJsonShape); this covers every parsed body.
 */
export function rejectOversizedBodies(limits: Limits = BODY_SHAPE) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const body = req.body as unknown;
    if (body === null || typeof body !== 'object') return next();
    const stack: [object, number][] = [[body, 0]];
    let values = 0;
    while (stack.length) {
      const [v, d] = stack.pop()!;
      if (d >= limits.maxDepth) return next(shapeError(tooDeep(limits)));
      let keys = 0;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (++keys > limits.maxKeysPerObject && !Array.isArray(v)) return next(shapeError(tooManyFields(limits)));
        if (++values > limits.maxValues) return next(shapeError(tooManyValues(limits)));
        const child = (v as Record<string, unknown>)[k];
        if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
      }
    }
    next();
  };
}
