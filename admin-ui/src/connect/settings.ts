import type { AuthenticatorDeviceView, PushStarted } from '../../../shared/two-factor.js';
import type { PasskeyView, SecondFactorMethod, SecurityMethodView, SecuritySettingsView } from '../../../shared/security-settings.js';
import { api, ApiError } from './api.js';
import { field, h, mount, type Child } from './dom.js';
import { passkeyStepUp, passkeysSupported, registerPasskey } from './passkey.js';
import { deviceEnrolment, deviceLine } from './push-ui.js';
import { day, errorMessage, t, time } from './i18n/index.js';
import { card, errorBox, input, linkTo, requireStage, root, showError } from './ui.js';

/**
 * /connect/settings: every second factor of the person, and every change to them. The server asks for a fresh
 * second factor (step-up, 5 minutes) before any change; this page shows that step first when it is due.
 */

/** Each method's heading, as a catalog key. */
const LABEL: Record<SecondFactorMethod, string> = {
  push: 'settings.labelPush',
  passkey: 'settings.labelPasskey',
  totp: 'settings.labelTotp',
  sms: 'settings.labelSms',
  'emergency-code': 'settings.labelEmergency',
};
const KIND: Record<string, string> = { passkey: 'settings.kindPasskey', 'security-key': 'settings.kindSecurityKey' };

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
    t('settings.title'),
    h('p', null, t('settings.intro')),
    h('p', { class: 'hint', testid: 'policy' }, s.policy === 'required' ? t('settings.policyRequired') : t('settings.policyAdaptive')),
    notice ?? null,
    err,
    stepUpBox(s, change),
    section(
      'push',
      by.push,
      deviceList(s.devices, by.push, locked, change),
      deviceEnrolment(s.devices.length, () => settingsPage(h('p', { class: 'notice', testid: 'device-added' }, t('settings.deviceAdded'))), locked),
    ),
    section('passkey', by.passkey, passkeyList(s.passkeys, by.passkey, locked, change), passkeysSupported() ? addPasskey(locked, change) : h('p', { class: 'hint' }, t('settings.noPasskeySupport'))),
    section(
      'totp',
      by.totp,
      by.totp.enrolled ? h('p', null, by.totp.enrolledAt ? t('settings.totpSince', { date: day(by.totp.enrolledAt) }) : t('home.totp')) : h('p', { class: 'hint' }, t('settings.notSetUp')),
      h(
        'div',
        { class: 'row-actions' },
        small(by.totp.enrolled ? t('settings.replace') : t('settings.setUp'), { testid: 'totp-setup', disabled: locked, onclick: change(() => totpSetup()) }),
        by.totp.enrolled ? small(t('settings.remove'), { testid: 'totp-remove', disabled: locked || !by.totp.removable, onclick: change(() => api('DELETE', '/settings/methods/totp')) }) : null,
      ),
    ),
    section('sms', by.sms, by.sms.enrolled ? h('p', { testid: 'sms-number' }, by.sms.detail) : h('p', { class: 'hint' }, t('settings.noPhone')), phoneForm(by.sms, locked, change)),
    section(
      'emergency-code',
      by['emergency-code'],
      h('p', { testid: 'emergency-state' }, emergencyState(by['emergency-code'])),
      small(t('settings.emergencyRenew'), {
        testid: 'emergency-renew',
        disabled: locked,
        onclick: change(async () => {
          const r = await api<{ emergencyCode: string }>('POST', '/settings/emergency-code');
          return h('div', { class: 'notice' }, h('p', null, t('settings.emergencyNew')), h('p', { class: 'emergency-code', testid: 'new-emergency-code' }, r.emergencyCode));
        }),
      }),
    ),
    defaultMethod(s, locked, change),
    h('p', { class: 'links' }, linkTo('/connect/home', t('settings.back'), 'settings-back')),
  );
  page.classList.add('wide');
  mount(root, page);
}

/** The emergency code's state; a code without a creation date says so without one (never "created null"). */
function emergencyState(m: SecurityMethodView): string {
  if (!m.enrolled) return t('settings.emergencyNone');
  return m.enrolledAt ? t('settings.emergencySince', { date: day(m.enrolledAt) }) : t('settings.emergencyUnused');
}

/** "Passkey (synced) · added 1 Dec 2026 · last used 2 Dec 2026", in the page's language. */
function passkeyMeta(p: PasskeyView): string {
  const kind = KIND[p.kind] ? t(KIND[p.kind]) : p.kind;
  return [p.backedUp ? t('settings.synced', { kind }) : kind, t('settings.added', { date: day(p.createdAt) }), p.lastUsedAt ? t('settings.lastUsed', { date: day(p.lastUsedAt) }) : t('settings.neverUsed')].join(' · ');
}

