import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestApp, DEMO_PASSWORD, nextDemoCode, type TestApp } from '../create-test-app.js';

export const ARTIFACTS = resolve('test/browser/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserRun {
  t: TestApp;
  baseUrl: string;
  browser: Browser | null;
  page: Page;
  /** Screenshot into test/browser/artifacts/<name>.png */
  shot(name: string): Promise<string>;
  /** Signs a demo staff member in through the real sign-in page. */
  signIn(email: string): Promise<void>;
  /** Answers the step-up dialog the console opens when the API asks for a fresh authenticator code. */
  stepUp(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the app (with the built SPA from dist/public) on a free port against a fresh database, and a headless Chromium. */
export async function startBrowserRun(opts: { realMail?: boolean; env?: Record<string, string>; localhost?: boolean } = {}): Promise<BrowserRun> {
  if (!existsSync(resolve('dist/public/index.html'))) throw new Error('The SPA is not built: run `npm run build:ui` first (npm test does).');
  // WebAuthn needs a domain (an IP address cannot be a relying-party ID): `localhost` runs at http://localhost:<port>
  // with PUBLIC_URL set to it, so passkeys are bound to `localhost`.
  const port = opts.localhost ? await freePort() : 0;
  const t = await createTestApp({ env: { STATIC_DIR: resolve('dist/public'), ...(opts.localhost ? { PUBLIC_URL: `http://localhost:${port}` } : {}), ...opts.env }, realMail: opts.realMail });
  await t.app.listen(port, '127.0.0.1');
  const addr = t.app.getHttpServer().address();
  const baseUrl = `http://${opts.localhost ? 'localhost' : '127.0.0.1'}:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // Mailed links (PUBLIC_URL) point at this server, as `npm start` does with the port it listens on.
  if (!t.config.publicUrlExplicit) t.config.publicUrl = baseUrl;
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const browser = context.browser()!;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  mkdirSync(ARTIFACTS, { recursive: true });
  const run: BrowserRun = {
    t,
    baseUrl,
    browser,
    page,
    async shot(name) {
      // From the top of the page, after transitions settle (the app bar is fixed).
      await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(400);
      const file = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async signIn(email) {
      await context.clearCookies(); // a new session: whoever was signed in before is signed out
      await page.goto(baseUrl + '/#/login');
      await page.getByTestId('signin-email').locator('input').or(page.locator('[data-testid="signin-email"] input, input[data-testid="signin-email"]')).first().fill(email);
      await page.locator('[data-testid="signin-password"] input, input[data-testid="signin-password"]').first().fill(DEMO_PASSWORD);
      await page.getByTestId('signin-submit').click();
      const codeInput = page.locator('[data-testid="signin-code"] input, input[data-testid="signin-code"]').first();
      await codeInput.waitFor();
      await codeInput.fill(await nextDemoCode(t.clock));
      await page.getByTestId('signin-verify').click();
    },
    async stepUp() {
      const input = page.getByTestId('stepup-code');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(await nextDemoCode(t.clock));
      await page.getByTestId('stepup-submit').click();
    },
    async close() {
      await context.close();
      await t.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (errors.length) console.warn('Page errors:', errors);
    },
  };
  return run;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, dialogs and states included: the serious and
 * critical violations, each with the elements it names. Every journey calls this on each page and state it reaches.
 */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** WCAG 1.4.10 reflow: at the current viewport the document scrolls only vertically (wide tables scroll in their own region). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const widest: string[] = [];
    if (doc.scrollWidth > doc.clientWidth + 1) {
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right > doc.clientWidth + 1 && r.width > 0) widest.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${String(el.className).split(' ').slice(0, 2).join('.')} (${Math.round(r.right)}px)`);
        if (widest.length >= 6) break;
      }
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, widest };
  });
}
