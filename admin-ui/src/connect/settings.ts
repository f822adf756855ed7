import type { AuthenticatorDeviceView, PushStarted } from '../../../shared/two-factor.js';
import type { PasskeyView, SecondFactorMethod, SecurityMethodView, SecuritySettingsView } from '../../../shared/security-settings.js';
import { api, ApiError } from './api.js';
import { field, h, mount, type Child } from './dom.js';
import { passkeyStepUp, passkeysSupported, registerPasskey } from './passkey.js';
import { deviceEnrolment, deviceLine } from './push-ui.js';
import { errorMessage } from './i18n/index.js';
import { card, errorBox, input, linkTo, requireStage, root, showError } from './ui.js';

/**
 * /connect/settings: every second factor of the person, and every change to them. The server asks for a fresh
 * second factor (step-up, 5 minutes) before any change; this page shows that step first when it is due.
 */

const LABEL: Record<SecondFactorMethod, string> = {
  push: 'Visma Authenticator',
  passkey: 'Passkeys and security keys',
  totp: 'Authenticator app',
  sms: 'SMS code',
  'emergency-code': 'Emergency code',
};
const KIND: Record<string, string> = { passkey: 'Passkey', 'security-key': 'Security key' };

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : null);
const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

function small(label: string, props: Record<string, unknown>): HTMLButtonElement {
  return h('button', { type: 'button', class: 'secondary small', ...props }, label);
}

export async function settingsPage(notice?: Child): Promise<void> {
  const who = await requireStage('signed-in');
  if (!who) return;
  const s = await api<SecuritySettingsView>('GET', '/settings/overview');
  const err = errorBox();
  /** Runs a change; a refused step-up or any success redraws the page (with the step-up box when it is due). */
  const change = (fn: () => Promise<Child | void>) => async () => {
    err.hidden = true;
    try {
      const shown = await fn();
      await settingsPage(shown ?? undefined);
    } catch (e) {
      if (e instanceof ApiError && e.body.code === 'CONNECT_STEP_UP_REQUIRED') return settingsPage(h('p', { class: 'error', role: 'alert' }, errorMessage(e.body.code)));
      showError(err, e);
    }
  };
  const by = Object.fromEntries(s.methods.map((m) => [m.method, m])) as Record<SecondFactorMethod, SecurityMethodView>;
  const locked = !s.stepUp.fresh;
  const page = card(
    'Security settings',
    h('p', null, 'Two-step verification belongs to your Visma Connect account: these settings apply to every Visma application you use.'),
    h('p', { class: 'hint', testid: 'policy' }, s.policy === 'required' ? 'Your organization requires two-step verification at every sign-in.' : 'Your organization asks for two-step verification when a sign-in looks unusual.'),
    notice ?? null,
    err,
    stepUpBox(s, change),
    section(
      'push',
      by.push,
      deviceList(s.devices, by.push, locked, change),
      deviceEnrolment(s.devices.length, () => settingsPage(h('p', { class: 'notice', testid: 'device-added' }, 'Visma Authenticator is set up on your phone.')), locked),
    ),
    section('passkey', by.passkey, passkeyList(s.passkeys, by.passkey, locked, change), passkeysSupported() ? addPasskey(locked, change) : h('p', { class: 'hint' }, 'This browser cannot use passkeys.')),
    section(
      'totp',
      by.totp,
      by.totp.enrolled ? h('p', null, `Set up ${day(by.totp.enrolledAt) ?? ''}.`) : h('p', { class: 'hint' }, 'Not set up.'),
      h(
        'div',
        { class: 'row-actions' },
        small(by.totp.enrolled ? 'Replace' : 'Set up', { testid: 'totp-setup', disabled: locked, onclick: change(() => totpSetup()) }),
        by.totp.enrolled ? small('Remove', { testid: 'totp-remove', disabled: locked || !by.totp.removable, onclick: change(() => api('DELETE', '/settings/methods/totp')) }) : null,
      ),
    ),
    section('sms', by.sms, by.sms.enrolled ? h('p', { testid: 'sms-number' }, by.sms.detail) : h('p', { class: 'hint' }, 'No phone number.'), phoneForm(by.sms, locked, change)),
    section(
      'emergency-code',
      by['emergency-code'],
      h('p', null, by['emergency-code'].enrolled ? `You have an unused emergency code (created ${day(by['emergency-code'].enrolledAt)}).` : 'You have no emergency code. Create one and store it safely.'),
      small('Create a new emergency code', {
        testid: 'emergency-renew',
        disabled: locked,
        onclick: change(async () => {
          const r = await api<{ emergencyCode: string }>('POST', '/settings/emergency-code');
          return h('div', { class: 'notice' }, h('p', null, 'Your new emergency code (the previous one no longer works). It is shown only now: copy it and store it somewhere safe.'), h('p', { class: 'emergency-code', testid: 'new-emergency-code' }, r.emergencyCode));
        }),
      }),
    ),
    defaultMethod(s, locked, change),
    h('p', { class: 'links' }, linkTo('/connect/home', 'Back', 'settings-back')),
  );
  page.classList.add('wide');
  mount(root, page);
}

