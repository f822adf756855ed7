import type { ConnectFactor, ConnectMe, ConnectSessionState, ConnectStage } from '../../../shared/connect.js';
import type { FieldError } from '../../../shared/errors.js';
import { LOCALE_NAMES, LOCALES, isLocale } from '../../../shared/locales.js';
import { chosenThisVisit, errorMessage, fieldMessage, locale, setLocale, t } from './i18n/index.js';
import { api, ApiError } from './api.js';
import { h, type Child } from './dom.js';

/** The layout pieces, the in-memory sign-in state and navigation shared by every Connect page. */

export const root = document.getElementById('connect-root')!;
export const SAVED_EMAIL = 'visma-connect.saved-email';

export const state: {
  challenge: string | null;
  factors: ConnectFactor[];
  /** Shown once, kept in memory until it is acknowledged. */
  emergencyCode: string | null;
} = { challenge: null, factors: [], emergencyCode: null };

export const STAGE_PAGES: Record<ConnectStage, string> = {
  'enrol-totp': '/connect/enrol',
  'add-phone': '/connect/phone',
  'emergency-code': '/connect/emergency-code',
  'signed-in': '/connect/home',
};

let renderPage: () => Promise<void> = () => Promise.resolve();

/** main.ts hands over its router once. */
export function setRenderer(fn: () => Promise<void>): void {
  renderPage = fn;
  window.addEventListener('popstate', () => void renderPage());
}

export function navigate(path: string): void {
  if (location.pathname + location.search !== path) history.pushState(null, '', path);
  void renderPage();
}

// --- layout pieces ---

/** The language switcher: re-renders the page in the chosen language and, once signed in, saves it on the account. */
export function languageSwitcher(): HTMLElement {
  const select = h('select', { id: 'connect-language', testid: 'language' }, ...LOCALES.map((l) => h('option', { value: l, lang: l, selected: l === locale() }, LOCALE_NAMES[l])));
  select.addEventListener('change', () => {
    if (!isLocale(select.value)) return;
    setLocale(select.value);
    void saveLocale();
    void renderPage();
  });
  return h('div', { class: 'lang' }, h('label', { htmlFor: 'connect-language' }, t('language')), select);
}

/** Saves a language chosen on these pages on the signed-in account (its e-mails and SMS follow); no session: nothing to do. */
export async function saveLocale(): Promise<void> {
  if (!chosenThisVisit) return;
  try {
    await api('PUT', '/me/locale', { locale: locale() });
  } catch {
    // not signed in (401) or offline: the browser keeps the choice, and the next sign-in sends it
  }
}

export function card(title: string, ...children: Child[]): HTMLElement {
  document.title = `${title} · Visma Connect`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'page-title' },
    h('header', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'V'), h('span', null, 'Visma Connect'), languageSwitcher()),
    h('h1', { testid: 'page-title', id: 'page-title', tabindex: '-1' }, title),
    ...children,
  );
}

export function errorBox(): HTMLElement {
  return h('div', { class: 'error', role: 'alert', 'aria-live': 'assertive', testid: 'error', hidden: true });
}

/** Problems the page finds itself before sending, by field name (the inputs' `name`). */
export class FieldProblems extends Error {
  constructor(readonly problems: Record<string, string>) {
    super('invalid input');
  }
}

/** Per-field sentences for an API refusal: its `details` codes, in the page's language. */
export function apiFieldProblems(err: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, d] of Object.entries(err.body.details ?? {})) {
    const all: FieldError[] = [d, ...(d.more ?? [])];
    out[f] = f === 'phoneNumber' ? t('phone.missing') : all.map((x) => fieldMessage(x)).join(' · ');
  }
  return out;
}

/** Shows what went wrong: next to each field (aria-invalid, aria-describedby) and in the announced box above. */
export function showError(box: HTMLElement, e: unknown, scope: ParentNode = root): void {
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
export function check(...rules: [string, boolean, string][]): void {
  const problems: Record<string, string> = {};
  for (const [name, failed, message] of rules) if (failed && !problems[name]) problems[name] = message;
  if (Object.keys(problems).length) throw new FieldProblems(problems);
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function busy(button: HTMLButtonElement, on: boolean): void {
  button.disabled = on;
  button.classList.toggle('busy', on);
}

/** Wires a form: prevents the native submit, runs `action`, shows its error. */
export function form(testid: string, action: (err: HTMLElement) => Promise<void>, ...children: Child[]): HTMLFormElement {
  const err = errorBox();
  const f = h('form', { testid, novalidate: true }, err, ...children);
  const run = async () => {
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
  };
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run();
  });
  return f;
}

/** A click handler that shows its failure in the page's error box instead of losing it. */
export function safe(fn: () => Promise<void>): () => void {
  return () => {
    fn().catch((e) => {
      const box = root.querySelector<HTMLElement>('[data-testid="error"]');
      if (box) showError(box, e);
    });
  };
}

export function input(props: Record<string, unknown>): HTMLInputElement {
  return h('input', { ...props });
}

export function button(label: string, props: Record<string, unknown> = {}): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'primary', ...props }, label);
}

export function linkTo(path: string, label: string, testid?: string): HTMLAnchorElement {
  return h('a', { href: path, testid, onclick: (ev: Event) => (ev.preventDefault(), navigate(path)) }, label);
}

export async function me(): Promise<ConnectMe | null> {
  // /session answers 200 with or without a session, so a signed-out page load has no failing request
  const { me: who } = await api<ConnectSessionState>('GET', '/session');
  if (!who) return null;
  // Signed in: the account's language, unless the person just picked one here (then it is saved on the account).
  if (chosenThisVisit && who.identity.locale !== locale()) await saveLocale();
  else if (!chosenThisVisit && who.identity.locale && who.identity.locale !== locale()) setLocale(who.identity.locale, { chosen: false });
  return who;
}

/** Session pages: no session → sign-in; another stage → that stage's page. */
export async function requireStage(stage: ConnectStage): Promise<ConnectMe | null> {
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

export function afterSignIn(next: ConnectStage): void {
  state.challenge = null;
  navigate(STAGE_PAGES[next]);
}

