import type { ConnectStage } from '../../../shared/connect.js';
import type { ConnectPolicyView, DeviceEnrolmentStart, PushResult, PushStarted, AuthenticatorDeviceView } from '../../../shared/two-factor.js';
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { day, t } from './i18n/index.js';
import { afterSignIn, button, card, errorBox, navigate, safe, showError, state } from './ui.js';
import { otherMethods } from './methods.js';

/**
 * Visma Authenticator push on the sign-in page (number matching), "remember this device" (Adaptive policy),
 * setting up Visma Authenticator from the signed-in page, and the return to Severa after a Connect sign-in.
 */

const root = () => document.getElementById('connect-root')!;
/** Set by /connect?continue=severa (GET /severa/sign-in): after signing in, go on to Severa. */
const CONTINUE_KEY = 'visma-connect.continue';

export function rememberContinue(): void {
  const c = new URLSearchParams(location.search).get('continue');
  if (c === 'severa') sessionStorage.setItem(CONTINUE_KEY, 'severa');
}

/** After a completed sign-in: on to Severa when that is where the person came from. Returns true when leaving. */
export function continueIfAsked(): boolean {
  if (sessionStorage.getItem(CONTINUE_KEY) !== 'severa') return false;
  sessionStorage.removeItem(CONTINUE_KEY);
  location.assign('/severa/sign-in');
  return true;
}

/** How a push ended (its reason, else its status) → catalog key. */
const ENDED: Record<string, string> = {
  'wrong-number': 'push.endedWrongNumber',
  denied: 'push.endedDenied',
  reported: 'push.endedReported',
  expired: 'push.endedExpired',
  superseded: 'push.endedSuperseded',
};

/** The second-factor step with Visma Authenticator: shows the number, waits for the phone's answer (long poll). */
export async function pushPage(): Promise<void> {
  if (!state.challenge) return navigate('/connect');
  const err = errorBox();
  let push: PushStarted;
  try {
    push = await api<PushStarted>('POST', '/sign-in/push', { challenge: state.challenge });
  } catch (e) {
    if (e instanceof ApiError && e.body.code === 'PUSH_PAUSED') {
      return mount(root(), card(t('push.pausedTitle'), h('p', { testid: 'push-paused' }, t('push.pausedText')), otherMethods('push', false)));
    }
    throw e;
  }
  const status = h('p', { class: 'hint', testid: 'push-status', 'aria-live': 'polite' }, t('push.waiting'));
  const numberEl = h('p', { class: 'push-number', testid: 'push-number' }, String(push.number));
  const page = card(
    t('push.title'),
    h('p', null, t('push.tapNumber')),
    numberEl,
    status,
    err,
    h('p', { class: 'links' }, h('button', { type: 'button', class: 'link', testid: 'use-another-method', onclick: () => mount(root(), card(t('code.another'), otherMethods('push', false))) }, t('code.another'))),
  );
  mount(root(), page);
  const challenge = state.challenge;
  // Long poll until the push is answered, expires, or the person leaves this page.
  for (;;) {
    if (!root().contains(page) || state.challenge !== challenge) return;
    let r: PushResult;
    try {
      r = await api<PushResult>('POST', '/sign-in/push/result', { challenge, pushId: push.pushId, waitSeconds: 8 });
    } catch (e) {
      if (root().contains(page)) showError(err, e);
      return;
    }
    if (!root().contains(page)) return;
    if (r.status === 'approved') return afterSignIn(r.next as ConnectStage);
    if (r.status !== 'pending') {
      status.textContent = t(ENDED[r.reason ?? r.status] ?? ENDED[r.status] ?? 'push.endedOther');
      status.className = 'error';
      numberEl.classList.add('ended');
      status.dataset.testid = 'push-ended';
      page.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', testid: 'push-again', onclick: safe(() => pushPage()) }, t('push.again'))), otherMethods('push', false));
      return;
    }
  }
}

