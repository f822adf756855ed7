import type { PendingPush, PushAnswerOutcome, PushDecision } from '../../../shared/two-factor.js';
import { deviceRequestPayload, DEVICE_HEADERS, pushAnswerPayload } from '../../../shared/two-factor.js';
import { ApiError } from './api.js';
import { field, h, mount } from './dom.js';
import { day, errorMessage, locale, t, time } from './i18n/index.js';
import { languageSwitcher } from './ui.js';

/**
 * /connect/authenticator: a small web page that plays the Visma Authenticator phone app for demos and tests.
 * It enrols by the enrolment URI (`…/connect/authenticator#enrol=<token>`), keeps a P-256 key pair made by WebCrypto
 * with a NON-extractable private key in IndexedDB, lists pending sign-ins with device-signed requests
 * (timestamp + nonce) and signs its answers over `pushId|decision|number`.
 */

interface StoredDevice {
  deviceId: string;
  name: string;
  privateKey: CryptoKey;
  enrolledAt: string;
}

const DB_NAME = 'visma-authenticator';
const STORE = 'device';

function idb<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onsuccess = () => {
      const tx = open.result.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      req.onsuccess = () => resolve(req.result as T);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      tx.oncomplete = () => open.result.close();
    };
  });
}
const loadDevice = () => idb<StoredDevice | undefined>('readonly', (s) => s.get('current'));
const saveDevice = (d: StoredDevice) => idb<unknown>('readwrite', (s) => s.put(d, 'current'));
const forgetDevice = () => idb<unknown>('readwrite', (s) => s.delete('current'));

function b64url(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function signText(key: CryptoKey, text: string): Promise<string> {
  // WebCrypto's ECDSA signature is r||s (IEEE P1363), the form the server expects.
  return b64url(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(text)));
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: object, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'omit', headers: { Accept: 'application/json', 'Accept-Language': locale(), ...headers } };
  if (body) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (json && typeof json === 'object' ? json : {}) as { code?: string; message?: string; errors?: Record<string, string> };
    throw new ApiError(res.status, { statusCode: res.status, code: e.code ?? 'INTERNAL', message: e.message ?? res.statusText, errors: e.errors });
  }
  return json as T;
}

function shell(...children: (Node | string | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'card phone', testid: 'phone' },
    h('header', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'V'), h('span', null, t('push.brand')), languageSwitcher()),
    ...children,
  );
}

function tokenFrom(text: string): string | null {
  const m = /#enrol=([A-Za-z0-9_-]{20,200})/.exec(text.trim());
  return m ? m[1] : null;
}

function enrolPage(root: HTMLElement, initialToken: string | null): void {
  const link = h('input', { value: initialToken ? location.href : '', placeholder: 'https://…/connect/authenticator#enrol=…', testid: 'enrolment-link', autocomplete: 'off' });
  const name = h('input', { value: t('phoneApp.defaultName'), testid: 'device-name', maxlength: 100 });
  const err = h('div', { class: 'error', role: 'alert', testid: 'error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'phone-enrol' }, t('phoneApp.add'));
  const form = h('form', { novalidate: true }, err, field(t('phoneApp.link'), link), field(t('phoneApp.deviceName'), name), submit);
  const enrol = async () => {
    err.hidden = true;
    submit.disabled = true;
    try {
      const token = tokenFrom(link.value);
      if (!token) throw new ApiError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'NOT_ENROLMENT_LINK' });
      // The private key never leaves WebCrypto: not extractable, stored as a CryptoKey object in IndexedDB.
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
      const r = await call<{ deviceId: string }>('POST', '/api/authenticator/devices', { token, name: name.value, publicKeyJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } });
      await saveDevice({ deviceId: r.deviceId, name: name.value.trim(), privateKey: pair.privateKey, enrolledAt: new Date().toISOString() });
      history.replaceState(null, '', '/connect/authenticator');
      await phonePage(root);
    } catch (e) {
      err.replaceChildren(h('p', null, e instanceof ApiError && e.body.message === 'NOT_ENROLMENT_LINK' ? t('phoneApp.notALink') : errorMessage(e instanceof ApiError ? e.body.code : undefined)));
      err.hidden = false;
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void enrol();
  });
  mount(root, shell(h('h1', { testid: 'page-title' }, t('phoneApp.addTitle')), h('p', null, t('phoneApp.addIntro')), form));
}

