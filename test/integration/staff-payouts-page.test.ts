import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { snapshotCommissions } from '../../bot/commissions/payouts';
import { addStaffUser } from '../../bot/staff/staff-users';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { fund } from '../support/fund';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// The staff app's payouts page (/staff/payouts), on both engines: commission payouts of commission
// resellers that bought through the real pipeline in October and November, snapshotted as the
// scheduler does on the 1st. Its API: every signed-in role reads (filters by month, status and
// reseller, totals summed in minor units, the CSV of `esim-hub payouts list`); only finance and
// owners approve and pay, and a forged request from any other role is a 403 that books nothing.
// On PGlite also the page in headless Chromium at 1280x720: a finance user approves then pays a
// payout and sees it paid; a `staff` user sees no buttons.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes to the temp folder.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-payouts.png') : path.join(os.tmpdir(), 'esimhub-staff-payouts.png');
const USERS = {
  owner: { email: 'olga@esimhub.test', password: 'owner password long' },
  finance: { email: 'fay@esimhub.test', password: 'finance password long' },
  desk: { email: 'sam@esimhub.test', password: 'staff password long' },
};
const ROAMLY = '+525512345610'; // B2B-010 Roamly Mexico: commission, prepaid USD
const SYDNEY = 'hello@sydneysimshop.com.au'; // B2B-013 Sydney SIM Shop: commission, prepaid USD
const GLOBETROTTER = 'team@globetrotterconnect.co.uk'; // B2B-019 London Globetrotter: commission, prepaid EUR
/** An amount as an accountant reads it: the currency code, thousands grouped, two decimals. */
const PRINTED = /^[A-Z]{3} -?\d{1,3}(,\d{3})*\.\d{2}$/;
const cents = (printed: string) => Math.round(Number(printed.replace(/^[A-Z]{3} /, '').replace(/,/g, '')) * 100);

interface View {
  id: number;
  customerId: string;
  company: string;
  month: string;
  currency: string;
  sales: string;
  rate: string;
  amount: string;
  amountUsd: string;
  status: string;
  approvedBy: string | null;
  approvedAt: string | null;
  paidBy: string | null;
  paidAt: string | null;
  transferReference: string | null;
}
interface Listing {
  payouts: View[];
  totals: { count: number; amountUsd: string; byCurrency: { currency: string; count: number; amount: string; amountUsd: string }[] };
  resellers: { customerId: string }[];
  mayDecide: boolean;
  error?: string;
}

