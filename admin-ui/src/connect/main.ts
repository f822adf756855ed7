import './connect.css';
import type { ConnectSignInResponse, ConnectStage, PasswordPolicyDescription } from '../../../shared/connect.js';
import { api, ApiError } from './api.js';
import { field, h, mount } from './dom.js';
import { oneTimeCodePage, openFirstMethod, passwordlessButton } from './methods.js';
import { passkeysSupported } from './passkey.js';
import { passkeyOffer, settingsLink, settingsPage } from './settings.js';
import { afterSignIn, button, card, errorBox, form, input, linkTo, me, navigate, requireStage, root, safe, SAVED_EMAIL, setRenderer, showError, STAGE_PAGES, state } from './ui.js';
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
      'Sign in',
      form(
        'sign-in-form',
        async () => {
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
        field('Email address', email),
        field('Password', password),
        h('div', { class: 'check' }, remember, h('label', { htmlFor: 'remember' }, 'Save my email address for next time'), h('p', { class: 'hint' }, 'Not recommended for public or shared computers.')),
        button('Sign in', { testid: 'sign-in' }),
      ),
      passkeysSupported() ? passwordlessButton() : null,
      h('p', { class: 'links' }, linkTo('/connect/forgot', 'Forgot your password?', 'forgot-link')),
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
      'Why could you not use your authenticator?',
      form(
        'loss-form',
        async () => {
          const chosen = root.querySelector<HTMLInputElement>('input[name="loss"]:checked');
          if (!chosen) throw new ApiError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Choose one of the options.' });
          const r = await api<{ next: ConnectStage }>('POST', '/recovery/lost', { challenge: state.challenge, permanently: chosen.value === 'permanently' });
          afterSignIn(r.next);
        },
        option('temporarily', 'I have temporarily lost access', 'Sign in this once. Your authenticator stays as it is.'),
        option('permanently', 'I have permanently lost access to the Authenticator app', 'Your second factors are removed from your account (for every Visma application) and you set up a new authenticator now.'),
        button('Continue', { testid: 'continue' }),
      ),
    ),
  );
}

// --- enrolment ---

async function enrolPage(): Promise<void> {
  const who = await requireStage('enrol-totp');
  if (!who) return;
  const intro = who.reason === 'permanent-loss' ? 'Your previous second factors were removed.' : who.reason === 'activation' ? 'Two-step verification protects your account.' : 'Two-step verification is required for your account.';
  mount(
    root,
    card(
      'Add more security',
      h('p', null, intro, ' Install an authenticator app on your phone (Visma Authenticator, Google Authenticator, Microsoft Authenticator or another) and continue.'),
      errorBox(),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', testid: 'enrol-next', onclick: safe(() => showQr()) }, 'Next')),
    ),
  );
  const showQr = async () => {
    const s = await api<{ secret: string; otpauthUri: string; qrPngDataUrl: string }>('POST', '/enrolment/totp');
    const code = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: 'enter your 6-digit code', testid: 'enrol-code' });
    mount(
      root,
      card(
        'Enable two-step verification',
        h('p', null, `Scan the QR code with your authenticator app, or add the key manually. Account: ${who.identity.email}.`),
        h('div', { class: 'qr' }, h('img', { src: s.qrPngDataUrl, alt: 'QR code for your authenticator app', width: 240, height: 240, testid: 'qr' })),
        h('p', { class: 'hint' }, 'Key to enter manually (time-based, 6 digits):'),
        h('p', { class: 'secret', testid: 'manual-key' }, s.secret.replace(/(.{4})/g, '$1 ').trim()),
        form(
          'enrol-form',
          async () => {
            const r = await api<{ emergencyCode: string; next: ConnectStage }>('POST', '/enrolment/totp/confirm', { code: code.value.trim() });
            state.emergencyCode = r.emergencyCode;
            navigate(STAGE_PAGES[r.next]);
          },
          field('Enter the security code that was generated by the authenticator app', code),
          button('Next', { testid: 'enrol-confirm' }),
        ),
      ),
    );
    code.focus();
  };
}

