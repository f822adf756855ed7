import type { ConnectFactor, ConnectMe, ConnectStage } from '../../../shared/connect.js';
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

let renderPage: () => Promise<void> = async () => undefined;

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

export function card(title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('header', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'V'), h('span', null, 'Visma Connect')),
    h('h1', { testid: 'page-title' }, title),
    ...children,
  );
}

export function errorBox(): HTMLElement {
  return h('div', { class: 'error', role: 'alert', testid: 'error', hidden: true });
}

export function showError(box: HTMLElement, e: unknown): void {
  const err = e instanceof ApiError ? e : null;
  const lines: string[] = [];
  if (err?.body.errors && Object.keys(err.body.errors).length) {
    for (const [f, msg] of Object.entries(err.body.errors)) for (const part of msg.split('; ')) lines.push(f === 'password' ? `The password ${part}.` : f === 'code' ? `The code ${part}.` : `${f}: ${part}`);
  } else {
    lines.push(err ? err.body.message : 'Something went wrong. Try again.');
  }
  box.replaceChildren(...lines.map((l) => h('p', null, l)));
  box.hidden = false;
}

export function busy(button: HTMLButtonElement, on: boolean): void {
  button.disabled = on;
  button.classList.toggle('busy', on);
}

/** Wires a form: prevents the native submit, runs `action`, shows its error. */
export function form(testid: string, action: (err: HTMLElement) => Promise<void>, ...children: Child[]): HTMLFormElement {
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
      showError(err, e);
    } finally {
      if (submit) busy(submit, false);
    }
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
  try {
    return await api<ConnectMe>('GET', '/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
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

