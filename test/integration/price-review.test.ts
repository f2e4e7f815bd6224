import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import { poolSql } from '../../bot/db/sql';
import { proposePrice } from '../../bot/prices/customer-prices';
import { priceReview, remindExpiringPrices } from '../../bot/prices/price-review';
import { approvePrice } from '../../bot/staff/approvals';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// After approval (issue 15): staff are reminded once, 14 days before a customer price ends; the
// quarterly review lists every price in force in the quarter with its cards, revenue, cost and
// margin from the delivered orders, and the owner records keep or end (end: it stops after today).

const BANGKOK = '+66812345601'; // B2B-002, postpaid, tier_1
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-price-review.png') : path.join(os.tmpdir(), 'esimhub-staff-price-review.png');

describe.each(targets)('customer price reminders and the quarterly review on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let priceId = 0;
  const today = new Date().toISOString().slice(0, 10);
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  async function signIn(email: string, password: string) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    return {
      post: async (url: string, body: unknown) => {
        const r = await fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as { error?: string } };
      },
      get: (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } }),
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    const olga = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    const sam = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
    priceId = await proposePrice(db, { customerId: 'B2B-002', sku: 'ESIM-JP-10GB-15D', price: '10.50', validTo: inDays(10), reason: 'Year-end promotion', staffId: sam, staffEmail: 'sam@esimhub.test' });
    await approvePrice(db, priceId, { staffId: olga, email: 'olga@esimhub.test' });
    await chat.say(BANGKOK, '20 x ESIM-JP-10GB-15D');
    await chat.say(BANGKOK, 'yes');
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('staff are reminded once, 14 days before the price ends, and see it in the staff app', async () => {
    const first = await remindExpiringPrices(poolSql(db.pool), new Date());
    expect(first.filter((p) => p.id === priceId)).toEqual([{ id: priceId, customerId: 'B2B-002', sku: 'ESIM-JP-10GB-15D', validTo: inDays(10) }]);
    expect((await remindExpiringPrices(poolSql(db.pool), new Date())).filter((p) => p.id === priceId)).toEqual([]);
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    const { expiring } = (await (await sam.get('/staff/api/approvals')).json()) as { expiring: { id: number; validTo: string }[] };
    expect(expiring.find((p) => p.id === priceId)).toMatchObject({ validTo: inDays(10) });
  });

  test('the review lists the price with its delivered cards, revenue, cost and margin; the CSV adds up', async () => {
    const { rows: [order] } = await db.pool.query(`SELECT status::text FROM orders WHERE customer_id = 'B2B-002' ORDER BY id DESC LIMIT 1`);
    expect(order.status).toBe('delivered');
    const row = (await priceReview(db, quarter)).find((p) => p.id === priceId)!;
    expect(row).toMatchObject({ customerId: 'B2B-002', sku: 'ESIM-JP-10GB-15D', priceUsd: '10.50', cards: 20, revenueUsd: '210.00', costUsd: '171.00', marginUsd: '39.00', marginPercent: '18.6', decision: null });
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    const csv = parse(await (await sam.get(`/staff/api/prices/review?quarter=${quarter}&format=csv`)).text(), { columns: true }) as Record<string, string>[];
    for (const r of csv) {
      const revenue = Math.round(Number(r.revenue_usd) * 100);
      expect(revenue).toBe(Number(r.cards) * Math.round(Number(r.price_usd) * 100));
      expect(Math.round(Number(r.margin_usd) * 100)).toBe(revenue - Math.round(Number(r.cost_usd) * 100));
    }
    expect(csv.find((r) => r.price_id === String(priceId))?.margin_usd).toBe('39.00');
  });

  test('only an owner records keep or end; end stops the price after today, and both are audited', async () => {
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    expect(await sam.post(`/staff/api/prices/${priceId}/review`, { quarter, decision: 'end' })).toEqual({ status: 403, body: { error: 'this needs the owner role; you are signed in as staff' } });
    const olga = await signIn('olga@esimhub.test', 'owner password long');
    expect((await olga.post(`/staff/api/prices/${priceId}/review`, { quarter, decision: 'keep' })).status).toBe(200);
    expect((await olga.post(`/staff/api/prices/${priceId}/review`, { quarter: '2026-Q5', decision: 'end' })).status).toBe(400);
    expect((await olga.post(`/staff/api/prices/${priceId}/review`, { quarter, decision: 'end' })).status).toBe(200);
    const { rows: [price] } = await db.pool.query(`SELECT to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM customer_specific_prices WHERE id = $1`, [priceId]);
    expect(price.valid_to).toBe(today);
    expect((await priceReview(db, quarter)).find((p) => p.id === priceId)).toMatchObject({ decision: 'end', decidedBy: 'olga@esimhub.test' });
    const { rows: audit } = await db.pool.query(`SELECT action FROM audit_events WHERE subject = $1 ORDER BY id`, [`price:${priceId}`]);
    expect(audit.map((a) => a.action)).toEqual(['price.propose', 'price.approve', 'price.review_keep', 'price.review_end']);
  });

  if (target === 'pglite') {
    test('the review page in the browser (1280x720, slow network): figures and the owner\'s buttons', async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });
        await page.goto(`${chat.url}/staff/login`);
        await page.fill('input[name=email]', 'olga@esimhub.test');
        await page.fill('input[name=password]', 'owner password long');
        await page.click('button[type=submit]');
        await page.waitForURL(`${chat.url}/staff`);
        await page.goto(`${chat.url}/staff/prices?quarter=${quarter}`);
        await page.waitForSelector(`#review tr[data-id="${priceId}"]`);
        const row = await page.locator(`#review tr[data-id="${priceId}"]`).textContent();
        expect(row).toContain('210.00');
        expect(row).toContain('18.6%');
        expect(await page.locator('#review button[data-decision="keep"]').count()).toBeGreaterThan(0);
        await page.screenshot({ path: SCREENSHOT });
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
