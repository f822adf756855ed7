import type { ConnectFactor, ConnectStage } from '../../../shared/connect.js';
import { api } from './api.js';
import { field, h, mount } from './dom.js';
import { passkeySignIn } from './passkey.js';
import { pushPage } from './push-ui.js';
import { afterSignIn, button, card, errorBox, form, input, linkTo, navigate, root, safe, showError, state } from './ui.js';

/**
 * The sign-in's second step and "Try another way". The methods are data: each factor the server offers
 * (`state.factors`, the person's default first) maps to one or more entries here; a new method adds one entry.
 */
interface MethodEntry {
  testid: string;
  label: string;
  hint: string;
  open: () => void;
}

const METHOD_ENTRIES: Record<ConnectFactor, () => MethodEntry[]> = {
  push: () => [{ testid: 'method-push', label: 'Approve with Visma Authenticator', hint: 'A notification to the Visma Authenticator app on your phone', open: () => void pushPage() }],
  passkey: () => [{ testid: 'method-passkey', label: 'Passkey or security key', hint: 'Your fingerprint, face or screen lock, or a USB security key', open: () => passkeyPage() }],
  totp: () => [{ testid: 'method-totp', label: 'Authenticator app', hint: 'A 6-digit code from the app on your phone', open: () => codePage('totp') }],
  sms: () => [{ testid: 'method-sms', label: 'Get the security code sent as an SMS', hint: 'To your verified phone number', open: () => sendSms() }],
  'one-time-code': () => [
    { testid: 'method-emergency-code', label: 'Emergency code', hint: 'The one-time code you saved when you set up two-step verification', open: () => navigate('/connect/one-time-code') },
    { testid: 'method-one-time-code', label: 'One-time code from customer service', hint: 'A code Severa customer service gave you after checking who you are', open: () => navigate('/connect/one-time-code') },
  ],
};

/** Opens the first method the server offers (the person's default). */
export function openFirstMethod(): void {
  const first = state.factors.find((f) => f !== 'one-time-code');
  if (!first) return navigate('/connect/one-time-code');
  METHOD_ENTRIES[first]()[0].open();
}

/**
 * "Use another method": every other way this person has (push, passkey, authenticator code, SMS, emergency code,
 * a code from customer service), in the server's order. The one list for every second-step page, push included.
 */
export function otherMethods(current: ConnectFactor, hidden = true): HTMLElement {
  const entries = state.factors.filter((f) => f !== current).flatMap((f) => METHOD_ENTRIES[f]());
  return h(
    'div',
    { class: 'methods', hidden, testid: 'other-methods' },
    h('p', null, 'Choose another way to confirm it is you:'),
    ...entries.map((e) => h('button', { type: 'button', class: 'method', testid: e.testid, onclick: e.open }, e.label, h('small', null, e.hint))),
  );
}

function anotherWay(current: ConnectFactor): HTMLElement[] {
  const others = otherMethods(current);
  return [h('p', { class: 'links' }, h('button', { type: 'button', class: 'link', testid: 'use-another-method', onclick: () => (others.hidden = !others.hidden) }, 'Use another method')), others];
}

const sendSms = safe(async () => {
  const r = await api<{ sentTo: string }>('POST', '/sign-in/sms/send', { challenge: state.challenge });
  codePage('sms');
  root.querySelector('[data-testid="sms-sent"]')!.textContent = `We sent a 6-digit code by SMS to ${r.sentTo}.`;
});

/** The authenticator or SMS code. */
export function codePage(kind: 'totp' | 'sms'): void {
  if (!state.challenge) return navigate('/connect');
  const code = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]*', placeholder: 'enter your 6-digit code', testid: 'totp-code' });
  mount(
    root,
    card(
      kind === 'totp' ? 'Enter the code from your authenticator app' : 'Enter the code we sent by SMS',
      h('p', { testid: 'sms-sent' }, kind === 'totp' ? 'Open the authenticator app on your phone and enter the 6-digit code shown for Visma Connect.' : ''),
      form(
        'code-form',
        async () => {
          const r = await api<{ next: ConnectStage }>('POST', kind === 'totp' ? '/sign-in/totp' : '/sign-in/sms', { challenge: state.challenge, code: code.value.trim() });
          afterSignIn(r.next);
        },
        field('Security code', code),
        button('Verify', { testid: 'verify' }),
      ),
      ...anotherWay(kind),
    ),
  );
  code.focus();
}

/** The passkey or security key, after the password. */
export function passkeyPage(): void {
  if (!state.challenge) return navigate('/connect');
  mount(
    root,
    card(
      'Use your passkey or security key',
      h('p', null, 'Confirm with your fingerprint, face or screen lock, or insert and touch your security key when your browser asks.'),
      form(
        'passkey-form',
        async () => {
          const r = await passkeySignIn(state.challenge);
          afterSignIn(r.next);
        },
        button('Use passkey or security key', { testid: 'use-passkey' }),
      ),
      ...anotherWay('passkey'),
    ),
  );
}

/** The one-time code: from customer service, or the emergency code. */
export function oneTimeCodePage(): void {
  if (!state.challenge) return navigate('/connect');
  const code = input({ autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'XXXX-XXXX-XXXX-XXXX-XXXX', maxlength: 40, testid: 'one-time-code' });
  mount(
    root,
    card(
      'One-time code',
      h('p', null, 'Enter the one-time code you received from Severa customer service, or your own emergency code. Upper or lower case, with or without dashes.'),
      form(
        'one-time-code-form',
        async () => {
          await api('POST', '/sign-in/one-time-code', { challenge: state.challenge, code: code.value });
          navigate('/connect/lost');
        },
        field('One-time code', code),
        button('Confirm', { testid: 'confirm-one-time-code' }),
      ),
      h('p', { class: 'links' }, linkTo('/connect', 'Back to sign in')),
    ),
  );
  code.focus();
}

/** "Sign in with security key or biometrics" on the first page (seed 004): no e-mail, no password. */
export function passwordlessButton(): HTMLElement {
  const err = errorBox();
  return h(
    'div',
    { class: 'passwordless' },
    h('p', { class: 'or' }, h('span', null, 'or')),
    err,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary wide',
        testid: 'sign-in-passkey',
        onclick: async () => {
          err.hidden = true;
          try {
            const r = await passkeySignIn(null);
            afterSignIn(r.next);
          } catch (e) {
            showError(err, e);
          }
        },
      },
      'Sign in with security key or biometrics',
    ),
  );
}
