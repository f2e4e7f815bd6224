import { chromium, type Browser, type Page } from 'playwright-core';
import { proposePrice } from '../../bot/prices/customer-prices';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Issue 15 in the browser (headless Chromium, 1280x720, a slow network): a `staff` user sees the
// proposed customer price without an Approve button and the server refuses a forged approval; an
// owner approves it with the button, and the reseller's next quote uses the price.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MARIA = '+34612345603'; // B2B-003 Viajes Conecta, tier_1

describe('price approval in the staff app', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  let priceId = 0;

  async function signedIn(email: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });
    await page.goto(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.waitForSelector('.approval:has-text("ESIM-JP-10GB-15D")');
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    const sam = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
    await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    priceId = await proposePrice(db, { customerId: 'B2B-003', sku: 'ESIM-JP-10GB-15D', price: '10.50', validTo: '2027-05-31', reason: 'Contract C-2026-044', staffId: sam, staffEmail: 'sam@esimhub.test' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await db?.close();
  });

  test('staff: no Approve button, and a forged approval from the page is refused', async () => {
    const page = await signedIn('sam@esimhub.test', 'staff password long');
    const card = page.locator('.approval', { hasText: 'ESIM-JP-10GB-15D' });
    expect(await card.locator('button').count()).toBe(0);
    expect(await card.locator('.owner-only').textContent()).toBe('an owner approves');
    // The request the button would send, from the signed-in session with the page's CSRF token.
    const csrf = (await page.getAttribute('meta[name="csrf-token"]', 'content'))!;
    const response = await page.request.post(`${chat.url}/staff/api/prices/${priceId}/approve`, { headers: { 'x-csrf-token': csrf }, data: {} });
    const forged = { status: response.status(), body: await response.json() };
    expect(forged).toEqual({ status: 403, body: { error: 'this needs the owner role; you are signed in as staff' } });
    const { rows } = await db.pool.query(`SELECT approved_by FROM customer_specific_prices WHERE id = $1`, [priceId]);
    expect(rows[0].approved_by).toBeNull();
    await page.close();
  }, 60_000);

  test('owner: approves with the button; the next quote uses the price', async () => {
    const page = await signedIn('olga@esimhub.test', 'owner password long');
    await page.click(`button[data-price="${priceId}"]`);
    await page.waitForSelector('.approval:has-text("ESIM-JP-10GB-15D")', { state: 'detached' });
    const { rows } = await db.pool.query(`SELECT approved_by FROM customer_specific_prices WHERE id = $1`, [priceId]);
    expect(rows[0].approved_by).toBe('olga@esimhub.test');
    await page.close();

    // A second proposal, rejected with its button: it never applies.
    const sam = (await db.pool.query(`SELECT id FROM staff_users WHERE email = 'sam@esimhub.test'`)).rows[0].id as number;
    const second = await proposePrice(db, { customerId: 'B2B-003', sku: 'ESIM-JP-3GB-15D', price: '3.90', validTo: '2027-05-31', reason: 'Trial offer', staffId: sam, staffEmail: 'sam@esimhub.test' });
    const again = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await again.goto(`${chat.url}/staff/login`);
    await again.fill('input[name=email]', 'olga@esimhub.test');
    await again.fill('input[name=password]', 'owner password long');
    await again.click('button[type=submit]');
    await again.waitForURL(`${chat.url}/staff`);
    await again.click(`button[data-reject="${second}"]`);
    await again.waitForSelector(`button[data-reject="${second}"]`, { state: 'detached' });
    const { rows: [rejected] } = await db.pool.query(`SELECT rejected_by FROM customer_specific_prices WHERE id = $1`, [second]);
    expect(rejected.rejected_by).toBe('olga@esimhub.test');
    await again.close();

    await chat.say(MARIA, '20 x ESIM-JP-10GB-15D');
    const { rows: [line] } = await db.pool.query(`SELECT l.unit_price_usd_minor FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.customer_id = 'B2B-003' ORDER BY l.id DESC LIMIT 1`);
    expect(Number(line.unit_price_usd_minor)).toBe(1050);
  }, 60_000);
});
