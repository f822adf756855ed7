/**
 * A Visma Authenticator device written for the tests with node:crypto only: a P-256 key pair, signed device
 * requests (timestamp + nonce) and signed answers. It follows the documented protocol, not the server's code.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { recordSecret, type TestApp } from '../create-test-app.js';

export class TestDevice {
  readonly privateKey: KeyObject;
  readonly publicKeyJwk: Record<string, unknown>;
  deviceId = '';

  constructor(readonly t: TestApp) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKeyJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  }

  signText(text: string): string {
    return sign('sha256', Buffer.from(text, 'utf8'), { key: this.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  }

  /** Enrols with the token of an enrolment URI (`…#enrol=<token>`). */
  async enrol(enrolmentUri: string, name = 'Test phone') {
    // The log scan afterwards checks that no enrolment token reached a log line.
    const token = recordSecret(new URL(enrolmentUri).hash.replace(/^#enrol=/, ''));
    const r = await this.t.http.post('/api/authenticator/devices').send({ token, name, publicKeyJwk: this.publicKeyJwk });
    if (r.status === 201) this.deviceId = r.body.deviceId;
    return r;
  }

  /** Signed request headers for `GET /api/authenticator/devices/:id/requests`. */
  headers(opts: { timestamp?: number; nonce?: string; deviceId?: string; signer?: TestDevice } = {}) {
    const id = opts.deviceId ?? this.deviceId;
    const ts = String(opts.timestamp ?? this.t.clock.nowMs());
    const nonce = opts.nonce ?? randomBytes(16).toString('base64url');
    const sig = (opts.signer ?? this).signText(`GET|/api/authenticator/devices/${id}/requests|${ts}|${nonce}`);
    return { 'X-Device-Timestamp': ts, 'X-Device-Nonce': nonce, 'X-Device-Signature': sig };
  }

  async requests(opts: Parameters<TestDevice['headers']>[0] = {}) {
    return this.t.http.get(`/api/authenticator/devices/${opts.deviceId ?? this.deviceId}/requests`).set(this.headers(opts));
  }

  async answer(pushId: string, decision: 'approve' | 'deny' | 'report', number: number, signer: TestDevice = this) {
    return this.t.http.post(`/api/authenticator/requests/${pushId}`).send({ decision, number, signature: signer.signText(`${pushId}|${decision}|${number}`) });
  }
}