type Change = (fn: () => Promise<Child | void>) => () => Promise<void>;

function section(method: SecondFactorMethod, m: SecurityMethodView, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'setting', testid: `setting-${method}` },
    h('h2', null, LABEL[method], m.isDefault ? h('span', { class: 'badge', testid: `default-${method}` }, 'default') : null, m.enrolled ? h('span', { class: 'badge on' }, 'on') : null),
    ...body,
  );
}

function stepUpBox(s: SecuritySettingsView, change: Change): HTMLElement {
  if (s.stepUp.fresh) return h('p', { class: 'notice', testid: 'stepup-fresh' }, `You confirmed it is you: changes are possible until ${time(s.stepUp.until!)}.`);
  const code = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: '6-digit code', testid: 'stepup-code' });
  const smsCode = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: 'code from the SMS', testid: 'stepup-sms-code' });
  const smsBox = h('div', { hidden: true }, field('Code from the SMS', smsCode), small('Confirm', { testid: 'stepup-sms', onclick: change(() => api('POST', '/step-up', { method: 'sms', code: smsCode.value.trim() })) }));
  const m = s.stepUp.methods;
  const smsErr = errorBox();
  return h(
    'div',
    { class: 'stepup', testid: 'stepup' },
    h('h2', null, 'Confirm it is you'),
    h('p', null, 'To change your security settings, confirm with one of your second factors. It is valid for 5 minutes.'),
    m.includes('push') ? pushStepUpBox() : null,
    m.includes('passkey') ? small('Use passkey or security key', { testid: 'stepup-passkey', onclick: change(() => passkeyStepUp()) }) : null,
    m.includes('totp') ? h('div', null, field('Code from your authenticator app', code), small('Confirm', { testid: 'stepup-totp', onclick: change(() => api('POST', '/step-up', { method: 'totp', code: code.value.trim() })) })) : null,
    m.includes('sms')
      ? h(
          'div',
          null,
          small('Send a code by SMS', {
            testid: 'stepup-sms-send',
            onclick: async () => {
              smsErr.hidden = true;
              try {
                await api('POST', '/step-up/start', { method: 'sms' });
                smsBox.hidden = false;
                smsCode.focus();
              } catch (e) {
                showError(smsErr, e);
              }
            },
          }),
          smsErr,
          smsBox,
        )
      : null,
  );
}

function deviceList(list: AuthenticatorDeviceView[], m: SecurityMethodView, locked: boolean, change: Change): HTMLElement {
  if (!list.length) return h('p', { class: 'hint' }, 'Approve sign-ins with a tap on your phone (recommended).');
  return h(
    'ul',
    { class: 'keys', testid: 'devices' },
    ...list.map((d) =>
      h(
        'li',
        { testid: 'device-row' },
        ...deviceLine(d),
        h('div', { class: 'row-actions' }, small('Remove', { testid: 'device-remove', 'aria-label': `Remove ${d.name}`, disabled: locked || !m.removable, onclick: change(() => api('DELETE', `/devices/${encodeURIComponent(d.id)}`)) })),
      ),
    ),
  );
}