/** Adaptive policy: right after a second factor, "Remember this device for 30 days?". Resolves when answered (or not offered). */
export async function rememberOffer(): Promise<void> {
  const view = await api<ConnectPolicyView>('GET', '/two-factor-policy');
  if (!view.rememberOffered || sessionStorage.getItem('visma-connect.remember-asked') === '1') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      sessionStorage.setItem('visma-connect.remember-asked', '1');
      resolve();
    };
    const err = errorBox();
    mount(
      root(),
      card(
        t('push.rememberTitle'),
        h('p', null, t('push.rememberIntro')),
        h('p', { class: 'hint' }, t('push.rememberHint')),
        err,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', testid: 'remember-skip', onclick: done }, t('push.notNow')),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              testid: 'remember-device',
              onclick: () =>
                api('POST', '/remember-device')
                  .then(done)
                  .catch((e) => showError(err, e)),
            },
            t('push.remember'),
          ),
        ),
      ),
    );
  });
}

/** One device as a line: its name, when it was added and last used. */
export function deviceLine(d: AuthenticatorDeviceView): HTMLElement[] {
  return [h('span', { testid: 'device-name' }, d.name), h('small', null, ' — ', d.lastUsedAt ? t('push.addedUsed', { date: day(d.createdAt), used: day(d.lastUsedAt) }) : t('push.added', { date: day(d.createdAt) }))];
}

/**
 * "Set up Visma Authenticator" / "Add another device": asks for an enrolment link (the server wants a fresh second
 * factor), shows its QR code and link, and calls `onEnrolled` once the phone has answered.
 */
export function deviceEnrolment(known: number, onEnrolled: () => Promise<void>, disabled = false): HTMLElement {
  const err = errorBox();
  const out = h('div', { testid: 'device-enrolment' });
  const box: HTMLElement = h(
    'div',
    null,
    err,
    out,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        testid: 'enrol-device',
        disabled,
        onclick: safe(async () => {
          err.hidden = true;
          try {
            const e = await api<DeviceEnrolmentStart>('POST', '/devices/enrolment');
            mount(
              out,
              h('p', null, t('push.scan')),
              h('div', { class: 'qr' }, h('img', { src: e.qrPngDataUrl, alt: t('push.qrAlt'), width: 240, height: 240, testid: 'device-qr' })),
              h('p', { class: 'secret', testid: 'enrolment-uri' }, e.enrolmentUri),
            );
            // Until the link expires, watch for the new device and show it when the phone has answered.
            const until = new Date(e.expiresAt).getTime();
            const watch = async () => {
              if (!document.body.contains(box) || Date.now() > until) return;
              const now = await api<AuthenticatorDeviceView[]>('GET', '/devices').catch(() => null);
              if (now && now.length > known) return onEnrolled();
              setTimeout(() => void watch(), 2000);
            };
            setTimeout(() => void watch(), 2000);
          } catch (e) {
            // CONNECT_STEP_UP_REQUIRED reads as "confirm it is you first (Security settings)" from the catalog.
            showError(err, e);
          }
        }),
      },
      known ? t('push.addAnother') : t('push.setUp'),
    ),
  );
  return box;
}

/** The signed-in page's Visma Authenticator section: the person's devices and "Set up Visma Authenticator". */
export async function authenticatorSection(): Promise<HTMLElement> {
  const devices = await api<AuthenticatorDeviceView[]>('GET', '/devices');
  const section: HTMLElement = h(
    'section',
    { class: 'methods', testid: 'authenticator-section' },
    h('h2', { class: 'h2' }, t('push.brand')),
    devices.length ? h('ul', { testid: 'devices' }, ...devices.map((d) => h('li', null, ...deviceLine(d)))) : h('p', { class: 'hint' }, t('push.recommended')),
    deviceEnrolment(devices.length, async () => section.replaceWith(await authenticatorSection())),
  );
  return section;
}

export { button };
