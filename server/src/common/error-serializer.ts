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
  code?: string;
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

export function serializeError(e: unknown, depth = 0): SerializedError {
  if (!(e instanceof Error)) {
    const text = typeof e === 'string' ? e : e === null || e === undefined ? String(e) : Object.prototype.toString.call(e);
    return { type: typeof e, message: text.slice(0, MAX_MESSAGE) };
  }
  const any = e as Error & Record<string, unknown>;
  const driver = (any.driverError ?? null) as Record<string, unknown> | null;
  const secrets = paramTexts(any.parameters);
  const out: SerializedError = { type: e.name || e.constructor?.name || 'Error', message: mask(String(e.message ?? ''), secrets).slice(0, MAX_MESSAGE) };
  const code = any.code ?? driver?.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  for (const f of NAME_FIELDS) {
    const v = any[f] ?? driver?.[f];
    if (typeof v === 'string' && v) out[f] = v.slice(0, 200);
  }
  if (typeof e.stack === 'string') {
    // The stack's first line repeats the message: masked the same way.
    out.stack = mask(e.stack.split('\n').slice(0, MAX_STACK_LINES).join('\n'), secrets);
  }
  if (depth < 2 && any.cause !== undefined && any.cause !== e) out.cause = serializeError(any.cause, depth + 1);
  return out;
}