async function phonePage(): Promise<void> {
  const who = await requireStage('add-phone');
  if (!who) return;
  const phone = input({ type: 'tel', autocomplete: 'tel', placeholder: '+45 42 82 21 60', testid: 'phone' });
  const code = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: 'enter the 6-digit code', testid: 'phone-code' });
  const verify = form(
    'phone-verify-form',
    async () => {
      const r = await api<{ next: ConnectStage }>('POST', '/enrolment/sms/confirm', { code: code.value.trim() });
      navigate(STAGE_PAGES[r.next]);
    },
    h('p', { testid: 'phone-sent' }),
    field('Code from the SMS', code),
    button('Verify', { testid: 'phone-verify' }),
  );
  verify.hidden = true;
  mount(
    root,
    card(
      'Enable SMS as two-step verification',
      h('p', null, 'While this step is optional, we encourage you to add a phone number. In case you lose access to your authenticator app, we can send you an SMS with a 6-digit code instead.'),
      form(
        'phone-form',
        async () => {
          const r = await api<{ sentTo: string }>('POST', '/enrolment/sms', { phoneNumber: phone.value });
          verify.querySelector('[data-testid="phone-sent"]')!.textContent = `We've just sent you a 6-digit verification code via SMS, using your phone number ${r.sentTo}. Please enter it below.`;
          verify.hidden = false;
          code.focus();
        },
        field('Mobile number (with country code)', phone),
        button('Send code', { testid: 'phone-send' }),
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
          'Skip this step',
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
  const next = button('Next', { testid: 'emergency-next', disabled: true });
  stored.addEventListener('change', () => (next.disabled = !stored.checked));
  mount(
    root,
    card(
      'Save your one-time emergency code',
      h('p', null, 'If you lose access to your authenticator app or the device where it is installed, you can use this one-time emergency code to sign in. It is shown only now: copy it and store it somewhere safe.'),
      h('p', { class: 'emergency-code', testid: 'emergency-code' }, state.emergencyCode),
      form(
        'emergency-form',
        async () => {
          const r = await api<{ next: ConnectStage }>('POST', '/enrolment/emergency-code/acknowledge', { stored: stored.checked });
          state.emergencyCode = null;
          navigate(STAGE_PAGES[r.next]);
        },
        h('div', { class: 'check' }, stored, h('label', { htmlFor: 'stored' }, 'I have safely copied and stored this code.')),
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
  const factors = [who.factors.passkeys ? `${who.factors.passkeys} passkey${who.factors.passkeys > 1 ? 's' : ''} or security key${who.factors.passkeys > 1 ? 's' : ''}` : null, who.factors.totp ? 'authenticator app' : null, who.factors.sms ? `SMS (${who.factors.smsNumber})` : null, who.factors.emergencyCode ? 'emergency code' : null].filter(Boolean).join(', ');
  mount(
    root,
    card(
      'You are signed in',
      h('p', { class: 'signed-in', testid: 'signed-in-as' }, 'Signed in as ', h('strong', null, who.identity.displayName), ` (${who.identity.email})`),
      h('p', { testid: 'factors' }, `Two-step verification: ${factors || 'not set up'}. It applies to every Visma application you use.`),
      h('p', null, settingsLink()),
      await authenticatorSection(),
      h('p', { class: 'links' }, h('a', { href: '/severa/sign-in', testid: 'open-severa' }, 'Open Visma Severa')),
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
          'Sign out',
        ),
      ),
    ),
  );
}

// --- activation, password reset ---

async function policyList(): Promise<HTMLElement> {
  const p = await api<PasswordPolicyDescription>('GET', '/password-policy');
  return h('ul', { class: 'rules', testid: 'password-rules' }, ...p.rules.map((r) => h('li', null, r)));
}

function newLinkForm(message: string): HTMLElement {
  const email = input({ type: 'email', autocomplete: 'email', testid: 'new-link-email' });
  const done = h('p', { class: 'notice', testid: 'new-link-sent', hidden: true });
  const f = form(
    'new-link-form',
    async () => {
      const r = await api<{ message: string }>('POST', '/password-reset/request', { email: email.value });
      done.textContent = r.message;
      done.hidden = false;
      f.hidden = true;
    },
    field('Email address', email),
    button('Send me a new link', { testid: 'new-link' }),
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
      return mount(root, card(e.status === 410 ? 'This link has expired' : 'This link cannot be used', newLinkForm(e.body.message)));
    }
    throw e;
  }
  if ((kind === 'activate') !== (info.purpose === 'activation')) return mount(root, card('This link cannot be used', newLinkForm('This link is for another step.')));
  const pw = input({ type: 'password', autocomplete: 'new-password', testid: 'new-password' });
  const confirm = input({ type: 'password', autocomplete: 'new-password', testid: 'confirm-password' });
  mount(
    root,
    card(
      kind === 'activate' ? 'Activate your account' : 'Set a new password',
      h('p', null, kind === 'activate' ? `Welcome, ${info.displayName}. ` : '', `Please enter your new password for ${info.email}.`),
      await policyList(),
      form(
        'password-form',
        async () => {
          if (pw.value !== confirm.value) throw new ApiError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The two passwords are not the same.' });
          if (kind === 'activate') {
            const r = await api<{ next: ConnectStage }>('POST', '/activation', { token, password: pw.value });
            navigate(STAGE_PAGES[r.next]);
          } else {
            await api('POST', '/password-reset', { token, password: pw.value });
            mount(root, card('Your password was changed', h('p', { testid: 'password-changed' }, 'Sign in with your new password.'), h('p', { class: 'links' }, linkTo('/connect', 'Sign in'))));
          }
        },
        field('New password', pw),
        field('Confirm password', confirm),
        button('Set password', { testid: 'set-password' }),
      ),
    ),
  );
  pw.focus();
}

function forgotPage(): void {
  mount(root, card('Reset your password', newLinkForm('Enter the e-mail address of your account. If it has one, we will send you a link to set a new password.'), h('p', { class: 'links' }, linkTo('/connect', 'Back to sign in'))));
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
    mount(root, card('Something went wrong', box, h('p', { class: 'links' }, linkTo('/connect', 'Back to sign in'))));
  }
}

setRenderer(render);
rememberContinue();
void render();

// Shared with push-ui.ts (Visma Authenticator push, remember this device, Severa).
