import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The staff app in headless Chromium (Debian's, driven by playwright-core): sign in, a ticket
// appears live, claim, reply into the reseller's web chat, release, and the bot answers again.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESELLER = '+34612345603'; // B2B-003, María López
// UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes to the temp folder.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-queue.png') : path.join(os.tmpdir(), 'esimhub-staff-queue.png');

async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the staff app', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { email: 'ana@esimhub.test', name: 'Ana', password: 'correct horse battery' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await chat.stop();
    await db.close();
  });

  test('nothing under /staff is reachable without signing in; wrong passwords are refused and throttled', async () => {
    expect((await fetch(`${chat.url}/staff`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/login');
    for (const api of ['/staff/api/queue', '/staff/api/conversations/1', '/staff/api/events']) expect((await fetch(`${chat.url}${api}`)).status).toBe(401);
    expect((await fetch(`${chat.url}/staff/api/tickets/1/claim`, { method: 'POST' })).status).toBe(401);
    const attempt = (password: string) =>
      fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'ignored' }, body: JSON.stringify({ email: 'ana@esimhub.test', password }) });
    expect((await attempt('wrong')).status).toBe(401);
    const good = await attempt('correct horse battery');
    expect(good.status).toBe(200);
    const cookie = good.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/staff/);
    // Signed in but without the CSRF token: no change is accepted.
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${chat.url}/staff/api/queue`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${chat.url}/staff/api/tickets/1/claim`, { method: 'POST', headers: { cookie: session } })).status).toBe(403);
  });

  test('a ticket appears live; staff claim it, reply into the reseller\'s web chat, and release it back to the bot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${chat.url}/staff`);
    expect(page.url()).toBe(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', 'ana@esimhub.test');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.waitForSelector('text=Nothing waiting');

    // The reseller asks for a person in web chat; the ticket shows up without a reload.
    await chat.post(RESELLER, 'Japan 1GB 7 days x 2');
    await chat.bot.idle();
    await chat.post(RESELLER, 'I want to talk to a person');
    await page.waitForSelector('.ticket:has-text("person requested")');
    await page.click('.ticket:has-text("person requested")');
    await page.click('button#claim');
    await page.waitForSelector('.tag.claimed');
    await page.fill('#reply textarea', 'Hola María, soy Ana. Le preparo el pedido ahora mismo.');
    await page.click('#reply button[type=submit]');
    await page.waitForSelector('.msg.staff');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const staffReply = await until(async () => (await chat.replies(RESELLER)).find((m) => m.text.includes('soy Ana')), 'the staff reply in web chat');
    expect(staffReply.text).toBe('Hola María, soy Ana. Le preparo el pedido ahora mismo.');

    // While held, the bot stays silent in that conversation.
    await chat.post(RESELLER, 'Japan 1GB 7 days x 3');
    await chat.bot.idle();
    expect(await chat.replies(RESELLER)).toEqual([]);

    await page.click('button#release');
    await page.waitForSelector('text=Nothing waiting');
    const answer = await chat.say(RESELLER, 'Japan 1GB 7 days x 4');
    expect(answer.map((m) => m.text).join('\n')).toMatch(/Q-\d+/);
    await page.close();
  }, 60_000);

  test('the same queue from the command line', async () => {
    await chat.say('+66812345601', 'I want to talk to a person');
    const env = { DATABASE_URL: db.url };
    const listed = await runCli(['queue', 'list'], env);
    expect(listed.code).toBe(0);
    const ticket = /#(\d+)\s+open\s+person_requested/.exec(listed.stdout)?.[1];
    expect(ticket).toBeDefined();
    expect((await runCli(['queue', 'claim', ticket!, '--as', 'ana@esimhub.test'], env)).code).toBe(0);
    const replied = await runCli(['queue', 'reply', ticket!, '--as', 'ana@esimhub.test', 'Hello', 'from', 'Ana'], env);
    expect(replied).toMatchObject({ code: 0, stderr: '' });
    expect((await chat.replies('+66812345601')).map((m) => m.text)).toContain('Hello from Ana');
    expect((await runCli(['queue', 'release', ticket!, '--as', 'nobody@esimhub.test'], env)).code).toBe(1);
    expect((await runCli(['queue', 'release', ticket!, '--as', 'ana@esimhub.test'], env)).code).toBe(0);
    expect((await runCli(['queue', 'list'], env)).stdout).toMatch(/Nothing waiting/);
    const added = await runCli(['staff', 'add', 'ben@esimhub.test', '--name', 'Ben'], env);
    expect(added.code).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[A-Za-z0-9]{16}$/);
  }, 60_000);
});
