import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The staff inbox in headless Chromium at 1280x720 (issue 19): search and filters above the queue,
// assigning a ticket to a colleague, a canned reply sent on the reseller's thread, the new-ticket
// notification and the tab title count, and nothing cut off.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MARIA = '+34612345603'; // B2B-003, Viajes Conecta, prepaid
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-inbox.png') : path.join(os.tmpdir(), 'esimhub-staff-inbox.png');
const PASSWORD = 'correct horse battery';

describe('the staff inbox in the browser', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { email: 'olga@esimhub.test', name: 'Olga', password: PASSWORD, role: 'owner' });
    await addStaffUser(db, { email: 'ana@esimhub.test', name: 'Ana', password: PASSWORD, role: 'staff' });
    await addStaffUser(db, { email: 'bo@esimhub.test', name: 'Bo', password: PASSWORD, role: 'staff' });
    await db.prisma.cannedReply.create({ data: { language: 'es', title: 'Saludo', body: 'Hola, soy del equipo de eSIM Hub. Le ayudo ahora mismo.' } });
    await db.prisma.cannedReply.create({ data: { language: 'en', title: 'Hello', body: 'Hello, this is the eSIM Hub team.' } });
    await chat.receive('wechat', 'wxid_youyi_chen', 'I want to talk to a person');
    await chat.say(MARIA, 'Japan 1GB 7 days x 2');
    await chat.say(MARIA, 'Quiero hablar con una persona');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await chat.stop();
    await db.close();
  });

  /** Every element matched lies inside the 1280x720 window, and the page does not scroll sideways. */
  async function nothingCutOff(page: Page, selectors: string[]) {
    for (const selector of selectors) {
      for (const element of await page.$$(selector)) {
        const box = (await element.boundingBox())!;
        expect({ selector, right: Math.min(box.x + box.width, 1280), bottom: Math.min(box.y + box.height, 720), left: Math.max(box.x, 0), top: Math.max(box.y, 0) })
          .toEqual({ selector, right: box.x + box.width, bottom: box.y + box.height, left: box.x, top: box.y });
      }
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
  }

  test('search, filter, assign to a colleague, send a canned reply; a new ticket notifies and counts in the title', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // The notifications the page raises, recorded (headless Chromium shows none).
    await page.addInitScript('window.shown = []; window.Notification = class { static permission = "granted"; static requestPermission = async () => "granted"; constructor(title) { window.shown.push(title); } };');
    // Polled from outside the page (as staff-documents-page.test.ts does).
    const shows = (expression: string) => until(async () => ((await page.evaluate(expression)) ? true : null), expression, 10_000);
    const onlyTicket = (text: string) => shows(`document.querySelectorAll('.ticket').length === 1 && document.querySelector('.ticket').textContent.includes(${JSON.stringify(text)})`);
    await page.goto(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', 'ana@esimhub.test');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.waitForSelector('.ticket:has-text("Viajes Conecta")');
    await until(async () => ((await page.title()).startsWith('(2) ') ? true : null), 'the title count');

    // Search by WeChat id, then filter by channel: Chen's ticket alone.
    await page.fill('#search input[name=q]', 'wxid_youyi_chen');
    await page.waitForSelector('.ticket:has-text("Viajes Conecta")', { state: 'detached' });
    await page.selectOption('#search select[name=channel]', 'wechat');
    await onlyTicket('Youyi Travel Tech');
    await page.selectOption('#search select[name=channel]', 'email');
    await page.waitForSelector('text=No ticket matches the search and filters.');
    await page.selectOption('#search select[name=channel]', '');
    await page.click('.ticket:has-text("Youyi Travel Tech")');
    // The header names who writes; the postpaid account shows its credit.
    await page.waitForSelector('.who-writes:has-text("Youyi Travel Tech Chen Jie (owner)")');
    expect(await page.textContent('.actions')).toContain('wxid_youyi_chen');
    expect(await page.textContent('.account')).toMatch(/Credit limit[\s\S]*Used[\s\S]*Left/);

    // Assign to Bo: the header and the list say so; "claimed by others" finds it, "by me" does not.
    const bo = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: 'bo@esimhub.test' } });
    await page.selectOption('#assign-to', String(bo.id));
    await page.waitForSelector('.actions .tag.assigned:has-text("held by bo@esimhub.test")');
    await page.waitForSelector('.ticket:has-text("held by bo@esimhub.test")');
    await page.fill('#search input[name=q]', '');
    await page.selectOption('#search select[name=status]', 'others');
    await onlyTicket('Youyi');
    await page.selectOption('#search select[name=status]', 'mine');
    await page.waitForSelector('text=No ticket matches the search and filters.');
    expect((await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'ticket.assign' } })).actor).toBe('ana@esimhub.test');

    // María's ticket: claim it and send the Spanish canned reply on her own thread.
    await page.selectOption('#search select[name=status]', 'active');
    await page.fill('#search input[name=q]', 'Viajes');
    await onlyTicket('Viajes Conecta');
    await page.click('.ticket:has-text("Viajes Conecta")');
    await page.waitForSelector('.who-writes:has-text("Viajes Conecta")');
    expect(await page.textContent('.account')).toContain('Prepaid balance');
    await page.click('button#claim');
    await page.waitForSelector('.actions .tag.assigned:has-text("held by ana@esimhub.test")');
    await chat.replies(MARIA);
    const canned = await page.$$eval('#canned option', (options) => options.map((o) => o.textContent));
    expect(canned.slice(1, 2)).toEqual(['es · Saludo']); // the conversation's language first
    await page.selectOption('#canned', { label: 'es · Saludo' });
    expect(await page.inputValue('#reply textarea')).toBe('Hola, soy del equipo de eSIM Hub. Le ayudo ahora mismo.');
    await nothingCutOff(page, ['#search input', '#search select', '#assign-to', '#canned', '#reply textarea', '#reply button', '#release', 'header nav a', '#logout']);
    await page.screenshot({ path: SCREENSHOT });
    await page.click('#reply button[type=submit]');
    await page.waitForSelector('.msg.staff:has-text("Le ayudo ahora mismo")');
    const sent = await until(async () => {
      const texts = (await chat.replies(MARIA)).map((m) => m.text);
      return texts.length ? texts : null;
    }, 'the canned reply');
    expect(sent).toEqual(['Hola, soy del equipo de eSIM Hub. Le ayudo ahora mismo.']);

    // A new ticket: a notification and the count in the tab title, without a reload.
    await chat.receive('email', 'ops@dubaitravelhub.ae', 'I want to talk to a person, please');
    await shows('window.shown.length === 1');
    expect(await page.evaluate('window.shown')).toEqual(['New ticket: person requested']);
    await until(async () => ((await page.title()) === '(1) eSIM Hub staff · queue' ? true : null), 'the title count'); // the open ones: Chen's and María's are held
    await page.close();
  }, 90_000);
});
