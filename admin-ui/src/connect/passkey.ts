import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ConnectStage } from '../../../shared/connect.js';
import type { PasskeyView } from '../../../shared/security-settings.js';
import { api, ApiError } from './api.js';

/** Passkeys and security keys in the browser (@simplewebauthn/browser): the server makes and checks every challenge. */

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** A cancelled or timed-out browser prompt becomes a plain message on the page, not a stack trace. */
function browserError(e: unknown): never {
  if (e instanceof ApiError) throw e;
  const name = e instanceof WebAuthnError ? e.code : e instanceof Error ? e.name : '';
  // A code, like the API's refusals: the page says it in the person's language (catalog `errors`).
  const code =
    name === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError'
      ? 'PASSKEY_REGISTERED'
      : name === 'NotAllowedError' || (e instanceof WebAuthnError && e.cause instanceof Error && e.cause.name === 'NotAllowedError')
        ? 'PASSKEY_CANCELLED'
        : 'PASSKEY_UNAVAILABLE';
  throw new ApiError(400, { statusCode: 400, code, message: code });
}

/** Signs in with a passkey: after the password (`challenge`) or password-less (none). */
export async function passkeySignIn(challenge: string | null): Promise<{ next: ConnectStage }> {
  const o = await api<{ challenge: string; options: PublicKeyCredentialRequestOptionsJSON }>('POST', '/sign-in/passkey/options', challenge ? { challenge } : {});
  let response;
  try {
    response = await startAuthentication({ optionsJSON: o.options });
  } catch (e) {
    browserError(e);
  }
  return api<{ next: ConnectStage }>('POST', '/sign-in/passkey/verify', { challenge: o.challenge, response });
}

/** Registers a new passkey or security key under `name`. */
export async function registerPasskey(name: string): Promise<PasskeyView> {
  const options = await api<PublicKeyCredentialCreationOptionsJSON>('POST', '/passkeys/registration/options');
  let response;
  try {
    response = await startRegistration({ optionsJSON: options });
  } catch (e) {
    browserError(e);
  }
  return api<PasskeyView>('POST', '/passkeys/registration/verify', { response, name });
}

/** Step-up for the security settings with one of the person's passkeys. */
export async function passkeyStepUp(): Promise<void> {
  const s = await api<{ options: PublicKeyCredentialRequestOptionsJSON }>('POST', '/step-up/start', { method: 'passkey' });
  let response;
  try {
    response = await startAuthentication({ optionsJSON: s.options });
  } catch (e) {
    browserError(e);
  }
  await api('POST', '/step-up', { method: 'passkey', response });
}
