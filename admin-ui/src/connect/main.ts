import './connect.css';
import type { ConnectSignInResponse, ConnectStage, PasswordPolicyDescription } from '../../../shared/connect.js';
import { api, ApiError } from './api.js';
import { field, h, mount } from './dom.js';
import { fieldMessage, t } from './i18n/index.js';
import { oneTimeCodePage, openFirstMethod, passwordlessButton } from './methods.js';
import { passkeysSupported } from './passkey.js';
import { passkeyOffer, settingsLink, settingsPage } from './settings.js';
import { afterSignIn, button, card, check, EMAIL, errorBox, form, input, linkTo, me, navigate, requireStage, root, safe, SAVED_EMAIL, setRenderer, showError, STAGE_PAGES, state } from './ui.js';
import { authenticatorSection, continueIfAsked, rememberContinue, rememberOffer } from './push-ui.js';
import { phonePage as authenticatorPhonePage } from './phone.js';

/**
 * The public Visma Connect pages (seeds 001, 003, 004): sign-in, "Use another method → One-time code", the
 * temporarily / permanently lost choice, authenticator enrolment with a QR code, the optional SMS number, the
 * emergency code, the signed-in landing page, account activation and password reset. One page; the path says
 * which step. The sign-in challenge lives only in memory: a reload starts the sign-in again.
 */

// --- sign-in ---

async function signInPage(): Promise<void> {
  const who = await me();
  if (who) return navigate(STAGE_PAGES[who.stage]);
  const saved = localStorage.getItem(SAVED_EMAIL);
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, value: saved ?? '', testid: 'email' });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true, testid: 'password' });
  const remember = input({ type: 'checkbox', id: 'remember', checked: !!saved, testid: 'save-email' });
  mount(
    root,
    card(
      t('signIn.title'),
      form(
        'sign-in-form',
        async () => {
          check(['email', !email.value.trim(), t('signIn.missingEmail')], ['email', !EMAIL.test(email.value.trim()), t('signIn.badEmail')], ['password', !password.value, t('signIn.missingPassword')]);
          const r = await api<ConnectSignInResponse>('POST', '/sign-in', { email: email.value, password: password.value });
          // "Save my email": this browser only, never sent anywhere.
          if (remember.checked) localStorage.setItem(SAVED_EMAIL, email.value.trim());
          else localStorage.removeItem(SAVED_EMAIL);
          if (r.next === 'enrol-totp') return navigate('/connect/enrol');
          if (r.next === 'signed-in' || r.next === 'emergency-code') return afterSignIn(r.next);
          state.challenge = r.challenge;
          state.factors = r.factors;
          openFirstMethod();
        },
        field(t('signIn.email'), email),
        field(t('signIn.password'), password),
        h('div', { class: 'check' }, remember, h('label', { htmlFor: 'remember' }, t('signIn.save')), h('p', { class: 'hint' }, t('signIn.saveHint'))),
        button(t('signIn.submit'), { testid: 'sign-in' }),
      ),
      passkeysSupported() ? passwordlessButton() : null,
      h('p', { class: 'links' }, linkTo('/connect/forgot', t('signIn.forgot'), 'forgot-link')),
    ),
  );
  (saved ? password : email).focus();
}

function lostPage(): void {
  if (!state.challenge) return navigate('/connect');
  const option = (value: string, label: string, hint: string) =>
    h('label', { class: 'option' }, h('input', { type: 'radio', name: 'loss', value, testid: `loss-${value}` }), h('span', null, h('strong', null, label), h('small', null, hint)));
  mount(
    root,
    card(
      t('lost.title'),
      form(
        'loss-form',
        async () => {
          const chosen = root.querySelector<HTMLInputElement>('input[name="loss"]:checked');
          check(['loss', !chosen, t('lost.choose')]);
          if (!chosen) return;
          const r = await api<{ next: ConnectStage }>('POST', '/recovery/lost', { challenge: state.challenge, permanently: chosen.value === 'permanently' });
          afterSignIn(r.next);
        },
        h(
          'fieldset',
          { class: 'options' },
          h('legend', null, t('lost.legend')),
          option('temporarily', t('lost.temporarily'), t('lost.temporarilyHint')),
          option('permanently', t('lost.permanently'), t('lost.permanentlyHint')),
        ),
        button(t('lost.continue'), { testid: 'continue' }),
      ),
    ),
  );
}

// --- enrolment ---