describe.each(targets)('the staff payouts page on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = new Date('2026-10-12T10:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    await addStaffUser(db, { ...USERS.owner, name: 'Olga', role: 'owner' });
    await addStaffUser(db, { ...USERS.finance, name: 'Fay', role: 'finance' });
    await addStaffUser(db, { ...USERS.desk, name: 'Sam', role: 'staff' });
    await fund(db, 'B2B-010', 'USD', 1_000_000, 1_000_000, 'TOPUP-ROAMLY', '2026-10-10T09:00:00.000Z');
    await fund(db, 'B2B-013', 'USD', 100_000, 100_000, 'TOPUP-SYDNEY', '2026-10-10T09:00:00.000Z');
    await fund(db, 'B2B-019', 'EUR', 300_000, 325_000, 'TOPUP-GLOBETROTTER', '2026-10-10T09:00:00.000Z');
    // October: Roamly sells more than USD 5,000 (a commission above a thousand), Sydney and London a little.
    const order = async (channel: 'whatsapp' | 'email', address: string, text: string) => {
      await chat.receive(channel, address, text, clock);
      await chat.receive(channel, address, 'yes', clock);
    };
    await order('whatsapp', ROAMLY, '270 x ESIM-JP-10GB-15D');
    await order('email', SYDNEY, 'Please quote 5 x ESIM-JP-10GB-15D');
    await order('email', GLOBETROTTER, 'Please quote 20 x ESIM-JP-10GB-15D');
    clock = new Date('2026-11-05T10:00:00.000Z');
    await order('whatsapp', ROAMLY, '10 x ESIM-JP-10GB-15D');
    const { rows: delivered } = await db.pool.query(`SELECT customer_id, status::text FROM orders WHERE customer_id IN ('B2B-010', 'B2B-013', 'B2B-019') ORDER BY id`);
    expect(delivered.map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(await snapshotCommissions(db, '2026-10', new Date('2026-11-01T00:40:00.000Z'))).toEqual({ created: 3 });
    expect(await snapshotCommissions(db, '2026-11', new Date('2026-12-01T00:40:00.000Z'))).toEqual({ created: 1 });
    clock = new Date('2026-12-02T09:00:00.000Z');
  }, 180_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  /** A staff member's session as the page uses it: the cookie, and the CSRF token from the page's <meta>. */
  async function signIn(who: { email: string; password: string }) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await fetch(`${chat.url}/staff/payouts`, { headers: { cookie } })).text();
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(html)![1]!;
    const get = (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } });
    const list = async (query = '') => (await (await get(`/staff/api/payouts${query}`)).json()) as Listing;
    const post = (url: string, body: unknown = {}, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { cookie, html, get, list, post };
  }
  const ledgerEntries = async () => Number((await db.pool.query(`SELECT count(*) AS n FROM journal_entries WHERE kind IN ('commission_approved', 'commission_paid')`)).rows[0].n);
  const payoutOf = async (customerId: string, month: string) => (await db.pool.query(`SELECT id, status::text FROM commission_payouts WHERE customer_id = $1 AND month = $2::date`, [customerId, `${month}-01`])).rows[0] as { id: number; status: string };

  test('reading: every signed-in role, filtered by month, status and reseller, with totals and the CSV; refusals named', async () => {
    // No session: the page goes to sign-in, the API is 401.
    expect((await fetch(`${chat.url}/staff/payouts`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/login');
    expect((await fetch(`${chat.url}/staff/api/payouts`)).status).toBe(401);
    expect((await fetch(`${chat.url}/staff/api/payouts?format=csv`)).status).toBe(401);

    const sam = await signIn(USERS.desk);
    expect(sam.html).toContain('<a href="/staff/payouts" aria-current="page">Payouts</a>');
    const all = await sam.list();
    expect(all.mayDecide).toBe(false);
    expect(all.payouts.map((p) => [p.customerId, p.month, p.currency, p.status])).toEqual([
      ['B2B-010', '2026-11', 'USD', 'pending'],
      ['B2B-010', '2026-10', 'USD', 'pending'],
      ['B2B-013', '2026-10', 'USD', 'pending'],
      ['B2B-019', '2026-10', 'EUR', 'pending'],
    ]);
    // 270 x 18.99 = 5,127.30 of sales, 20% of it.
    expect(all.payouts[1]).toMatchObject({ company: 'Roamly Mexico', sales: '5127.30', rate: '20%', amount: '1025.46', amountUsd: '1025.46', approvedBy: null, paidBy: null, transferReference: null });
    expect(all.resellers.map((r) => r.customerId)).toEqual(['B2B-010', 'B2B-013', 'B2B-019']);
    // Totals from minor units: the USD column adds up, and each currency's commission.
    const usdCents = all.payouts.reduce((s, p) => s + Math.round(Number(p.amountUsd) * 100), 0);
    expect(Math.round(Number(all.totals.amountUsd) * 100)).toBe(usdCents);
    expect(all.totals.count).toBe(4);
    expect(all.totals.byCurrency.map((c) => [c.currency, c.count])).toEqual([['EUR', 1], ['USD', 3]]);
    const eur = all.payouts.find((p) => p.currency === 'EUR')!;
    expect(all.totals.byCurrency[0]).toEqual({ currency: 'EUR', count: 1, amount: eur.amount, amountUsd: eur.amountUsd });

    expect((await sam.list('?month=2026-10')).payouts).toHaveLength(3);
    expect((await sam.list('?month=2026-10&customer=b2b010')).payouts.map((p) => p.id)).toEqual([all.payouts[1]!.id]);
    expect((await sam.list('?status=paid')).payouts).toEqual([]);
    expect((await sam.list('?month=&status=&customer=')).payouts).toHaveLength(4); // the form's empty fields are no filter

    // The CSV is `esim-hub payouts list`'s, of the filtered list.
    const csv = await sam.get('/staff/api/payouts?month=2026-10&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="payouts-2026-10.csv"');
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('payout_id,customer_id,month,currency,sales,rate,commission,commission_usd,status,transfer_reference');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.customer_id, r.commission, r.status])).toEqual(all.payouts.filter((p) => p.month === '2026-10').map((p) => [p.customerId, p.amount, 'pending']));

    // Bad queries: 400 naming the field; hostile ones never a 500.
    for (const [query, field] of [['?month=2026-13', 'month'], ['?month=October', 'month'], ['?status=lost', 'status'], ['?customer=Roamly', 'customer'], ['?format=xlsx', 'format']] as const) {
      const response = await sam.get(`/staff/api/payouts${query}`);
      expect([query, response.status, ((await response.json()) as { error: string }).error]).toEqual([query, 400, expect.stringMatching(new RegExp(`^${field}: `))]);
    }
    for (const query of ['?month=%00', '?customer=B2B-99999999999999999999', '?status=a&status=b', `?customer=${'%25'.repeat(200)}`]) expect([query, (await sam.get(`/staff/api/payouts${query}`)).status < 500]).toEqual([query, true]);

    expect((await (await signIn(USERS.finance)).list()).mayDecide).toBe(true);
    expect((await (await signIn(USERS.owner)).list()).mayDecide).toBe(true);
  });

  test('steps: only finance and owners; a forged request from staff is a 403 that books nothing; each step once, in order', async () => {
    const { id } = await payoutOf('B2B-010', '2026-11');
    const sam = await signIn(USERS.desk);
    const fay = await signIn(USERS.finance);
    const before = await ledgerEntries();

    // A `staff` user forges the requests the page never offered them (with their valid CSRF token).
    for (const [url, body] of [[`/staff/api/payouts/${id}/approve`, {}], [`/staff/api/payouts/${id}/pay`, { transferReference: 'SPEI 0001' }]] as const) {
      const refused = await sam.post(url, body);
      expect([url, refused.status, ((await refused.json()) as { error: string }).error]).toEqual([url, 403, 'this needs the finance or owner role; you are signed in as staff']);
    }
    // No session, and no (or a wrong) CSRF token: nothing changes either.
    expect((await fetch(`${chat.url}/staff/api/payouts/${id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await fay.post(`/staff/api/payouts/${id}/approve`, {}, {})).status).toBe(403);
    expect((await fay.post(`/staff/api/payouts/${id}/approve`, {}, { 'x-csrf-token': 'not-the-token' })).status).toBe(403);
    expect(await payoutOf('B2B-010', '2026-11')).toEqual({ id, status: 'pending' });
    expect(await ledgerEntries()).toBe(before);
    const { rows: audits } = await db.pool.query(`SELECT 1 FROM audit_events WHERE subject = $1`, [`payout:${id}`]);
    expect(audits).toEqual([]);

    // Out of order, or with a body that does not fit: refused in words.
    const refused = async (response: Response, status: number, sentence: RegExp) => {
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([status, expect.stringMatching(sentence)]);
    };
    await refused(await fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: 'SPEI 0001' }), 409, new RegExp(`^payout ${id} is pending; only an approved payout can be marked paid$`));
    await refused(await fay.post('/staff/api/payouts/999999/approve'), 404, /^no payout 999999$/);
    expect((await fay.post('/staff/api/payouts/abc/approve')).status).toBe(404);
    await refused(await fay.post(`/staff/api/payouts/${id}/approve`, { id: 7 }), 400, /^body: /);

    const approved = await fay.post(`/staff/api/payouts/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ ok: true, message: `payout ${id} (B2B-010 2026-11, USD 37.98) approved`, payout: { id, status: 'approved' } });
    await refused(await fay.post(`/staff/api/payouts/${id}/approve`), 409, new RegExp(`^payout ${id} is approved; only a pending payout can be approved$`));

    await refused(await fay.post(`/staff/api/payouts/${id}/pay`, {}), 400, /^transferReference: /);
    await refused(await fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: ' x ' }), 400, /^transferReference: .*3 to 140/);
    await refused(await fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: 'SPEI\u00000001' }), 400, /^transferReference: .*control character/);
    await refused(await fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: 'x'.repeat(141) }), 400, /^transferReference: /);
    // Sent twice at once (a double click, a retry): paid once.
    const [first, second] = await Promise.all([fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: ' SPEI 8841-2026-12 ' }), fay.post(`/staff/api/payouts/${id}/pay`, { transferReference: 'SPEI 8841-2026-12' })]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [view] = (await fay.list('?month=2026-11')).payouts;
    expect(view).toMatchObject({ status: 'paid', approvedBy: USERS.finance.email, paidBy: USERS.finance.email, transferReference: 'SPEI 8841-2026-12' });
    expect(view!.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(view!.paidAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await ledgerEntries()).toBe(before + 2);
    const { rows: trail } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE subject = $1 ORDER BY id`, [`payout:${id}`]);
    expect(trail).toEqual([{ actor: USERS.finance.email, action: 'commission.approve' }, { actor: USERS.finance.email, action: 'commission.pay' }]);

    // An owner may too (Sydney's October payout, left approved: the page shows its Pay form).
    const sydney = await payoutOf('B2B-013', '2026-10');
    expect((await (await signIn(USERS.owner)).post(`/staff/api/payouts/${sydney.id}/approve`)).status).toBe(200);
    expect((await fay.list('?status=paid&format=json')).payouts.map((p) => p.id)).toEqual([id]);
    const csv = parse(await (await fay.get('/staff/api/payouts?status=paid&format=csv')).text(), { columns: true }) as Record<string, string>[];
    expect(csv).toEqual([expect.objectContaining({ payout_id: String(id), status: 'paid', transfer_reference: 'SPEI 8841-2026-12' })]);
  });

  if (target !== 'pglite') return;

  describe('in Chromium at 1280x720', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function open(who: { email: string; password: string }): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const problems: string[] = [];
      await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
      // The browser's own favicon request is no problem of the page's.
      page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} ${m.location().url}`); });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
      await page.goto(`${chat.url}/staff/login`);
      await page.fill('input[name=email]', who.email);
      await page.fill('input[name=password]', who.password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${chat.url}/staff`);
      return { page, problems };
    }
    /** The printed cells of a column, as text. */
    const column = (page: Page, selector: string) => page.locator(`#payouts-table tbody ${selector}`).allTextContents();

    test('a finance user approves, then pays a payout, and the page shows it paid', async () => {
      const { page, problems } = await open(USERS.finance);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 200, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });
      // From the other pages' navigation.
      await page.goto(`${chat.url}/staff/finance`);
      await page.click('nav a[href="/staff/payouts"]');
      await page.waitForURL(`${chat.url}/staff/payouts`);
      await page.waitForSelector('#payouts-table tbody tr[data-payout]');
      expect(await page.locator('#payouts-table tbody tr[data-payout]').count()).toBe(4);

      // Every amount as an accountant adds it up, and the USD total is the sum of the USD column.
      const printed = [...(await column(page, 'td.sales')), ...(await column(page, 'td.amount')), ...(await column(page, 'td.amount-usd')), ...(await page.locator('#payouts-table tfoot td.amount, #payouts-table tfoot td:nth-child(3)').allTextContents()).filter((t) => t)];
      for (const text of printed) expect([text, PRINTED.test(text)]).toEqual([text, true]);
      expect(await column(page, 'td.amount')).toContain('USD 1,025.46');
      const usd = (await column(page, 'td.amount-usd')).reduce((s, t) => s + cents(t), 0);
      expect(cents((await page.textContent('#payouts-table tfoot td.total-usd'))!)).toBe(usd);

      // London Globetrotter's October payout: Approve, double-clicked on a slow network, is done once.
      const { id } = await payoutOf('B2B-019', '2026-10');
      await page.selectOption('#filters select[name=customer]', 'B2B-019');
      await page.waitForSelector(`#payouts-table tbody tr[data-payout="${id}"]:only-child`);
      expect(page.url()).toBe(`${chat.url}/staff/payouts?customer=B2B-019`);
      expect(await page.getAttribute('#csv', 'href')).toBe('/staff/api/payouts?customer=B2B-019&format=csv');
      const before = await ledgerEntries();
      await page.dblclick(`tr[data-payout="${id}"] button[data-approve]`);
      await page.waitForSelector(`tr[data-payout="${id}"][data-status="approved"]`, { timeout: 15_000 });
      expect(await page.textContent('#status')).toMatch(new RegExp(`^Payout ${id} \\(B2B-019 2026-10, EUR [\\d.]+\\) approved\\.$`));
      expect(await page.textContent(`tr[data-payout="${id}"] td.approved`)).toContain(USERS.finance.email);

      // Then Mark paid with the transfer reference.
      await page.click(`tr[data-payout="${id}"] form[data-pay] button`);
      expect(await page.evaluate(`document.querySelector('tr[data-payout="${id}"] input[name=transferReference]').validity.valueMissing`)).toBe(true);
      await page.fill(`tr[data-payout="${id}"] input[name=transferReference]`, 'BARCLAYS FP 20261202-4471');
      await page.click(`tr[data-payout="${id}"] form[data-pay] button`);
      await page.waitForSelector(`tr[data-payout="${id}"][data-status="paid"]`, { timeout: 15_000 });
      expect(await page.textContent(`tr[data-payout="${id}"] .tag`)).toBe('paid');
      expect(await page.textContent(`tr[data-payout="${id}"] td.reference`)).toBe('BARCLAYS FP 20261202-4471');
      expect(await page.textContent(`tr[data-payout="${id}"] td.paid .who`)).toBe(USERS.finance.email);
      expect(await page.textContent(`tr[data-payout="${id}"] td.paid .muted`)).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
      expect(await page.locator(`tr[data-payout="${id}"] button, tr[data-payout="${id}"] input`).count()).toBe(0);
      expect(await ledgerEntries()).toBe(before + 2);
      expect(await payoutOf('B2B-019', '2026-10')).toEqual({ id, status: 'paid' });

      // For the picture: every payout, one of each status.
      await page.selectOption('#filters select[name=customer]', '');
      await page.waitForSelector('#payouts-table tbody tr[data-payout]:nth-child(4)');
      expect(((await page.evaluate(`[...document.querySelectorAll('#payouts-table tbody tr[data-payout]')].map((r) => r.dataset.status)`)) as string[]).sort()).toEqual(['approved', 'paid', 'paid', 'pending']);
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      // Nothing cut off at 1280x720: neither the page nor the table is wider than its box.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
      const [wide, box] = (await page.evaluate(`(() => { const s = document.querySelector('#payouts .scroll'); return [s.scrollWidth, s.clientWidth]; })()`)) as [number, number];
      expect(wide).toBeLessThanOrEqual(box);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 60_000);

    test('a `staff` user reads the same list and sees no buttons', async () => {
      const { page, problems } = await open(USERS.desk);
      await page.goto(`${chat.url}/staff/payouts?month=2026-10`);
      await page.waitForSelector('#payouts-table tbody tr[data-payout]');
      expect(await page.inputValue('#filters input[name=month]')).toBe('2026-10');
      expect(await page.locator('#payouts-table tbody tr[data-payout]').count()).toBe(3);
      expect(await page.locator('#payouts-table tbody tr[data-status="pending"]').count()).toBe(1);
      expect(await page.locator('#payouts-table tbody tr[data-status="approved"]').count()).toBe(1);
      expect(await page.locator('#payouts-table button, #payouts-table form, #payouts-table input').count()).toBe(0);
      expect(await page.getAttribute('#csv', 'href')).toBe('/staff/api/payouts?month=2026-10&format=csv');
      expect(problems).toEqual([]);
      await page.context().close();
    }, 60_000);
  });
});
