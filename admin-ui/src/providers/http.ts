import { fetchUtils, HttpError } from 'react-admin';
import { ErrorCode, type ErrorBody } from '../../../shared/index.js';
import { errors } from '../i18n/catalog/errors';

/**
 * The one way the console talks to the API.
 *
 * - Cookies carry the session (`credentials: 'same-origin'`).
 * - State-changing requests carry `X-CSRF-Token`, the token handed out at sign-in (and by `/api/auth/me`).
 * - A `401 STEP_UP_REQUIRED` opens the step-up dialog (see `StepUpProvider`), then the request is retried once.
 * - A `CSRF_REQUIRED` refusal (e.g. the token was rotated by another tab) refreshes the token and retries once.
 */

// `json: any` is ra-data-simple-rest's contract for its httpClient (fetchUtils.fetchJson); this app's own calls use
// requestJson, which hands the JSON on as `unknown` for the caller to narrow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FetchResult = { status: number; headers: Headers; body: string; json: any };
export type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<FetchResult>;

// --- CSRF token ---

const CSRF_KEY = 'accessDesk.csrf';

export const csrfToken = {
  get(): string | null {
    try {
      return sessionStorage.getItem(CSRF_KEY);
    } catch {
      return null;
    }
  },
  set(token: string | null | undefined): void {
    try {
      if (token) sessionStorage.setItem(CSRF_KEY, token);
      else sessionStorage.removeItem(CSRF_KEY);
    } catch {
      // Storage unavailable (private mode quirks): requests will simply lack the header.
    }
  },
  clear(): void {
    csrfToken.set(null);
  },
};

/** Set by the auth provider: refreshes the CSRF token (via `GET /api/auth/me`). */
let csrfRefresher: (() => Promise<unknown>) | null = null;
/** Resolves when an in-flight CSRF refresh is done, so mutations never race a token rotation. */
let csrfRefreshing: Promise<void> | null = null;

export function setCsrfRefresher(refresh: () => Promise<unknown>): void {
  csrfRefresher = refresh;
}

/** Lets callers that fetch `/api/auth/me` themselves mark the rotation window. */
export function trackCsrfRefresh<T>(p: Promise<T>): Promise<T> {
  // Settles with p but never rejects: the caller of trackCsrfRefresh handles p's failure.
  const tracked: Promise<void> = p.then(
    () => undefined,
    () => undefined,
  );
  csrfRefreshing = tracked;
  void tracked.then(() => {
    if (csrfRefreshing === tracked) csrfRefreshing = null;
  });
  return p;
}

// --- errors ---

export function errorCode(error: unknown): string | undefined {
  const body = (error as { body?: Partial<ErrorBody> } | null)?.body;
  return body && typeof body === 'object' && typeof body.code === 'string' ? body.code : undefined;
}

export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function isStepUpRequired(error: unknown): boolean {
  return errorStatus(error) === 401 && errorCode(error) === ErrorCode.STEP_UP_REQUIRED;
}

function isCsrfRefused(error: unknown): boolean {
  return errorCode(error) === ErrorCode.CSRF_REQUIRED;
}

/**
 * The catalog key of the sentence to show for any error thrown by `httpClient`: `app.errors.<API code>`, or
 * `app.errors.network` / `app.errors.fallback`. The API's English `message` is never shown: pass the key to
 * `translate()` (or to `notify()`, which translates it).
 */
export function errorKey(error: unknown): string {
  const code = errorCode(error);
  if (code === ErrorCode.STEP_UP_REQUIRED && (error as { message?: string })?.message === STEP_UP_CANCELLED) return 'app.layout.stepUpCancelled';
  if (code && code in errors.en) return `app.errors.${code}`;
  if (error instanceof TypeError || (error instanceof Error && error.message === 'Failed to fetch')) return 'app.errors.network';
  return 'app.errors.fallback';
}

/**
 * The API's own (English) message, for the pages still listed in NOT_YET_TRANSLATED
 * (test/unit/i18n-completeness.spec.ts); translated pages use `errorKey`.
 */
export function errorMessage(error: unknown, fallback: string = errors.en.fallback): string {
  const body = error instanceof HttpError ? (error.body as { message?: string | string[] } | undefined) : undefined;
  if (body?.message) return String(body.message);
  if (error instanceof Error && error.message) return error.message === 'Failed to fetch' ? errors.en.network : error.message;
  return fallback;
}