type Change = (fn: () => Promise<Child | void>) => () => Promise<void>;

function section(method: SecondFactorMethod, m: SecurityMethodView, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'setting', testid: `setting-${method}` },
    h('h2', null, t(LABEL[method]), m.isDefault ? h('span', { class: 'badge', testid: `default-${method}` }, t('settings.isDefault')) : null, m.enrolled ? h('span', { class: 'badge on' }, t('settings.on')) : null),
    ...body,
  );
}

function stepUpBox(s: SecuritySettingsView, change: Change): HTMLElement {
  if (s.stepUp.fresh) return h('p', { class: 'notice', testid: 'stepup-fresh' }, t('settings.stepUpFresh', { time: time(s.stepUp.until) }));
  const code = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: t('settings.codePlaceholder'), testid: 'stepup-code' });
  const smsCode = input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: t('settings.smsPlaceholder'), testid: 'stepup-sms-code' });
  const smsBox = h('div', { hidden: true }, field(t('settings.smsCode'), smsCode), small(t('settings.confirm'), { testid: 'stepup-sms', onclick: change(() => api('POST', '/step-up', { method: 'sms', code: smsCode.value.trim() })) }));
  const m = s.stepUp.methods;
  const smsErr = errorBox();
  return h(
    'div',
    { class: 'stepup', testid: 'stepup' },
    h('h2', null, t('settings.stepUpTitle')),
    h('p', null, t('settings.stepUpIntro')),
    m.includes('push') ? pushStepUpBox() : null,
    m.includes('passkey') ? small(t('methods.passkeyUse'), { testid: 'stepup-passkey', onclick: change(() => passkeyStepUp()) }) : null,
    m.includes('totp') ? h('div', null, field(t('settings.totpCode'), code), small(t('settings.confirm'), { testid: 'stepup-totp', onclick: change(() => api('POST', '/step-up', { method: 'totp', code: code.value.trim() })) })) : null,
    m.includes('sms')
      ? h(
          'div',
          null,
          small(t('settings.smsSend'), {
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
  if (!list.length) return h('p', { class: 'hint' }, t('push.recommended'));
  return h(
    'ul',
    { class: 'keys', testid: 'devices' },
    ...list.map((d) =>
      h(
        'li',
        { testid: 'device-row' },
        ...deviceLine(d),
        h('div', { class: 'row-actions' }, small(t('settings.remove'), { testid: 'device-remove', 'aria-label': t('settings.removeNamed', { name: d.name }), disabled: locked || !m.removable, onclick: change(() => api('DELETE', `/devices/${encodeURIComponent(d.id)}`)) })),
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
      mount(out, h('p', null, t('push.tapNumber')), h('p', { class: 'push-number', testid: 'stepup-push-number' }, String(p.number)));
      for (;;) {
        if (!document.body.contains(out)) return;
        const r = await api<{ status: string; reason: string | null }>('POST', '/step-up/push/result', { pushId: p.pushId, waitSeconds: 8 });
        if (r.status === 'approved') return settingsPage();
        if (r.status !== 'pending') return mount(out, h('p', { class: 'error', testid: 'stepup-push-ended' }, r.reason === 'wrong-number' ? t('settings.pushWrongNumber') : t('settings.pushNotConfirmed')));
      }
    } catch (e) {
      showError(err, e);
    }
  };
  return h('div', null, small(t('methods.pushLabel'), { testid: 'stepup-push', onclick: () => void run() }), err, out);
}

function passkeyList(list: PasskeyView[], m: SecurityMethodView, locked: boolean, change: Change): HTMLElement {
  if (!list.length) return h('p', { class: 'hint' }, t('settings.passkeysNone'));
  return h(
    'ul',
    { class: 'keys' },
    ...list.map((p) => {
      const name = input({ value: p.name, maxlength: 60, testid: 'passkey-rename-input', 'aria-label': t('settings.newName') });
      const rename = h('div', { class: 'rename', hidden: true }, name, small(t('settings.save'), { testid: 'passkey-rename-save', onclick: change(() => api('PATCH', `/passkeys/${encodeURIComponent(p.id)}`, { name: name.value }).then(() => undefined)) }));
      return h(
        'li',
        { testid: 'passkey-row' },
        h('strong', { testid: 'passkey-name' }, p.name),
        h('small', null, passkeyMeta(p)),
        h(
          'div',
          { class: 'row-actions' },
          small(t('settings.rename'), { testid: 'passkey-rename', disabled: locked, onclick: () => ((rename.hidden = !rename.hidden), name.focus()) }),
          small(t('settings.remove'), { testid: 'passkey-remove', disabled: locked || !m.removable, onclick: change(() => api('DELETE', `/passkeys/${encodeURIComponent(p.id)}`)) }),
        ),
        rename,
      );
    }),
  );
}

function addPasskey(locked: boolean, change: Change): HTMLElement {
  const name = input({ maxlength: 60, placeholder: t('settings.namePlaceholder'), testid: 'passkey-name-input' });
  return h(
    'div',
    { class: 'add' },
    field(t('settings.newPasskeyName'), name),
    small(t('settings.addPasskey'), {
      testid: 'add-passkey',
      disabled: locked,
      onclick: change(async () => {
        const p = await registerPasskey(name.value.trim() || t('settings.defaultPasskeyName'));
        return h('p', { class: 'notice', testid: 'passkey-added' }, t('settings.passkeyAdded', { name: p.name }));
      }),
    }),
  );
}

/** Add or replace the authenticator app: a QR code, then the new app's code. */
async function totpSetup(): Promise<Child> {
  const s = await api<{ secret: string; otpauthUri: string; qrPngDataUrl: string }>('POST', '/settings/totp');
  const code = input({ inputmode: 'numeric', maxlength: 6, placeholder: t('settings.codePlaceholder'), testid: 'settings-totp-code' });
  const err = errorBox();
  const box = h(
    'div',
    { class: 'notice', testid: 'settings-totp' },
    h('p', null, t('settings.totpScan')),
    h('div', { class: 'qr' }, h('img', { src: s.qrPngDataUrl, alt: t('enrol.qrAlt'), width: 200, height: 200 })),
    h('p', { class: 'secret', testid: 'settings-manual-key' }, s.secret.replace(/(.{4})/g, '$1 ').trim()),
    err,
    field(t('settings.totpCodeNew'), code),
    small(t('settings.confirm'), {
      testid: 'settings-totp-confirm',
      onclick: async () => {
        try {
          await api('POST', '/settings/totp/confirm', { code: code.value.trim() });
          await settingsPage(h('p', { class: 'notice', testid: 'totp-saved' }, t('settings.totpSaved')));
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
  const code = input({ inputmode: 'numeric', maxlength: 6, placeholder: t('settings.codePlaceholder'), testid: 'settings-phone-code' });
  const verify = h('div', { hidden: true }, field(t('settings.smsCode'), code), small(t('phone.verify'), { testid: 'settings-phone-verify', disabled: locked, onclick: change(() => api('POST', '/enrolment/sms/confirm', { code: code.value.trim() }).then(() => undefined)) }));
  const err = errorBox();
  return h(
    'div',
    null,
    m.enrolled ? small(t('settings.remove'), { testid: 'sms-remove', disabled: locked || !m.removable, onclick: change(() => api('DELETE', '/settings/methods/sms')) }) : null,
    err,
    field(m.enrolled ? t('settings.replaceNumber') : t('phone.number'), phone),
    small(t('phone.send'), {
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
  const select = h('select', { testid: 'default-method', 'aria-label': t('settings.defaultTitle'), disabled: locked }, ...ways.map((m) => h('option', { value: m.method, selected: m.isDefault }, t(LABEL[m.method]))));
  return h(
    'section',
    { class: 'setting' },
    h('h2', null, t('settings.defaultTitle')),
    h('p', { class: 'hint' }, t('settings.defaultHint')),
    h('div', { class: 'row-actions' }, select, small(t('settings.save'), { testid: 'default-save', disabled: locked, onclick: change(() => api('PUT', '/settings/default-method', { method: select.value }).then(() => undefined)) })),
  );
}

/** Offered during activation (stage add-phone): a passkey or security key next to the authenticator app. */
export function passkeyOffer(): HTMLElement | null {
  if (!passkeysSupported()) return null;
  const name = input({ maxlength: 60, placeholder: t('settings.namePlaceholder'), testid: 'offer-passkey-name' });
  const err = errorBox();
  const done = h('p', { class: 'notice', testid: 'offer-passkey-done', hidden: true });
  return h(
    'div',
    { class: 'methods' },
    h('p', null, h('strong', null, t('settings.offerTitle')), ' ', t('settings.offerText')),
    err,
    field(t('settings.name'), name),
    small(t('settings.addPasskey'), {
      testid: 'offer-passkey',
      onclick: async () => {
        err.hidden = true;
        try {
          const p = await registerPasskey(name.value.trim() || t('settings.defaultPasskeyName'));
          done.textContent = t('settings.passkeyAdded', { name: p.name });
          done.hidden = false;
        } catch (e) {
          showError(err, e);
        }
      },
    }),
    done,
  );
}

export const settingsLink = (): HTMLElement => linkTo('/connect/settings', t('settings.title'), 'settings-link');
