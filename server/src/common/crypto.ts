import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Passwords are hashed and checked in password-hash.ts (argon2id through the KDF gate).

/** SHA-256 for high-entropy secrets (≥ 100-bit codes, tokens): a slow KDF adds nothing there. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function hmacSha256Hex(secret: string | Buffer, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]*$/i.test(a) || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/**
 * Purposes the data encryption key is split into (HKDF-SHA256, one subkey each): the key itself never encrypts or
 * MACs anything, so a MAC can never be used to learn about the sealing key and vice versa.
 */
export type KeyPurpose = 'seal' | 'connect-sms-code' | 'connect-phone-code';

export function deriveSubkey(master: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `access-desk:${purpose}:v1`, 32));
}

/** Where a sealed value lives: `table:column:row-id`, bound into the seal as associated data. */
export function sealContext(table: string, column: string, rowId: string | number): string {
  return `${table}:${column}:${rowId}`;
}

/**
 * AES-256-GCM envelope: v2.<iv>.<tag>.<ciphertext> (base64url) under the `seal` subkey, with the value's place
 * (`table:column:row-id`) as associated data, so a sealed value copied into another row or column does not open.
 * v1 (the raw key, no associated data) is only read by the start-up re-seal and by keys:rotate.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(private readonly master: Buffer) {
    if (master.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    this.key = deriveSubkey(master, 'seal');
  }

  /** HMAC-SHA256 under the subkey for one purpose (never the data encryption key itself). */
  mac(purpose: Exclude<KeyPurpose, 'seal'>, data: string): string {
    return hmacSha256Hex(deriveSubkey(this.master, purpose), data);
  }

  seal(plain: string, context: string): string {
    if (!context) throw new Error('A sealed value needs its context (table:column:row-id)');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v2' || !iv || !tag || ct === undefined) throw new Error('Not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  static isLegacy(sealed: string): boolean {
    return sealed.startsWith('v1.');
  }

  /** Reads a v1 value (sealed with the raw key, without associated data): only for migrating it to v2. */
  openLegacy(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('Not a v1 sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.master, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Opens either format (keys:rotate and the re-seal read whatever is stored). */
  openAny(sealed: string, context: string): string {
    return SecretBox.isLegacy(sealed) ? this.openLegacy(sealed) : this.open(sealed, context);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 20 Crockford base32 characters (100 bits) as XXXX-XXXX-XXXX-XXXX-XXXX. */
export function formatOneTimeCode(bytes: Buffer): string {
  if (bytes.length < 13) throw new Error('need at least 13 random bytes');
  let bits = 0n;
  for (const b of bytes.subarray(0, 13)) bits = (bits << 8n) | BigInt(b);
  bits >>= 4n; // 104 → 100 bits
  let out = '';
  for (let i = 0; i < 20; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Canonical form for comparing: upper case, no dashes or spaces, Crockford's I/L→1, O→0. Null when malformed. */
export function normalizeOneTimeCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const s = input.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{20}$/.test(s)) return null;
  return s;
}

export function hashOneTimeCode(input: string): string | null {
  const n = normalizeOneTimeCode(input);
  return n ? sha256('otc:' + n) : null;
}