async function enrolPage(): Promise<void> {
  const who = await requireStage('enrol-totp');
  if (!who) return;
  const intro = who.reason === 'permanent-loss' ? t('enrol.introPermanentLoss') : who.reason === 'activation' ? t('enrol.introActivation') : t('enrol.introRequired');
  mount(
    root,
    card(
      t('enrol.title'),
      h('p', null, intro, ' ', t('enrol.install')),
      errorBox(),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', testid: 'enrol-next', onclick: safe(() => showQr()) }, t('enrol.next'))),
    ),
  );
  const showQr = async () => {
    const s = await api<{ secret: string; otpauthUri: string; qrPngDataUrl: string }>('POST', '/enrolment/totp');
    const code = input({ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: t('code.placeholder'), testid: 'enrol-code' });
    mount(
      root,
      card(
        t('enrol.qrTitle'),
        h('p', null, t('enrol.scan', { email: who.identity.email })),
        h('div', { class: 'qr' }, h('img', { src: s.qrPngDataUrl, alt: t('enrol.qrAlt'), width: 240, height: 240, testid: 'qr' })),
        h('p', { class: 'hint' }, t('enrol.manualKey')),
        h('p', { class: 'secret', testid: 'manual-key' }, s.secret.replace(/(.{4})/g, '$1 ').trim()),
        form(
          'enrol-form',
          async () => {
            check(['code', !/^\d{6}$/.test(code.value.trim()), t('code.bad')]);
            const r = await api<{ emergencyCode: string; next: ConnectStage }>('POST', '/enrolment/totp/confirm', { code: code.value.trim() });
            state.emergencyCode = r.emergencyCode;
            navigate(STAGE_PAGES[r.next]);
          },
          field(t('enrol.codeLabel'), code),
          button(t('enrol.next'), { testid: 'enrol-confirm' }),
        ),
      ),
    );
    code.focus();
  };
}

async function phonePage(): Promise<void> {
  const who = await requireStage('add-phone');
  if (!who) return;
  const phone = input({ name: 'phoneNumber', type: 'tel', autocomplete: 'tel', placeholder: '+45 42 82 21 60', testid: 'phone' });
  const code = input({ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: t('phone.codePlaceholder'), testid: 'phone-code' });
  const verify = form(
    'phone-verify-form',
    async () => {
      check(['code', !/^\d{6}$/.test(code.value.trim()), t('code.bad')]);
      const r = await api<{ next: ConnectStage }>('POST', '/enrolment/sms/confirm', { code: code.value.trim() });
      navigate(STAGE_PAGES[r.next]);
    },
    h('p', { testid: 'phone-sent', 'aria-live': 'polite' }),
    field(t('phone.code'), code),
    button(t('phone.verify'), { testid: 'phone-verify' }),
  );
  verify.hidden = true;
  mount(
    root,
    card(
      t('phone.title'),
      h('p', null, t('phone.intro')),
      form(
        'phone-form',
        async () => {
          check(['phoneNumber', !phone.value.trim(), t('phone.missing')]);
          const r = await api<{ sentTo: string }>('POST', '/enrolment/sms', { phoneNumber: phone.value });
          verify.querySelector('[data-testid="phone-sent"]')!.textContent = t('phone.sent', { number: r.sentTo });
          verify.hidden = false;
          code.focus();
        },
        field(t('phone.number'), phone),
        button(t('phone.send'), { testid: 'phone-send' }),
      ),
      verify,
      passkeyOffer(),
      h(
        'p',
        { class: 'links' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            testid: 'phone-skip',
            onclick: safe(async () => {
              const r = await api<{ next: ConnectStage }>('POST', '/enrolment/sms/skip');
              navigate(STAGE_PAGES[r.next]);
            }),
          },
          t('phone.skip'),
        ),
      ),
    ),
  );
}

async function emergencyCodePage(): Promise<void> {
  const who = await requireStage('emergency-code');
  if (!who) return;
  // Shown once: after a reload the code in memory is gone, so a new one replaces it.
  if (!state.emergencyCode) state.emergencyCode = (await api<{ emergencyCode: string }>('POST', '/enrolment/emergency-code')).emergencyCode;
  const stored = input({ type: 'checkbox', id: 'stored', testid: 'stored' });
  const next = button(t('emergency.next'), { testid: 'emergency-next', disabled: true });
  stored.addEventListener('change', () => (next.disabled = !stored.checked));
  mount(
    root,
    card(
      t('emergency.title'),
      h('p', null, t('emergency.intro')),
      h('p', { class: 'emergency-code', testid: 'emergency-code' }, state.emergencyCode),
      form(
        'emergency-form',
        async () => {
          const r = await api<{ next: ConnectStage }>('POST', '/enrolment/emergency-code/acknowledge', { stored: stored.checked });
          state.emergencyCode = null;
          navigate(STAGE_PAGES[r.next]);
        },
        h('div', { class: 'check' }, stored, h('label', { htmlFor: 'stored' }, t('emergency.stored'))),
        next,
      ),
    ),
  );
}

async function homePage(): Promise<void> {
  const who = await requireStage('signed-in');
  if (!who) return;
  await rememberOffer();
  if (continueIfAsked()) return;
  const factors = [who.factors.passkeys ? t('signedIn.passkeys', { smart_count: who.factors.passkeys }) : null, who.factors.totp ? t('home.totp') : null, who.factors.sms ? t('home.sms', { number: who.factors.smsNumber }) : null, who.factors.emergencyCode ? t('home.emergency') : null].filter(Boolean).join(', ');
  mount(
    root,
    card(
      t('home.title'),
      h('p', { class: 'signed-in', testid: 'signed-in-as' }, t('home.signedInAs', { name: who.identity.displayName, email: who.identity.email })),
      h('p', { testid: 'factors' }, t('home.factors', { factors: factors || t('home.none') })),
      h('p', null, settingsLink()),
      await authenticatorSection(),
      h('p', { class: 'links' }, h('a', { href: '/severa/sign-in', testid: 'open-severa' }, t('signedIn.openSevera'))),
      errorBox(),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            testid: 'sign-out',
            onclick: safe(async () => {
              await api('POST', '/sign-out');
              navigate('/connect');
            }),
          },
          t('home.signOut'),
        ),
      ),
    ),
  );
}

