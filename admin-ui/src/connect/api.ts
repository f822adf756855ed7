import type { ErrorBody } from '../../../shared/errors.js';
import { locale } from './i18n/index.js';

/** An error answer of the API, with its JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

/**
 * Calls /api/connect. State-changing calls always send JSON (the server refuses anything else: part of its CSRF
 * rules, together with the SameSite=Strict session cookie and the Origin check).
 */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: object): Promise<T> {
  // The page's language (the switcher's, else the browser's) goes with every call: on first contact it becomes the
  // person's language for e-mails and SMS.
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': locale() } };
  if (method !== 'GET' && method !== 'DELETE') {
    init.headers = { Accept: 'application/json', 'Accept-Language': locale(), 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch('/api/connect' + path, init);
  } catch {
    throw new ApiError(0, { statusCode: 0, code: 'NETWORK', message: 'network' });
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const b = (json ?? {}) as Partial<ErrorBody>;
    throw new ApiError(res.status, { statusCode: res.status, code: b.code ?? 'INTERNAL', message: b.message ?? res.statusText, errors: b.errors, details: b.details });
  }
  return json as T;
}
