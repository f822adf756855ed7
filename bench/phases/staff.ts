/**
 * The staff session the console phases use: `/api/auth/sign-in` + `/api/auth/sign-in/totp`.
 *
 * The server accepts each TOTP time step once (a code for a step at or before the last accepted one is refused),
 * so two runs within one 30 s step would collide. The step used is remembered next to the manifest; the next run
 * takes a later one — the next step is accepted at once (±1 step tolerance), a step further ahead is waited for.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSync } from 'otplib';
import type { ScaleManifest } from '../seed-scale.js';
import { log, MANIFEST } from '../options.js';
import { send } from '../lib/http.js';

const PERIOD_S = 30;
const STEP_FILE = MANIFEST.replace(/\.manifest\.json$/, '') + '.totp-step';
const stepNow = () => Math.floor(Date.now() / 1000 / PERIOD_S);

function lastStep(): number {
  try {
    return existsSync(STEP_FILE) ? Number(readFileSync(STEP_FILE, 'utf8').trim()) || 0 : 0;
  } catch {
    return 0;
  }
}

async function attempt(port: number, m: ScaleManifest, step: number): Promise<{ headers: Record<string, string> | null; status: number; body: string }> {
  const a = await send(port, 'POST', '/api/auth/sign-in', {}, JSON.stringify({ email: m.staff.email, password: m.staff.password }));
  if (a.status !== 200) return { headers: null, status: a.status, body: a.body };
  const { challenge } = JSON.parse(a.body) as { challenge: string };
  const code = generateSync({ secret: m.staff.totpSecret, epoch: step * PERIOD_S });
  const b = await send(port, 'POST', '/api/auth/sign-in/totp', {}, JSON.stringify({ challenge, code }));
  if (b.status !== 200) return { headers: null, status: b.status, body: b.body };
  const cookie = ([] as string[]).concat(b.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { headers: { cookie, 'x-csrf-token': (JSON.parse(b.body) as { csrfToken: string }).csrfToken }, status: 200, body: '' };
}

export async function signInStaff(port: number, m: ScaleManifest): Promise<Record<string, string> | null> {
  let step = Math.max(stepNow(), lastStep() + 1);
  // Two tries: the remembered step, then (a run elsewhere used the database) one step later.
  for (let tries = 0; tries < 2; tries++, step++) {
    const wait = (step - 1) * PERIOD_S * 1000 - Date.now();
    if (wait > 0) {
      log(`  staff TOTP: waiting ${Math.ceil(wait / 1000)} s for a time step not used yet`);
      await new Promise((r) => setTimeout(r, wait + 200));
    }
    const r = await attempt(port, m, step);
    if (r.headers) {
      writeFileSync(STEP_FILE, String(step));
      return r.headers;
    }
    log(`staff sign-in answered ${r.status}: ${r.body.slice(0, 200)}`);
    if (r.status !== 401 && r.status !== 400) return null;
  }
  return null;
}