/** Per-field messages of a 400 as catalog keys with parameters (`errors` in the API's body: field → constraint code). */
export function fieldErrors(error: unknown): Record<string, { key: string; params: Record<string, unknown> }> {
  const body = (error as { body?: Partial<ErrorBody> } | null)?.body;
  const out: Record<string, { key: string; params: Record<string, unknown> }> = {};
  const details = body?.details;
  if (details && typeof details === 'object') {
    for (const [field, d] of Object.entries(details)) out[field] = { key: `app.validation.${d.code}`, params: d.params ?? {} };
  }
  return out;
}

// --- requests ---

const isSafeMethod = (method?: string) => !method || ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

function buildOptions(options: fetchUtils.Options, withCsrf: boolean): fetchUtils.Options {
  const headers = new Headers(options.headers ?? undefined);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const token = csrfToken.get();
  if (withCsrf && token) headers.set('X-CSRF-Token', token);
  return { ...options, headers, credentials: 'same-origin' };
}

/**
 * A bare request: cookies and CSRF header, no step-up or CSRF retry.
 * Used for the auth endpoints themselves; everything else should use `httpClient`.
 */
export async function apiFetch(url: string, options: fetchUtils.Options = {}, { csrf }: { csrf?: boolean } = {}): Promise<FetchResult> {
  const mutating = !isSafeMethod(options.method);
  if (mutating && csrfRefreshing) await csrfRefreshing;
  return fetchUtils.fetchJson(url, buildOptions(options, csrf ?? mutating));
}

/** `apiFetch`, plus one retry with a fresh CSRF token when the server refuses the one we sent. */
async function fetchWithCsrfRecovery(url: string, options: fetchUtils.Options): Promise<FetchResult> {
  try {
    return await apiFetch(url, options);
  } catch (error) {
    if (!isCsrfRefused(error) || isSafeMethod(options.method) || !csrfRefresher) throw error;
    await trackCsrfRefresh(csrfRefresher());
    return apiFetch(url, options);
  }
}

/** `fetchUtils.fetchJson` for the API, with the session cookie, the CSRF header, step-up and CSRF recovery. */
export const httpClient: HttpClient = async (url, options = {}) => {
  try {
    return await fetchWithCsrfRecovery(url, options);
  } catch (error) {
    if (!isStepUpRequired(error)) throw error;
    await requestStepUp();
    return fetchWithCsrfRecovery(url, options);
  }
};

// --- step-up ---

/** Opens the step-up dialog; resolves once the session is stepped up, rejects if the user gives up. */
export type StepUpHandler = () => Promise<void>;

let stepUpHandler: StepUpHandler | null = null;
let pendingStepUp: Promise<void> | null = null;

/** Called by `StepUpProvider` when it mounts; returns the unregister function. */
export function registerStepUpHandler(handler: StepUpHandler): () => void {
  stepUpHandler = handler;
  return () => {
    if (stepUpHandler === handler) stepUpHandler = null;
  };
}

const STEP_UP_CANCELLED = 'Cancelled: this needs a fresh authenticator code.';

/** The error a request rejects with when the user closes the step-up dialog (it never logs out). */
export function stepUpCancelled(): HttpError {
  const body: ErrorBody = {
    statusCode: 401,
    code: ErrorCode.STEP_UP_REQUIRED,
    message: STEP_UP_CANCELLED,
  };
  return new HttpError(body.message, 401, body);
}

/**
 * Asks the user to confirm with their authenticator code. Concurrent callers share one dialog.
 * Pages may call this before a sensitive action; `httpClient` calls it on `401 STEP_UP_REQUIRED`.
 */
export function requestStepUp(): Promise<void> {
  if (!stepUpHandler) return Promise.reject(stepUpCancelled());
  if (!pendingStepUp) {
    const p = stepUpHandler().finally(() => {
      if (pendingStepUp === p) pendingStepUp = null;
    });
    pendingStepUp = p;
  }
  return pendingStepUp;
}

/** `POST /api/auth/step-up {code}`; rejects with the API error (e.g. a wrong code) for the dialog to show. */
export async function submitStepUp(code: string): Promise<void> {
  const { json } = unknownJson(await fetchWithCsrfRecovery('/api/auth/step-up', { method: 'POST', body: JSON.stringify({ code }) }));
  const token = (json as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof token === 'string') csrfToken.set(token);
}

/** A FetchResult with its JSON as `unknown`. */
export type JsonResult = Omit<FetchResult, 'json'> & { json: unknown };

/** The answer with its JSON typed `unknown` (FetchResult keeps ra-data-simple-rest's `any`). */
export function unknownJson(r: FetchResult): JsonResult {
  return r;
}

/** httpClient for this app's own calls: the JSON comes back as `unknown`, to narrow or to give its API type. */
export const requestJson = async (url: string, options?: fetchUtils.Options): Promise<JsonResult> => unknownJson(await httpClient(url, options));
