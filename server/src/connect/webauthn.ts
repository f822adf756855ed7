import type { AuthenticatorTransport } from '@simplewebauthn/server';
import type { AppConfig } from '../config/app-config.js';
import type { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import type { PasskeyKind, PasskeyView } from '../../../shared/security-settings.js';

/**
 * @simplewebauthn/server and its ASN.1 / COSE stack (~300 modules, about a tenth of a cold start's CPU) are loaded by
 * the first WebAuthn ceremony, not at start (issue 17: cold start). The same module instance every time.
 */
let lib: Promise<typeof import('@simplewebauthn/server')> | undefined;
export const webauthnLib = (): Promise<typeof import('@simplewebauthn/server')> => (lib ??= import('@simplewebauthn/server'));

/** Base64url (no padding) as WebAuthn and @simplewebauthn speak it, with Node's own codec. */
export const fromBase64Url = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, 'base64url'));
export const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** How long a WebAuthn challenge (registration, sign-in, step-up) may be answered. */
export const WEBAUTHN_CHALLENGE_SECONDS = 5 * 60;
export const RP_NAME = 'Visma Connect';

export interface RelyingParty {
  /** The registrable domain passkeys are bound to: PUBLIC_URL's host name (localhost by default). */
  id: string;
  name: string;
  /** The exact origin the browser reports in clientDataJSON. */
  origin: string;
}

/** Relying-party ID and origin from PUBLIC_URL; without it, http://localhost:<PORT>. */
export function relyingParty(config: Pick<AppConfig, 'publicUrl' | 'port'>): RelyingParty {
  const url = new URL(config.publicUrl ?? `http://localhost:${config.port}`);
  return { id: url.hostname, name: RP_NAME, origin: url.origin };
}

/**
 * A platform authenticator (Touch ID, Windows Hello, a phone) or a synced passkey is a `passkey`; a roaming
 * authenticator reached over USB, NFC or Bluetooth (a YubiKey) is a `security-key`.
 */
export function passkeyKind(transports: string[], deviceType: string): PasskeyKind {
  if (transports.includes('internal') || transports.includes('hybrid') || deviceType === 'multiDevice') return 'passkey';
  return 'security-key';
}

export function passkeyView(c: WebAuthnCredential): PasskeyView {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind as PasskeyKind,
    deviceType: c.deviceType,
    backedUp: c.backedUp,
    transports: c.transports ?? [],
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt ? c.lastUsedAt.toISOString() : null,
  };
}

export function transportsOf(c: Pick<WebAuthnCredential, 'transports'>): AuthenticatorTransport[] {
  return (c.transports ?? []) as AuthenticatorTransport[];
}

/** A name a person gives a key: trimmed, single-spaced, 1–60 characters, no control characters. */
export function cleanPasskeyName(input: string): string | null {
  // eslint-disable-next-line no-control-regex -- removing control characters is this expression's purpose
  const s = input.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
  return s.length >= 1 && s.length <= 60 ? s : null;
}
