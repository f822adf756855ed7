import './connect.css';
import type { ConnectFactor, ConnectMe, ConnectSignInResponse, ConnectStage, PasswordPolicyDescription } from '../../../shared/connect.js';
import type { FieldError } from '../../../shared/errors.js';
import { LOCALE_NAMES, LOCALES, isLocale } from '../../../shared/locales.js';
import { api, ApiError } from './api.js';
import { field, h, mount, type Child } from './dom.js';
import { chosenThisVisit, errorMessage, fieldMessage, locale, setLocale, t } from './i18n/index.js';

/**
 * The public Visma Connect pages (seeds 001, 003, 004): sign-in, "Use another method → One-time code", the
 * temporarily / permanently lost choice, authenticator enrolment with a QR code, the optional SMS number, the
 * emergency code, the signed-in landing page, account activation and password reset. One page; the path says
 * which step. The sign-in challenge lives only in memory: a reload starts the sign-in again.
 */

const root = document.getElementById('connect-root')!;
const SAVED_EMAIL = 'visma-connect.saved-email';

const state: {
  challenge: string | null;
  factors: ConnectFactor[];
  /** Shown once, kept in memory until it is acknowledged. */
  emergencyCode: string | null;
} = { challenge: null, factors: [], emergencyCode: null };

const STAGE_PAGES: Record<ConnectStage, string> = {
  'enrol-totp': '/connect/enrol',
  'add-phone': '/connect/phone',
  'emergency-code': '/connect/emergency-code',
  'signed-in': '/connect/home',
};

function navigate(path: string): void {
  if (location.pathname + location.search !== path) history.pushState(null, '', path);
  void render();
}

window.addEventListener('popstate', () => void render());

// --- layout pieces ---

/** The language switcher: re-renders the page in the chosen language and, once signed in, saves it on the account. */
function languageSwitcher(): HTMLElement {
  const select = h('select', { id: 'connect-language', testid: 'language' }, ...LOCALES.map((l) => h('option', { value: l, lang: l, selected: l === locale() }, LOCALE_NAMES[l])));
  select.addEventListener('change', () => {
    if (!isLocale(select.value)) return;
    setLocale(select.value);
    void saveLocale();
    void render();
  });
  return h('div', { class: 'lang' }, h('label', { htmlFor: 'connect-language' }, t('language')), select);
}

/** Saves a language chosen on these pages on the signed-in account (its e-mails and SMS follow); no session: nothing to do. */
async function saveLocale(): Promise<void> {
  if (!chosenThisVisit) return;
  try {
    await api('PUT', '/me/locale', { locale: locale() });
  } catch {
    // not signed in (401) or offline: the browser keeps the choice, and the next sign-in sends it
  }
}

function card(title: string, ...children: Child[]): HTMLElement {
  document.title = `${title} · Visma Connect`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'page-title' },
    h('header', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'V'), h('span', null, 'Visma Connect'), languageSwitcher()),
    h('h1', { testid: 'page-title', id: 'page-title', tabindex: '-1' }, title),
    ...children,
  );
}

function errorBox(): HTMLElement {
  return h('div', { class: 'error', role: 'alert', 'aria-live': 'assertive', testid: 'error', hidden: true });
}

/** Problems the page finds itself before sending, by field name (the inputs' `name`). */
class FieldProblems extends Error {
  constructor(readonly problems: Record<string, string>) {
    super('invalid input');
  }
}

/** Per-field sentences for an API refusal: its `details` codes, in the page's language. */
function apiFieldProblems(err: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, d] of Object.entries(err.body.details ?? {})) {
    const all: FieldError[] = [d, ...(d.more ?? [])];
    out[f] = f === 'phoneNumber' ? t('phone.missing') : all.map((x) => fieldMessage(x)).join(' · ');
  }
  return out;
}

/** Shows what went wrong: next to each field (aria-invalid, aria-describedby) and in the announced box above. */
function showError(box: HTMLElement, e: unknown, scope: ParentNode = root): void {
  for (const old of scope.querySelectorAll('.field-error')) old.remove();
  for (const el of scope.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  const err = e instanceof ApiError ? e : null;
  const problems = e instanceof FieldProblems ? e.problems : err ? apiFieldProblems(err) : {};
  const lines: string[] = [];
  let first: HTMLElement | null = null;
  for (const [name, message] of Object.entries(problems)) {
    const input = scope.querySelector<HTMLElement>(`[name="${name}"]`);
    if (input) {
      const id = `${input.id || name}-error`;
      input.insertAdjacentElement('afterend', h('p', { class: 'field-error', id, testid: `error-${name}` }, message));
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id);
      first ??= input;
    }
    lines.push(message);
  }
  if (!lines.length) lines.push(errorMessage(err?.body.code));
  box.replaceChildren(...lines.map((l) => h('p', null, l)));
  box.hidden = false;
  first?.focus();
}

/** Throws FieldProblems for the checks that fail: [input name, failed?, message]. */
function check(...rules: [string, boolean, string][]): void {
  const problems: Record<string, string> = {};
  for (const [name, failed, message] of rules) if (failed && !problems[name]) problems[name] = message;
  if (Object.keys(problems).length) throw new FieldProblems(problems);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function busy(button: HTMLButtonElement, on: boolean): void {
  button.disabled = on;
  button.classList.toggle('busy', on);
}

/** Wires a form: prevents the native submit, runs `action`, shows its error. */
function form(testid: string, action: (err: HTMLElement) => Promise<void>, ...children: Child[]): HTMLFormElement {
  const err = errorBox();
  const f = h('form', { testid, novalidate: true }, err, ...children);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const submit = f.querySelector<HTMLButtonElement>('button[type="submit"]');
    err.hidden = true;
    if (submit) busy(submit, true);
    try {
      await action(err);
    } catch (e) {
      showError(err, e, f);
    } finally {
      if (submit) busy(submit, false);
    }
  });
  return f;
}