/** Step-up with Visma Authenticator: the number to tap on the phone, then the page waits for the answer (long poll). */
function pushStepUpBox(): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const err = errorBox();
  const run = async () => {
    err.hidden = true;
    try {
      const p = await api<PushStarted>('POST', '/step-up/start', { method: 'push' });
      mount(out, h('p', null, 'Open Visma Authenticator on your phone and tap this number:'), h('p', { class: 'push-number', testid: 'stepup-push-number' }, String(p.number)));
      for (;;) {
        if (!document.body.contains(out)) return;
        const r = await api<{ status: string; reason: string | null }>('POST', '/step-up/push/result', { pushId: p.pushId, waitSeconds: 8 });
        if (r.status === 'approved') return settingsPage();
        if (r.status !== 'pending') return mount(out, h('p', { class: 'error', testid: 'stepup-push-ended' }, r.reason === 'wrong-number' ? 'Another number was chosen on your phone, so this was not confirmed. Try again.' : 'This was not confirmed on your phone. Try again, or use another way.'));
      }
    } catch (e) {
      showError(err, e);
    }
  };
  return h('div', null, small('Approve with Visma Authenticator', { testid: 'stepup-push', onclick: () => void run() }), err, out);
}

function passkeyList(list: PasskeyView[], m: SecurityMethodView, locked: boolean, change: Change): HTMLElement {
  if (!list.length) return h('p', { class: 'hint' }, 'None yet. A passkey signs you in with your fingerprint, face or screen lock; a security key is a USB key such as a YubiKey.');
  return h(
    'ul',
    { class: 'keys' },
    ...list.map((p) => {
      const name = input({ value: p.name, maxlength: 60, testid: 'passkey-rename-input', 'aria-label': 'New name' });
      const rename = h('div', { class: 'rename', hidden: true }, name, small('Save', { testid: 'passkey-rename-save', onclick: change(() => api('PATCH', `/passkeys/${encodeURIComponent(p.id)}`, { name: name.value }).then(() => undefined)) }));
      return h(
        'li',
        { testid: 'passkey-row' },
        h('strong', { testid: 'passkey-name' }, p.name),
        h('small', null, `${KIND[p.kind] ?? p.kind}${p.backedUp ? ' (synced)' : ''} · added ${day(p.createdAt)} · ${p.lastUsedAt ? `last used ${day(p.lastUsedAt)}` : 'never used'}`),
        h(
          'div',
          { class: 'row-actions' },
          small('Rename', { testid: 'passkey-rename', disabled: locked, onclick: () => ((rename.hidden = !rename.hidden), name.focus()) }),
          small('Remove', { testid: 'passkey-remove', disabled: locked || !m.removable, onclick: change(() => api('DELETE', `/passkeys/${encodeURIComponent(p.id)}`)) }),
        ),
        rename,
      );
    }),
  );
}

function addPasskey(locked: boolean, change: Change): HTMLElement {
  const name = input({ maxlength: 60, placeholder: 'e.g. This laptop, YubiKey', testid: 'passkey-name-input' });
  return h(
    'div',
    { class: 'add' },
    field('Name of the new passkey or security key', name),
    small('Add a passkey or security key', {
      testid: 'add-passkey',
      disabled: locked,
      onclick: change(async () => {
        const p = await registerPasskey(name.value.trim() || 'Passkey');
        return h('p', { class: 'notice', testid: 'passkey-added' }, `"${p.name}" was added.`);
      }),
    }),
  );
}

