import { totpCode } from '../../server/src/identities/totp.js';

export const DEMO_PASSWORD = 'Demo-Password-1!';
export const DEMO_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface Answer {
  status: number;
  // The answer's JSON as the specs read it (like supertest's res.body): untyped on purpose, the tests assert on it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A staff session against a server in another process (real clock). */
export class RemoteStaff {
  constructor(
    public base: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  static async signIn(base: string, email: string, code?: string): Promise<RemoteStaff> {
    const a = await call(base, 'POST', '/api/auth/sign-in', { email, password: DEMO_PASSWORD });
    if (a.status !== 200) throw new Error(`sign-in ${a.status} ${JSON.stringify(a.body)}`);
    const b = await call(base, 'POST', '/api/auth/sign-in/totp', { challenge: a.body.challenge, code: code ?? (await totpCode(DEMO_TOTP, Date.now())) });
    if (b.status !== 200) throw new Error(`totp ${b.status} ${JSON.stringify(b.body)}`);
    const cookie = b.headers.getSetCookie().find((c) => c.startsWith('ad_session='))!.split(';')[0];
    return new RemoteStaff(base, cookie, b.body.csrfToken);
  }

  on(base: string): RemoteStaff {
    return new RemoteStaff(base, this.cookie, this.csrf);
  }

  req(method: string, path: string, body?: unknown): Promise<Answer> {
    return call(this.base, method, path, body, { Cookie: this.cookie, 'X-CSRF-Token': this.csrf });
  }
}
