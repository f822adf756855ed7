/**
 * A software WebAuthn authenticator for API tests, written from the specification with node:crypto only (never the
 * server's library): P-256 keys, CBOR ("none" attestation), authenticator data with flags and a signature counter.
 * Tests can move the counter back (a cloned key), sign for another origin, or replay an answer.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Buffer | Cbor[] | Map<Cbor, Cbor> | { [k: string]: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** RFC 8949, the subset WebAuthn needs: integers, byte and text strings, arrays, maps. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const b64u = (b: Buffer) => b.toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  counter: number;
  userHandle: string;
  rpId: string;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(
    readonly origin: string,
    readonly opts: { transports?: string[]; attachment?: 'platform' | 'cross-platform'; backupEligible?: boolean; userVerification?: boolean } = {},
  ) {}

  private flags(extra: number): number {
    const uv = this.opts.userVerification === false ? 0 : 0x04;
    const be = this.opts.backupEligible ? 0x08 | 0x10 : 0;
    return 0x01 | uv | be | extra;
  }

  /** Answers navigator.credentials.create() for the options the server gave. */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, override: { origin?: string; challenge?: string } = {}) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const credId = randomBytes(32);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(credId.length);
    const counter = Buffer.alloc(4);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(0x40)]), counter, Buffer.alloc(16), len, credId, cose]);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: override.challenge ?? options.challenge, origin: override.origin ?? this.origin, crossOrigin: false }));
    const cred: SoftCredential = { id: b64u(credId), privateKey, counter: 0, userHandle: options.user.id, rpId };
    this.credentials.push(cred);
    return {
      id: cred.id,
      rawId: cred.id,
      type: 'public-key',
      authenticatorAttachment: this.opts.attachment ?? 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientData),
        attestationObject: b64u(cbor({ fmt: 'none', attStmt: new Map(), authData })),
        transports: this.opts.transports ?? ['internal'],
      },
    };
  }

  /** Answers navigator.credentials.get(): the credential's counter goes up by one unless `counter` is given. */
  assert(options: { challenge: string; rpId?: string }, pick: { credential?: SoftCredential; counter?: number; origin?: string } = {}) {
    const cred = pick.credential ?? this.credentials[0];
    if (!cred) throw new Error('no credential');
    cred.counter = pick.counter ?? cred.counter + 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(cred.counter);
    const authData = Buffer.concat([sha256(options.rpId ?? cred.rpId), Buffer.from([this.flags(0)]), counter]);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: pick.origin ?? this.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), cred.privateKey);
    return {
      id: cred.id,
      rawId: cred.id,
      type: 'public-key',
      authenticatorAttachment: this.opts.attachment ?? 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: b64u(clientData), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: cred.userHandle },
    };
  }
}