/** Add or replace the authenticator app: a QR code, then the new app's code. */
async function totpSetup(): Promise<Child> {
  const s = await api<{ secret: string; otpauthUri: string; qrPngDataUrl: string }>('POST', '/settings/totp');
  const code = input({ inputmode: 'numeric', maxlength: 6, placeholder: '6-digit code', testid: 'settings-totp-code' });
  const err = errorBox();
  const box = h(
    'div',
    { class: 'notice', testid: 'settings-totp' },
    h('p', null, 'Scan the QR code with your authenticator app, or enter the key, then type the code it shows. Your previous authenticator keeps working until then.'),
    h('div', { class: 'qr' }, h('img', { src: s.qrPngDataUrl, alt: 'QR code for your authenticator app', width: 200, height: 200 })),
    h('p', { class: 'secret', testid: 'settings-manual-key' }, s.secret.replace(/(.{4})/g, '$1 ').trim()),
    err,
    field('Code from the new authenticator', code),
    small('Confirm', {
      testid: 'settings-totp-confirm',
      onclick: async () => {
        try {
          await api('POST', '/settings/totp/confirm', { code: code.value.trim() });
          await settingsPage(h('p', { class: 'notice', testid: 'totp-saved' }, 'Your new authenticator app is set up.'));
        } catch (e) {
          showError(err, e);
        }
      },
    }),
  );
  return box;
}

function phoneForm(m: SecurityMethodView, locked: boolean, change: Change): HTMLElement {
  const phone = input({ type: 'tel', autocomplete: 'tel', placeholder: '+45 42 82 21 60', testid: 'settings-phone' });
  const code = input({ inputmode: 'numeric', maxlength: 6, placeholder: '6-digit code', testid: 'settings-phone-code' });
  const verify = h('div', { hidden: true }, field('Code from the SMS', code), small('Verify', { testid: 'settings-phone-verify', disabled: locked, onclick: change(() => api('POST', '/enrolment/sms/confirm', { code: code.value.trim() }).then(() => undefined)) }));
  const err = errorBox();
  return h(
    'div',
    null,
    m.enrolled ? small('Remove', { testid: 'sms-remove', disabled: locked || !m.removable, onclick: change(() => api('DELETE', '/settings/methods/sms')) }) : null,
    err,
    field(m.enrolled ? 'Replace with another number' : 'Mobile number (with country code)', phone),
    small('Send code', {
      testid: 'settings-phone-send',
      disabled: locked,
      onclick: async () => {
        err.hidden = true;
        try {
          await api('POST', '/enrolment/sms', { phoneNumber: phone.value });
          verify.hidden = false;
          code.focus();
        } catch (e) {
          showError(err, e);
        }
      },
    }),
    verify,
  );
}

function defaultMethod(s: SecuritySettingsView, locked: boolean, change: Change): HTMLElement | null {
  const ways = s.methods.filter((m) => m.enrolled && m.method !== 'emergency-code');
  if (ways.length < 2) return null;
  const select = h('select', { testid: 'default-method', 'aria-label': 'Default method', disabled: locked }, ...ways.map((m) => h('option', { value: m.method, selected: m.isDefault }, LABEL[m.method])));
  return h(
    'section',
    { class: 'setting' },
    h('h2', null, 'Default method'),
    h('p', { class: 'hint' }, 'Sign-in opens with this one; "Use another method" offers the others.'),
    h('div', { class: 'row-actions' }, select, small('Save', { testid: 'default-save', disabled: locked, onclick: change(() => api('PUT', '/settings/default-method', { method: select.value }).then(() => undefined)) })),
  );
}

/** Offered during activation (stage add-phone): a passkey or security key next to the authenticator app. */
export function passkeyOffer(): HTMLElement | null {
  if (!passkeysSupported()) return null;
  const name = input({ maxlength: 60, placeholder: 'e.g. This laptop, YubiKey', testid: 'offer-passkey-name' });
  const err = errorBox();
  const done = h('p', { class: 'notice', testid: 'offer-passkey-done', hidden: true });
  return h(
    'div',
    { class: 'methods' },
    h('p', null, h('strong', null, 'Also add a passkey or security key?'), ' Sign in with your fingerprint, face or screen lock, or a USB key — even without your password.'),
    err,
    field('Name', name),
    small('Add a passkey or security key', {
      testid: 'offer-passkey',
      onclick: async () => {
        err.hidden = true;
        try {
          const p = await registerPasskey(name.value.trim() || 'Passkey');
          done.textContent = `"${p.name}" was added.`;
          done.hidden = false;
        } catch (e) {
          showError(err, e);
        }
      },
    }),
    done,
  );
}

export const settingsLink = (): HTMLElement => linkTo('/connect/settings', 'Security settings', 'settings-link');