function requestCard(device: StoredDevice, p: PendingPush, onDone: (o: PushAnswerOutcome, decision: PushDecision) => void): HTMLElement {
  const err = h('div', { class: 'error', role: 'alert', hidden: true });
  const answer = async (decision: PushDecision, number: number) => {
    try {
      const signature = await signText(device.privateKey, pushAnswerPayload(p.pushId, decision, number));
      onDone(await call<PushAnswerOutcome>('POST', `/api/authenticator/requests/${p.pushId}`, { decision, number, signature }), decision);
    } catch (e) {
      err.replaceChildren(h('p', null, e instanceof ApiError && e.status !== 0 ? errorMessage(e.body.code) : t('phoneApp.sendFailed')));
      err.hidden = false;
    }
  };
  return h(
    'div',
    { class: 'push-request', testid: 'push-request' },
    h('h2', { class: 'h2' }, t('phoneApp.question')),
    h('p', null, h('strong', null, p.application), ` — ${p.email}`),
    h('p', { class: 'hint', testid: 'push-where' }, `${p.location.browser ?? t('phoneApp.unknownBrowser')} · ${p.location.ip ?? t('phoneApp.unknownAddress')} · ${time(p.createdAt)}`),
    h('p', null, t('phoneApp.tapNumber')),
    h('div', { class: 'push-choices' }, ...p.choices.map((n) => h('button', { type: 'button', class: 'push-choice', testid: `choice-${n}`, onclick: () => void answer('approve', n) }, String(n)))),
    err,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', testid: 'push-deny', onclick: () => void answer('deny', 0) }, t('phoneApp.deny')),
      h('button', { type: 'button', class: 'secondary danger', testid: 'push-report', onclick: () => void answer('report', 0) }, t('phoneApp.report')),
    ),
  );
}

/** The phone's answer outcome (its reason, else its status) → catalog key. */
const OUTCOME: Record<string, string> = {
  approved: 'phoneApp.approved',
  'wrong-number': 'phoneApp.wrongNumber',
  denied: 'phoneApp.denied',
  reported: 'phoneApp.reported',
};

/** The device's home: pending sign-in requests, polled with signed requests. */
export async function phonePage(root: HTMLElement): Promise<void> {
  document.title = t('push.brand');
  const token = tokenFrom(location.hash);
  const device = await loadDevice();
  if (token || !device) return enrolPage(root, token);
  const list = h('div', { testid: 'push-requests' });
  const note = h('p', { class: 'notice', testid: 'phone-outcome', hidden: true });
  const status = h('p', { class: 'hint', testid: 'phone-status' }, t('phoneApp.none'));
  const page = shell(
    h('h1', { testid: 'page-title' }, device.name),
    h('p', { class: 'hint' }, t('phoneApp.enrolled', { date: day(device.enrolledAt) })),
    note,
    status,
    list,
    h(
      'p',
      { class: 'links' },
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          testid: 'phone-forget',
          onclick: async () => {
            await forgetDevice();
            await phonePage(root);
          },
        },
        t('phoneApp.forget'),
      ),
    ),
  );
  mount(root, page);
  const shown = new Set<string>();
  const poll = async () => {
    if (!root.contains(page)) return;
    try {
      const path = `/api/authenticator/devices/${device.deviceId}/requests`;
      const timestamp = String(Date.now());
      const nonce = b64url(crypto.getRandomValues(new Uint8Array(18)));
      const signature = await signText(device.privateKey, deviceRequestPayload('GET', path, timestamp, nonce));
      const pending = await call<PendingPush[]>('GET', path, undefined, { [DEVICE_HEADERS.timestamp]: timestamp, [DEVICE_HEADERS.nonce]: nonce, [DEVICE_HEADERS.signature]: signature });
      for (const el of [...list.children] as HTMLElement[]) if (!pending.some((p) => p.pushId === el.dataset.pushId)) el.remove();
      for (const p of pending) {
        if (shown.has(p.pushId)) continue;
        shown.add(p.pushId);
        const c = requestCard(device, p, (o) => {
          c.remove();
          const key = OUTCOME[o.reason ?? o.status] ?? OUTCOME[o.status];
          note.textContent = key ? t(key) : t('push.endedOther');
          note.hidden = false;
        });
        c.dataset.pushId = p.pushId;
        list.append(c);
      }
      status.hidden = list.children.length > 0;
    } catch (e) {
      status.hidden = false;
      status.textContent = e instanceof ApiError && e.status === 401 ? t('phoneApp.notEnrolled') : t('phoneApp.unreachable');
    }
    setTimeout(() => void poll(), 1500);
  };
  void poll();
}