/** A click handler that shows its failure in the page's error box instead of losing it. */
function safe(fn: () => Promise<void>): () => void {
  return () => {
    fn().catch((e) => {
      const box = root.querySelector<HTMLElement>('[data-testid="error"]');
      if (box) showError(box, e);
    });
  };
}

function input(props: Record<string, unknown>): HTMLInputElement {
  return h('input', { ...props });
}

function button(label: string, props: Record<string, unknown> = {}): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'primary', ...props }, label);
}

function linkTo(path: string, label: string, testid?: string): HTMLAnchorElement {
  return h('a', { href: path, testid, onclick: (ev: Event) => (ev.preventDefault(), navigate(path)) }, label);
}

async function me(): Promise<ConnectMe | null> {
  try {
    const who = await api<ConnectMe>('GET', '/me');
    // Signed in: the account's language, unless the person just picked one here (then it is saved on the account).
    if (chosenThisVisit && who.identity.locale !== locale()) await saveLocale();
    else if (!chosenThisVisit && who.identity.locale && who.identity.locale !== locale()) setLocale(who.identity.locale, { chosen: false });
    return who;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Session pages: no session → sign-in; another stage → that stage's page. */
async function requireStage(stage: ConnectStage): Promise<ConnectMe | null> {
  const who = await me();
  if (!who) {
    navigate('/connect');
    return null;
  }
  if (who.stage !== stage) {
    navigate(STAGE_PAGES[who.stage]);
    return null;
  }
  return who;
}

function afterSignIn(next: ConnectStage): void {
  state.challenge = null;
  navigate(STAGE_PAGES[next]);
}

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
          state.challenge = r.challenge;
          state.factors = r.factors;
          if (r.factors.includes('totp')) return codePage('totp');
          if (r.factors.includes('sms')) return codePage('sms');
          navigate('/connect/one-time-code');
        },
        field(t('signIn.email'), email),
        field(t('signIn.password'), password),
        h('div', { class: 'check' }, remember, h('label', { htmlFor: 'remember' }, t('signIn.save')), h('p', { class: 'hint' }, t('signIn.saveHint'))),
        button(t('signIn.submit'), { testid: 'sign-in' }),
      ),
      h('p', { class: 'links' }, linkTo('/connect/forgot', t('signIn.forgot'), 'forgot-link')),
    ),
  );
  (saved ? password : email).focus();
}

/** The second-factor step: authenticator code or SMS code, with "Use another method". */
function codePage(kind: 'totp' | 'sms'): void {
  if (!state.challenge) return navigate('/connect');
  const code = input({ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]*', placeholder: t('code.placeholder'), testid: 'totp-code' });
  const others = h(
    'div',
    { class: 'methods', hidden: true, id: 'other-methods', testid: 'other-methods' },
    h('p', null, t('code.chooseAnother')),
    kind !== 'totp' && state.factors.includes('totp') ? h('button', { type: 'button', class: 'method', onclick: () => codePage('totp') }, t('code.methodTotp')) : null,
    kind !== 'sms' && state.factors.includes('sms') ? h('button', { type: 'button', class: 'method', testid: 'method-sms', onclick: () => sendSms() }, t('code.methodSms')) : null,
    h('button', { type: 'button', class: 'method', testid: 'method-one-time-code', onclick: () => navigate('/connect/one-time-code') }, t('code.methodOneTime'), h('small', null, t('code.methodOneTimeHint'))),
  );
  const toggle = h('button', { type: 'button', class: 'link', testid: 'use-another-method', 'aria-expanded': 'false', 'aria-controls': 'other-methods' }, t('code.another'));
  toggle.addEventListener('click', () => {
    others.hidden = !others.hidden;
    toggle.setAttribute('aria-expanded', String(!others.hidden));
    toggle.textContent = others.hidden ? t('code.another') : t('code.anotherHide');
    if (!others.hidden) others.querySelector<HTMLButtonElement>('button')?.focus();
  });
  const sendSms = safe(async () => {
    const r = await api<{ sentTo: string }>('POST', '/sign-in/sms/send', { challenge: state.challenge });
    codePage('sms');
    root.querySelector('[data-testid="sms-sent"]')!.textContent = t('code.smsSent', { number: r.sentTo });
  });
  mount(
    root,
    card(
      kind === 'totp' ? t('code.titleTotp') : t('code.titleSms'),
      h('p', { testid: 'sms-sent', 'aria-live': 'polite' }, kind === 'totp' ? t('code.introTotp') : ''),
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
      h('p', { class: 'links' }, toggle),
      others,
    ),
  );
  code.focus();
}

function oneTimeCodePage(): void {
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
  const factors = [who.factors.totp ? t('home.totp') : null, who.factors.sms ? t('home.sms', { number: who.factors.smsNumber }) : null, who.factors.emergencyCode ? t('home.emergency') : null].filter(Boolean).join(', ');
  mount(
    root,
    card(
      t('home.title'),
      h('p', { class: 'signed-in', testid: 'signed-in-as' }, t('home.signedInAs', { name: who.identity.displayName, email: who.identity.email })),
      h('p', { testid: 'factors' }, t('home.factors', { factors: factors || t('home.none') })),
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
      default:
        return navigate('/connect');
    }
  } catch (e) {
    const box = errorBox();
    showError(box, e);
    mount(root, card(t('failure.title'), box, h('p', { class: 'links' }, linkTo('/connect', t('failure.back')))));
  }
}

void render();
