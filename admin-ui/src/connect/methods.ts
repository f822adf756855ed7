import type { ConnectFactor, ConnectStage } from '../../../shared/connect.js';
import { api } from './api.js';
import { field, h, mount } from './dom.js';
import { t } from './i18n/index.js';
import { passkeySignIn } from './passkey.js';
import { pushPage } from './push-ui.js';
import { afterSignIn, button, card, check, errorBox, form, input, linkTo, navigate, root, safe, showError, state } from './ui.js';

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
  push: () => [{ testid: 'method-push', label: t('methods.pushLabel'), hint: t('methods.pushHint'), open: () => void pushPage() }],
  passkey: () => [{ testid: 'method-passkey', label: t('methods.passkeyLabel'), hint: t('methods.passkeyHint'), open: () => passkeyPage() }],
  totp: () => [{ testid: 'method-totp', label: t('code.methodTotp'), hint: t('methods.totpHint'), open: () => codePage('totp') }],
  sms: () => [{ testid: 'method-sms', label: t('code.methodSms'), hint: t('methods.smsHint'), open: () => sendSms() }],
  'one-time-code': () => [
    { testid: 'method-emergency-code', label: t('methods.emergencyLabel'), hint: t('methods.emergencyHint'), open: () => navigate('/connect/one-time-code') },
    { testid: 'method-one-time-code', label: t('methods.serviceLabel'), hint: t('methods.serviceHint'), open: () => navigate('/connect/one-time-code') },
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
    h('p', null, t('code.chooseAnother')),
    ...entries.map((e) => h('button', { type: 'button', class: 'method', testid: e.testid, onclick: e.open }, e.label, h('small', null, e.hint))),
  );
}

/** "Use another method" opens the list below it, and the same button ("Hide other methods") closes it again. */
function anotherWay(current: ConnectFactor): HTMLElement[] {
  const others = otherMethods(current);
  others.id = 'other-methods';
  const toggle = h('button', { type: 'button', class: 'link', testid: 'use-another-method', 'aria-expanded': 'false', 'aria-controls': 'other-methods' }, t('code.another'));
  toggle.addEventListener('click', () => {
    others.hidden = !others.hidden;
    toggle.setAttribute('aria-expanded', String(!others.hidden));
    toggle.textContent = others.hidden ? t('code.another') : t('code.anotherHide');
  });
  return [h('p', { class: 'links' }, toggle), others];
}

const sendSms = safe(async () => {
  const r = await api<{ sentTo: string }>('POST', '/sign-in/sms/send', { challenge: state.challenge });
  codePage('sms');
  root.querySelector('[data-testid="sms-sent"]')!.textContent = t('code.smsSent', { number: r.sentTo });
});

/** The authenticator or SMS code. */
export function codePage(kind: 'totp' | 'sms'): void {
  if (!state.challenge) return navigate('/connect');
  const code = input({ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]*', placeholder: t('code.placeholder'), testid: 'totp-code' });
  mount(
    root,
    card(
      kind === 'totp' ? t('code.titleTotp') : t('code.titleSms'),
      h('p', { testid: 'sms-sent' }, kind === 'totp' ? t('code.introTotp') : ''),
      form(
        'code-form',
        async () => {
          check(['code', !/^\d{6}$/.test(code.value.trim()), t('code.bad')]);
          const r = await api<{ next: ConnectStage }>('POST', kind === 'totp' ? '/sign-in/totp' : '/sign-in/sms', { challenge: state.challenge, code: code.value.trim() });
          afterSignIn(r.next);
        },
        field(t('code.label'), code),
        button(t('code.verify'), { testid: 'verify' }),
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
      t('methods.passkeyTitle'),
      h('p', null, t('methods.passkeyIntro')),
      form(
        'passkey-form',
        async () => {
          const r = await passkeySignIn(state.challenge);
          afterSignIn(r.next);
        },
        button(t('methods.passkeyUse'), { testid: 'use-passkey' }),
      ),
      ...anotherWay('passkey'),
    ),
  );
}

/** The one-time code: from customer service, or the emergency code. */
export function oneTimeCodePage(): void {
  if (!state.challenge) return navigate('/connect');
  const code = input({ name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'XXXX-XXXX-XXXX-XXXX-XXXX', maxlength: 40, testid: 'one-time-code' });
  mount(
    root,
    card(
      t('oneTime.title'),
      h('p', null, t('oneTime.intro')),
      form(
        'one-time-code-form',
        async () => {
          check(['code', !code.value.trim(), t('oneTime.missing')]);
          await api('POST', '/sign-in/one-time-code', { challenge: state.challenge, code: code.value });
          navigate('/connect/lost');
        },
        field(t('oneTime.label'), code),
        button(t('oneTime.confirm'), { testid: 'confirm-one-time-code' }),
      ),
      h('p', { class: 'links' }, linkTo('/connect', t('oneTime.back'))),
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
    h('p', { class: 'or' }, h('span', null, t('methods.or'))),
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
      t('methods.passwordless'),
    ),
  );
}
