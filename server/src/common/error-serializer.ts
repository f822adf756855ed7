/**
 * The one way an error enters a log line (pino's `err` serializer, the exception filter, the outbox, the purge, the
 * process's last words). It keeps what helps to find the fault — class, code, message, stack, the SQL state and the
 * constraint or table it concerns — and drops what can carry people's data or secrets: a query's bind parameters
 * (TypeORM's `QueryFailedError.parameters`), the query text, the driver's `detail` ("Key (email)=(…) already
 * exists") and any other own property. A parameter that the database quoted back into the message is masked too.
 */
export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  /** PostgreSQL: the constraint, table, column or data type named by the error (names, never values). */
  constraint?: string;
  table?: string;
  column?: string;
  dataType?: string;
  cause?: SerializedError;
}

const MAX_MESSAGE = 500;
const MAX_STACK_LINES = 12;
const MASK = '[redacted]';
const NAME_FIELDS = ['constraint', 'table', 'column', 'dataType'] as const;

/** A value only: strings, numbers, bigints and buffers a message could quote back. */
function paramTexts(params: unknown): string[] {
  if (!Array.isArray(params)) return [];
  const out: string[] = [];
  for (const p of params) {
    if (typeof p === 'string') out.push(p);
    else if (typeof p === 'number' || typeof p === 'bigint') out.push(String(p));
    else if (p instanceof Date) out.push(p.toISOString());
    else if (Buffer.isBuffer(p)) out.push(p.toString('hex'));
    else if (p !== null && typeof p === 'object') out.push(JSON.stringify(p));
  }
  // Longest first, so a parameter inside another is not half-masked; very short values (1, true) say nothing.
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

function mask(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** An Error, or an object shaped like one (a rejected driver result, an error already serialized): same treatment. */
function errorLike(e: unknown): (Record<string, unknown> & { message: unknown }) | null {
  if (e instanceof Error) return e as unknown as Record<string, unknown> & { message: unknown };
  if (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return e as Record<string, unknown> & { message: string };
  return null;
}

/** Serializes an error for a log line (also pino's `err` serializer, so it must accept anything and be idempotent). */
export function serializeError(e: unknown, depth = 0): SerializedError {
  const any = errorLike(e);
  if (!any) {
    const text = typeof e === 'string' ? e : e === null || e === undefined ? String(e) : Object.prototype.toString.call(e);
    return { type: typeof e, message: text.slice(0, MAX_MESSAGE) };
  }
  const driver = (errorLike(any.driverError) ?? null) as Record<string, unknown> | null;
  const secrets = paramTexts(any.parameters);
  const name = typeof any.name === 'string' && any.name ? any.name : typeof any.type === 'string' ? any.type : e instanceof Error ? e.constructor.name : 'Error';
  const out: SerializedError = { type: name, message: mask(String(any.message), secrets).slice(0, MAX_MESSAGE) };
  const code = any.code ?? driver?.code;
  if (typeof code === 'string') out.code = code.slice(0, 100);
  else if (typeof code === 'number') out.code = code;
  for (const f of NAME_FIELDS) {
    const v = any[f] ?? driver?.[f];
    if (typeof v === 'string' && v) out[f] = v.slice(0, 200);
  }
  if (typeof any.stack === 'string') {
    // The stack's first line repeats the message: masked the same way.
    out.stack = mask(any.stack.split('\n').slice(0, MAX_STACK_LINES).join('\n'), secrets);
  }
  if (depth < 2 && any.cause !== undefined && any.cause !== e) out.cause = serializeError(any.cause, depth + 1);
  return out;
}
