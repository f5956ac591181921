/**
 * The browser tests' harness: the whole system as `npm run up` starts it (every service a process of
 * its own, on the test stack's servers and a database of its own, seeded with the demo users), one
 * headless Chromium from @sparticuz/chromium driven by playwright-core, and on a failure a screenshot
 * and the console of every open page under .stack/test-runs/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { freePort } from '../../infra/stack/process.ts';
import { eventually, mongoUrlFor, testStack } from '../support/stack.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The seeded demo users (infra/seed/data.ts), as a new user finds them in the README. */
export const DEMO = {
  admin: { login: 'demo.admin', password: 'admin-1520' },
  operator: { login: 'operator', password: 'operator-1520' },
  executor: { login: 'executor', password: 'executor-1520' },
  manager: { login: 'manager', password: 'manager-1520' },
  ict: { login: 'ict', password: 'ict-1520' },
  resident: { login: '+380671234567', password: 'applicant-1520' },
} as const;
export type DemoUser = keyof typeof DEMO;

export interface UpStack {
  url: string;
  api: ReturnType<typeof request>;
  token(user: DemoUser): Promise<string>;
  stop(): Promise<void>;
}

/** `infra/cli.ts up` on the test stack's servers; resolves once it reports every service ready. */
export async function startUp(): Promise<UpStack> {
  const s = testStack();
  const port = await freePort();
  const up: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'cli.ts'), 'up'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS,
      MONGO_URL: mongoUrlFor('web'),
      NATS_URL: s.NATS_URL,
      SMTP_URL: s.SMTP_URL,
      PORT: String(port),
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      ADMIN_LOGIN: 'web.admin',
      ADMIN_PASSWORD: `web-admin-${randomBytes(6).toString('hex')}`,
      CITY_PREFIX: `W${randomBytes(3).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 7),
      NOTIFY_DURABLE: `web-${randomBytes(4).toString('hex')}`,
      NOTIFY_DELIVER_POLICY: 'new',
      REPORT_SCHEDULES: 'off',
      REPORT_DURABLE: `web-${randomBytes(4).toString('hex')}`,
      REPORT_DELIVER_POLICY: 'new',
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  up.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => up.once('exit', (code) => resolve(code)));
  const died = exited.then((code) => {
    throw new Error(`npm run up exited with ${code} before it was ready; it printed:\n${output}`);
  });
  await Promise.race([eventually(async () => (output.includes('all services ready') ? true : undefined), 'npm run up to report every service ready', 150_000), died]);
  died.catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const api = request(url);
  const tokens = new Map<DemoUser, string>();
  return {
    url,
    api,
    async token(user) {
      const known = tokens.get(user);
      if (known) return known;
      const res = await api.post('/api/v1/auth/login').send(DEMO[user]);
      if (res.status !== 200) throw new Error(`sign-in of ${user}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(user, res.body.token as string);
      return res.body.token as string;
    },
    async stop() {
      if (up.exitCode === null) {
        up.kill('SIGINT');
        await exited;
      }
    },
  };
}

/** What the pages must work under (the gateway's security headers may be laxer, never stricter). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

interface Tracked {
  name: string;
  page: Page;
  console: string[];
}

/**
 * One browser and one context for the whole run (the package's arguments run Chromium as a single
 * process, which does not survive closing a context); each person gets a page of their own, and the
 * app keeps its session per page (sessionStorage), so their sign-ins stay apart.
 */
export class Browsers {
  private browser?: Browser;
  private context?: BrowserContext;
  private tracked: Tracked[] = [];

  async start(): Promise<void> {
    this.browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
    this.context = await this.browser.newContext({ locale: 'uk-UA', timezoneId: 'Europe/Kyiv', viewport: { width: 1280, height: 900 } });
    this.context.setDefaultTimeout(30_000);
    // The pages run under the strictest policy the gateway may send: no inline script or style, nothing from elsewhere.
    await this.context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    });
    // A page that stays open: the single-process browser ends with its last page.
    await this.context.newPage();
  }

  /** A fresh page for a person, on a phone-sized screen when `phone` is set. */
  async page(name: string, opts: { phone?: boolean } = {}): Promise<Page> {
    const page = await this.context!.newPage();
    if (opts.phone) await page.setViewportSize({ width: 390, height: 844 });
    const t: Tracked = { name, page, console: [] };
    page.on('console', (m) => t.console.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => t.console.push(`[pageerror] ${e.message}`));
    page.on('requestfailed', (r) => t.console.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    this.tracked.push(t);
    return page;
  }

  /** Console lines of the test's pages that report a script error or a Content Security Policy violation. */
  problems(): string[] {
    return this.tracked.flatMap((t) => t.console.filter((l) => l.startsWith('[pageerror]') || /Content Security Policy/i.test(l)).map((l) => `${t.name}: ${l}`));
  }

  /** Every page's console so far (a test may assert there were no script errors). */
  consoleOf(page: Page): string[] {
    return this.tracked.find((t) => t.page === page)?.console ?? [];
  }

  /** Saves a screenshot and the console of every page of the test under .stack/test-runs/web-<time>/. */
  async saveFailure(title: string): Promise<string> {
    const dir = path.join(repoRoot, '.stack', 'test-runs', `web-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(dir, { recursive: true });
    const slug = title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    for (const [i, t] of this.tracked.entries()) {
      const base = path.join(dir, `${slug}-${i}-${t.name}`);
      await t.page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
      fs.writeFileSync(`${base}.console.txt`, `${t.page.url()}\n${t.console.join('\n')}\n`);
    }
    return dir;
  }

  /** Closes the test's pages (the browser stays for the next test). */
  async closePages(): Promise<void> {
    for (const t of this.tracked.splice(0)) await t.page.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }
}

/** A 1×1 PNG: a real photo as far as the attachment check (which reads the file's own bytes) goes. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, url: string, user: DemoUser): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Логін або номер телефону').fill(DEMO[user].login);
  await page.getByLabel('Пароль').fill(DEMO[user].password);
  await page.getByRole('button', { name: 'Увійти' }).click();
  await page.getByRole('button', { name: 'Вийти' }).waitFor();
}
