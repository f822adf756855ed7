/**
 * The three calls the sign-in screen makes, with plain fetch: this screen loads before react-admin, so it must not
 * import it (see main.tsx). Errors carry the API's code for the catalog.
 */
export class SignInError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(code);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, ...init });
  } catch {
    throw new SignInError('network', 0);
  }
  const body: unknown = await res.json().catch(() => null);
  const code = (body as { code?: unknown } | null)?.code;
  if (!res.ok) throw new SignInError(typeof code === 'string' ? code : 'fallback', res.status);
  return body as T;
}

export const signedIn = () => call<{ signedIn: boolean }>('/api/auth/session').then((r) => r.signedIn);

export const submitPassword = (email: string, password: string) =>
  call<{ challenge: string }>('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ email, password }) });

export const submitCode = (challenge: string, code: string) =>
  call<{ csrfToken: string }>('/api/auth/sign-in/totp', { method: 'POST', body: JSON.stringify({ challenge, code }) });
