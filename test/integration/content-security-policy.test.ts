import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../bot/config';
import { rateLimitsFrom } from '../../bot/http/rate-limits';
import { buildHttpServer } from '../../bot/http/server';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// The web-chat page and the staff pages run under a strict Content-Security-Policy: no inline
// script, no inline style, nothing from elsewhere. Checked on the served HTML, and in headless
// Chromium by using the pages with a listener for policy violations.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const BUYER = '+66812345601'; // B2B-002 Bangkok Roam, postpaid
const STAFF = { email: 'ana@esimhub.test', password: 'correct horse battery' };

describe('Content-Security-Policy', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let http: FastifyInstance;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { email: STAFF.email, name: 'Ana', password: STAFF.password });
    // The harness's bot behind a server of our own, whose WhatsApp waits for pairing with an alert
    // up: the staff app then shows the pairing QR (a data: URL) and the alert too.
    const config = loadConfig({ DEMO_MODE: '1' });
    http = buildHttpServer({
      db,
      startedAt: new Date(),
      sink: chat.bot,
      demoMode: true,
      activity: chat.bot.activity,
      limits: rateLimitsFrom(config),
      whatsapp: () => ({ ready: false, pairingQr: '2@pairing-code-for-the-test', alert: 'WhatsApp was logged out <b>on the phone</b>' }),
    });
    url = await http.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await chat.stop();
    await db.close();
  });

  async function staffCookie(): Promise<string> {
    const login = await fetch(`${url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    expect(login.status).toBe(200);
    return login.headers.get('set-cookie')!.split(';')[0]!;
  }

  test('every HTML page has the policy and nosniff, and no inline script, style or event handler', async () => {
    const cookie = await staffCookie();
    for (const [path, headers] of [['/', {}], ['/staff/login', {}], ['/staff', { cookie }]] as const) {
      const response = await fetch(`${url}${path}`, { headers, redirect: 'manual' });
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      const html = await response.text();
      expect([path, html.match(/<script(?![^>]*\ssrc=)[^>]*>/gi)]).toEqual([path, null]); // every script is a file
      expect([path, html.match(/<style\b/gi)]).toEqual([path, null]);
      expect([path, html.match(/<[^>]*\s(on[a-z]+|style)\s*=[^>]*>/gi)]).toEqual([path, null]);
      expect([path, html.match(/javascript:/gi)]).toEqual([path, null]);
      // Its scripts and styles come from this server, as what they are.
      const assets = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of assets) {
        expect(asset).toMatch(/^\/[a-z]/); // same origin
        const file = await fetch(`${url}${asset}`);
        expect([asset, file.status]).toEqual([asset, 200]);
        expect(file.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
        expect(file.headers.get('x-content-type-options')).toBe('nosniff');
        // Markup the scripts build carries no inline handlers or style attributes either.
        if (asset.endsWith('.js')) expect([asset, (await file.text()).match(/<[^>]*\s(on[a-z]+|style)\s*=[^>]*>/gi)]).toEqual([asset, null]);
      }
    }
    // The staff app's CSRF token comes with the page as data, not as script.
    expect(await (await fetch(`${url}/staff`, { headers: { cookie } })).text()).toMatch(/<meta name="csrf-token" content="[A-Za-z0-9_-]{20,}">/);
    expect((await fetch(`${url}/healthz`)).headers.get('x-content-type-options')).toBe('nosniff');
  });

  /** A page that records every policy violation (the browser's console report and the DOM event) and every script error. */
  async function watchedPage(): Promise<{ page: Page; violations: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    const errors: string[] = [];
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));`);
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, violations, errors };
  }

  test('the web-chat page works under the policy: quote, confirmation, QR images; nothing is refused', async () => {
    const { page, violations, errors } = await watchedPage();
    const response = await page.goto(`${url}/`);
    expect(response!.headers()['content-security-policy']).toBe(POLICY);
    await page.waitForSelector(`#who option[value="${BUYER}"]`, { state: 'attached' });
    await page.selectOption('#who', BUYER);
    await page.fill('#text', 'Japan 1GB 7 days x 2');
    await page.click('#send button');
    await page.waitForSelector('.msg.bot:has-text("Q-")', { timeout: 15_000 });
    await page.fill('#text', 'yes');
    await page.click('#send button');
    await page.waitForSelector('.msg.bot img', { timeout: 20_000 });
    // Polled from outside: the policy forbids the eval a string waitForFunction polls with.
    await until(() => page.evaluate("[...document.querySelectorAll('.msg.bot img')].length > 0 && [...document.querySelectorAll('.msg.bot img')].every((i) => i.complete && i.naturalWidth > 0)"), 'the QR images drawn', 20_000);
    expect(await page.locator('.msg.me').count()).toBe(2);
    expect(await page.evaluate('getComputedStyle(document.querySelector(".msg.me")).backgroundColor')).toBe('rgb(43, 109, 232)'); // the stylesheet applied
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('the staff pages work under the policy: sign in, queue, claim, reply, release, side panels; injected inline code is refused', async () => {
    await chat.say(BUYER, 'SIM-TH-UNL-10D x 2');
    await chat.say(BUYER, 'yes');
    const { page, violations, errors } = await watchedPage();
    const login = await page.goto(`${url}/staff/login`);
    expect(login!.headers()['content-security-policy']).toBe(POLICY);
    await page.fill('input[name=email]', STAFF.email);
    await page.fill('input[name=password]', 'not the password');
    await page.click('button[type=submit]');
    await page.waitForSelector('#error:has-text("wrong email or password")');
    await page.fill('input[name=password]', STAFF.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/staff`);
    await page.waitForSelector('text=Nothing waiting');
    // The side panels: WhatsApp pairing (data: QR and an alert, escaped), a SIM order to ship, orders.
    await page.waitForSelector('#whatsapp img[alt="WhatsApp pairing QR"]');
    await until(() => page.evaluate("document.querySelector('#whatsapp img').naturalWidth > 0"), 'the pairing QR drawn', 20_000);
    expect(await page.textContent('#whatsapp .alert')).toBe('WhatsApp was logged out <b>on the phone</b>');
    await page.waitForSelector('[data-task] textarea.wide');
    await page.waitForSelector('#approvals .approval');
    await page.waitForSelector('#orders button[data-pull]');

    await chat.post(BUYER, 'I want to talk to a person');
    await page.waitForSelector('.ticket:has-text("person requested")', { timeout: 15_000 });
    await page.click('.ticket:has-text("person requested")');
    await page.click('button#claim');
    await page.waitForSelector('.tag.claimed');
    await page.fill('#reply textarea', 'Hello from Ana');
    await page.click('#reply button[type=submit]');
    await page.waitForSelector('.msg.staff:has-text("Hello from Ana")');
    await page.click('button#release');
    await page.waitForSelector('text=Nothing waiting');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);

    // Markup that got past escaping would still not run: the policy refuses inline handlers and
    // inline styles (and the listener above does see refusals).
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img src="/nothing-here" onerror="window.injected = true"><p id="styled" style="color: rgb(255, 0, 0)">x</p>')`);
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.injected === undefined')).toBe(true);
    expect(await page.evaluate('getComputedStyle(document.getElementById("styled")).color')).not.toBe('rgb(255, 0, 0)');
    expect(violations.join('\n')).toMatch(/script-src/);
    expect(violations.join('\n')).toMatch(/style-src/);
    await page.close();
  }, 60_000);
});