// --- activation, password reset ---

async function policyList(): Promise<HTMLElement> {
  const p = await api<PasswordPolicyDescription>('GET', '/password-policy');
  return h('div', null, h('p', { class: 'hint', id: 'password-rules-title' }, t('token.rules')), h('ul', { class: 'rules', testid: 'password-rules', 'aria-labelledby': 'password-rules-title' }, ...p.ruleCodes.map((r) => h('li', null, fieldMessage(r)))));
}

function newLinkForm(message: string): HTMLElement {
  const email = input({ name: 'email', type: 'email', autocomplete: 'email', testid: 'new-link-email' });
  const done = h('p', { class: 'notice', testid: 'new-link-sent', hidden: true, role: 'status' });
  const f = form(
    'new-link-form',
    async () => {
      check(['email', !email.value.trim(), t('signIn.missingEmail')], ['email', !EMAIL.test(email.value.trim()), t('signIn.badEmail')]);
      await api<{ message: string }>('POST', '/password-reset/request', { email: email.value });
      done.textContent = t('forgot.sent', { email: email.value.trim() });
      done.hidden = false;
      f.hidden = true;
    },
    field(t('forgot.email'), email),
    button(t('forgot.send'), { testid: 'new-link' }),
  );
  return h('div', null, h('p', { testid: 'link-problem' }, message), f, done);
}

async function tokenPage(kind: 'activate' | 'reset'): Promise<void> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  let info: { purpose: string; email: string; displayName: string };
  try {
    info = await api('POST', '/links/inspect', { token });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 410 || e.status === 404)) {
      return mount(root, card(e.status === 410 ? t('token.expired') : t('token.unusable'), newLinkForm(e.status === 410 ? t('token.expiredText') : t('token.invalidText'))));
    }
    throw e;
  }
  if ((kind === 'activate') !== (info.purpose === 'activation')) return mount(root, card(t('token.unusable'), newLinkForm(t('token.otherStep'))));
  const pw = input({ name: 'password', type: 'password', autocomplete: 'new-password', testid: 'new-password' });
  const confirm = input({ name: 'confirm', type: 'password', autocomplete: 'new-password', testid: 'confirm-password' });
  mount(
    root,
    card(
      kind === 'activate' ? t('token.activateTitle') : t('token.resetTitle'),
      h('p', null, kind === 'activate' ? `${t('token.welcome', { name: info.displayName })} ` : '', t('token.enterFor', { email: info.email })),
      await policyList(),
      form(
        'password-form',
        async () => {
          check(['password', !pw.value, t('token.missingPassword')], ['confirm', pw.value !== confirm.value, t('token.mismatch')]);
          if (kind === 'activate') {
            const r = await api<{ next: ConnectStage }>('POST', '/activation', { token, password: pw.value });
            navigate(STAGE_PAGES[r.next]);
          } else {
            await api('POST', '/password-reset', { token, password: pw.value });
            mount(root, card(t('token.changedTitle'), h('p', { testid: 'password-changed' }, t('token.changed')), h('p', { class: 'links' }, linkTo('/connect', t('token.signIn')))));
          }
        },
        field(t('token.newPassword'), pw),
        field(t('token.confirm'), confirm),
        button(t('token.set'), { testid: 'set-password' }),
      ),
    ),
  );
  pw.focus();
}

function forgotPage(): void {
  mount(root, card(t('forgot.title'), newLinkForm(t('forgot.intro')), h('p', { class: 'links' }, linkTo('/connect', t('forgot.back')))));
}

// --- router ---

async function render(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '') || '/connect';
  try {
    switch (path) {
      case '/connect':
        return await signInPage();
      case '/connect/one-time-code':
        return oneTimeCodePage();
      case '/connect/lost':
        return lostPage();
      case '/connect/enrol':
        return await enrolPage();
      case '/connect/phone':
        return await phonePage();
      case '/connect/emergency-code':
        return await emergencyCodePage();
      case '/connect/home':
        return await homePage();
      case '/connect/activate':
        return await tokenPage('activate');
      case '/connect/reset':
        return await tokenPage('reset');
      case '/connect/forgot':
        return forgotPage();
      case '/connect/settings':
        return await settingsPage();
      case '/connect/authenticator':
        return await authenticatorPhonePage(root);
      default:
        return navigate('/connect');
    }
  } catch (e) {
    const box = errorBox();
    showError(box, e);
    mount(root, card(t('failure.title'), box, h('p', { class: 'links' }, linkTo('/connect', t('failure.back')))));
  }
}

setRenderer(render);
rememberContinue();
void render();

// Shared with push-ui.ts (Visma Authenticator push, remember this device, Severa).
