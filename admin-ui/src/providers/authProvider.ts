import type { AuthProvider, UserIdentity } from 'react-admin';
import { ErrorCode, type StaffRole, type StaffUser } from '../../../shared/index.js';
import { apiFetch, csrfToken, errorCode, errorStatus, setCsrfRefresher, trackCsrfRefresh, unknownJson } from './http';

/** What `GET /api/auth/me` and `POST /api/auth/sign-in/totp` answer. */
export interface SessionInfo {
  user: StaffUser;
  csrfToken: string;
}

/** Step 1 of sign-in: the password was accepted; a second factor is due. */
export interface SignInChallenge {
  challenge: string;
  factor: 'totp';
}

export type PasswordCredentials = { email: string; password: string };
export type SecondFactorCredentials = { challenge: string; code: string };

export interface Permissions {
  roles: StaffRole[];
  organizationIds: string[];
}

/** `checkAuth` runs on every page change: answer from memory for a short while. */
const SESSION_TTL_MS = 30_000;
let cached: { at: number; promise: Promise<SessionInfo> } | null = null;

function remember(promise: Promise<SessionInfo>): Promise<SessionInfo> {
  const entry = { at: Date.now(), promise };
  cached = entry;
  promise.catch(() => {
    if (cached === entry) cached = null;
  });
  return promise;
}

function forget(): void {
  cached = null;
}

/** The signed-in user, from memory if fresh enough. Saves the CSRF token the server hands out. */
function currentSession({ fresh = false } = {}): Promise<SessionInfo> {
  if (!fresh && cached && Date.now() - cached.at < SESSION_TTL_MS) return cached.promise;
  const request = apiFetch('/api/auth/me', {}, { csrf: true }).then(({ json }) => {
    const info = json as SessionInfo;
    if (info.csrfToken) csrfToken.set(info.csrfToken);
    return info;
  });
  return remember(trackCsrfRefresh(request));
}

setCsrfRefresher(() => currentSession({ fresh: true }));

const post = async (url: string, body: unknown) => unknownJson(await apiFetch(url, { method: 'POST', body: JSON.stringify(body) }));

const isSecondFactor = (p: unknown): p is SecondFactorCredentials =>
  typeof p === 'object' && p !== null && typeof (p as SecondFactorCredentials).challenge === 'string';

export const authProvider: AuthProvider = {
  /**
   * Two steps:
   * - `login({ email, password })` resolves with `{ challenge, factor }` (the sign-in page then asks for the code;
   *   call it through `useAuthProvider()` so that react-admin does not navigate away);
   * - `login({ challenge, code })` opens the session (call it through `useLogin()`, which redirects).
   */
  async login(params: PasswordCredentials | SecondFactorCredentials): Promise<SignInChallenge | void> {
    if (isSecondFactor(params)) {
      const { json } = await post('/api/auth/sign-in/totp', { challenge: params.challenge, code: params.code });
      const info = json as SessionInfo;
      csrfToken.set(info.csrfToken);
      void remember(Promise.resolve(info));
      return;
    }
    forget();
    const { json } = await post('/api/auth/sign-in', { email: params.email, password: params.password });
    return json as SignInChallenge;
  },

  async logout() {
    const hadSession = cached !== null || csrfToken.get() !== null;
    forget();
    if (hadSession) {
      try {
        await post('/api/auth/sign-out', {});
      } catch {
        // Already signed out (expired or revoked session): nothing left to end.
      }
    }
    csrfToken.clear();
  },

  async checkAuth() {
    try {
      await currentSession();
    } catch (error) {
      // Not signed in: go to the sign-in page without a "please log in" warning.
      // react-admin's contract: a rejection whose message is false sends to the sign-in page without a notice.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (errorStatus(error) === 401) throw { message: false };
      throw error;
    }
  },

  checkError(error) {
    const status = errorStatus(error);
    const code = errorCode(error);
    // A step-up request or a wrong code is not the end of the session; 403 means "not allowed", not "signed out".
    if (status !== 401 || code === ErrorCode.STEP_UP_REQUIRED || code === ErrorCode.INVALID_CREDENTIALS) return Promise.resolve();
    // react-admin now calls logout(), which forgets the session and the CSRF token; it shows `message` (a
    // translation key) as the notice: its contract is a plain object, not an Error.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject({ message: 'app.errors.sessionEnded' });
  },

  async getIdentity(): Promise<UserIdentity> {
    const { user } = await currentSession();
    return { id: user.id, fullName: user.name, email: user.email, locale: user.locale };
  },

  async getPermissions(): Promise<Permissions> {
    const { user } = await currentSession();
    return { roles: user.roles ?? [], organizationIds: user.organizationIds ?? [] };
  },
};
