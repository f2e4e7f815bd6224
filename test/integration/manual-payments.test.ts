import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { poolSql } from '../../bot/db/sql';
import { resellerAccount } from '../../bot/settlement/reseller-account';
import { recordManualPayment } from '../../bot/settlement/staff-deposits';
import { addStaffUser } from '../../bot/staff/staff-users';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// A payment recorded by hand is booked once per filling of the form: the page sends a submission
// key (a UUID made once per form, renewed after a payment is recorded), the deposit is stored under
// it and its journal entries under the deposit, and a second request with the same key (a double
// submit, a request retried on a slow network) waits for the first and answers with its deposit.
// The same key with other money is refused (409). Both engines through HTTP; the page in Chromium.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FINANCE = { email: 'fay@esimhub.test', password: 'correct horse battery' };
const TODAY = new Date().toISOString().slice(0, 10);

interface Answer {
  ok?: boolean;
  error?: string;
  message?: string;
  depositId?: number;
  repeated?: boolean;
  deposit?: { status: string; amount: string; currency: string };
}

async function signIn(url: string, credentials: { email: string; password: string }) {
  const login = await fetch(`${url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const html = await (await fetch(`${url}/staff/deposits`, { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(html)![1]!;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
    return { status: response.status, answer: (await response.json()) as Answer };
  };
  return { post };
}

/** What the ledger and the deposits table hold: compared before and after. */
async function books(db: TestDatabase) {
  const { rows: [row] } = await db.pool.query<{ entries: string; postings: string; deposits: string }>(
    `SELECT (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM postings) AS postings, (SELECT count(*) FROM bank_deposits) AS deposits`,
  );
  return { entries: Number(row!.entries), postings: Number(row!.postings), deposits: Number(row!.deposits) };
}
const balance = async (db: TestDatabase, customerId: string) => (await resellerAccount(poolSql(db.pool), customerId, TODAY))!.prepaidBalance;

describe.each(targets)('a payment recorded by hand, sent twice, on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let staffId: number;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    staffId = await addStaffUser(db, { email: FINANCE.email, name: 'Fay', password: FINANCE.password, role: 'finance' });
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  test('two concurrent requests with one submission key book once and answer with the same deposit; other money under that key is refused', async () => {
    const { post } = await signIn(chat.url, FINANCE);
    const submissionKey = randomUUID();
    const payment = { amount: '1250.00', currency: 'EUR', valueDate: TODAY, reference: 'B2B-015 top-up', payerName: 'João Silva', note: 'card payment at the Lisbon fair', submissionKey };
    const balanceBefore = await balance(db, 'B2B-015');
    const before = await books(db);

    const [first, second] = await Promise.all([post('/staff/api/deposits/manual', payment), post('/staff/api/deposits/manual', payment)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.answer.depositId).toBeGreaterThan(0);
    expect(second.answer.depositId).toBe(first.answer.depositId);
    // One of them booked it, the other found it.
    const [booked, repeat] = first.answer.repeated ? [second, first] : [first, second];
    expect([booked.answer.repeated, repeat.answer.repeated]).toEqual([false, true]);
    const id = booked.answer.depositId!;
    expect(booked.answer.message).toBe(`recorded as deposit ${id}, matched to B2B-015`);
    expect(repeat.answer.message).toBe(`already recorded as deposit ${id}, matched to B2B-015 (this form was sent before: nothing new was booked)`);
    expect(repeat.answer.deposit).toMatchObject({ status: 'matched', amount: '1250.00', currency: 'EUR' });

    // Booked once: one deposit under the key, its journal entries (deposit:<id>:n) the only new ones.
    const after = await books(db);
    const { rows: [mine] } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM journal_entries WHERE idempotency_key LIKE $1`, [`deposit:${id}:%`]);
    expect(Number(mine!.n)).toBeGreaterThanOrEqual(1);
    expect(after.deposits - before.deposits).toBe(1);
    expect(after.entries - before.entries).toBe(Number(mine!.n));
    expect(await db.prisma.bankDeposit.count({ where: { entryKey: `manual:${submissionKey}` } })).toBe(1);
    expect(Number(await balance(db, 'B2B-015')) - Number(balanceBefore)).toBe(1250);
    const { rows: audits } = await db.pool.query(`SELECT 1 FROM audit_events WHERE action = 'payment.record_manual' AND subject = $1`, [`deposit:${id}`]);
    expect(audits).toHaveLength(1);

    // Later, the same form sent again (a retry after a timeout): the same answer, nothing new.
    const again = await post('/staff/api/deposits/manual', { ...payment, submissionKey: submissionKey.toUpperCase() });
    expect([again.status, again.answer.depositId, again.answer.repeated]).toEqual([200, id, true]);
    // The same key with other money: a stale form, refused in words, nothing booked.
    const other = await post('/staff/api/deposits/manual', { ...payment, amount: '1520.00' });
    expect(other.status).toBe(409);
    expect(other.answer.error).toBe(
      `this form was already recorded as deposit ${id} (EUR 1250.00 on ${TODAY}); it was not recorded again as EUR 1520.00 on ${TODAY}. To record another payment, reload the page and fill the form again.`,
    );
    expect((await post('/staff/api/deposits/manual', { ...payment, currency: 'USD' })).status).toBe(409);
    expect(await books(db)).toEqual(after);

    // A new key is a new payment, even of the same amount.
    const next = await post('/staff/api/deposits/manual', { ...payment, submissionKey: randomUUID() });
    expect([next.status, next.answer.repeated]).toEqual([200, false]);
    expect(next.answer.depositId).not.toBe(id);
    expect((await books(db)).deposits).toBe(after.deposits + 1);
  }, 60_000);

  test('four at once through the settlement itself: one deposit, one booking, three repeats', async () => {
    const submissionKey = randomUUID();
    const before = await books(db);
    const input = { amount: '75.50', currency: 'EUR', valueDate: TODAY, reference: 'cash, B2B-003', note: 'cash at the Madrid office', submissionKey, staffId, toleranceUsdMinor: 2000 };
    const results = await Promise.all(Array.from({ length: 4 }, () => recordManualPayment(db, input)));
    const ids = new Set(results.map((r) => ('depositId' in r.outcome ? r.outcome.depositId : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.repeated)).toHaveLength(1);
    const after = await books(db);
    expect(after.deposits - before.deposits).toBe(1);
    const [id] = [...ids];
    const { rows: [mine] } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM journal_entries WHERE idempotency_key LIKE $1`, [`deposit:${id}:%`]);
    expect(after.entries - before.entries).toBe(Number(mine!.n));
  }, 60_000);
});

describe('the record-a-payment form in Chromium', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { email: FINANCE.email, name: 'Fay', password: FINANCE.password, role: 'finance' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await db?.close();
  });

  test('double-clicked on a throttled network, and the request sent again by the network: one deposit; the next filling is a new payment', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', FINANCE.email);
    await page.fill('input[name=password]', FINANCE.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.goto(`${chat.url}/staff/deposits`);
    await page.waitForSelector('#manual select[name=currency] option', { state: 'attached' });

    // Every request from here on waits ~400 ms each way.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });

    const key = await page.inputValue('#manual input[name=submissionKey]');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/staff/api/deposits/manual')) posted.push(request.postData() ?? '');
    });
    const before = await books(db);

    await page.fill('#manual input[name=amount]', '4321.09');
    await page.selectOption('#manual select[name=currency]', 'EUR');
    await page.fill('#manual input[name=valueDate]', TODAY);
    await page.fill('#manual input[name=reference]', 'B2B-015 cash 7781');
    await page.fill('#manual input[name=payerName]', 'João Silva');
    await page.fill('#manual textarea[name=note]', 'cash at the Lisbon office, receipt 7781');
    const started = Date.now();
    await page.dblclick('#manual button[type=submit]');
    expect(await page.isDisabled('#manual button[type=submit]')).toBe(true); // "Recording…" until the answer
    // While the first is on its way, the same request again (what a retrying proxy or network does).
    expect(posted).toHaveLength(1);
    const body = posted[0]!;
    expect(JSON.parse(body)).toMatchObject({ amount: '4321.09', currency: 'EUR', submissionKey: key });
    const retried = (await page.evaluate(`(async () => {
      const csrf = document.querySelector('meta[name="csrf-token"]').content;
      const response = await fetch('/staff/api/deposits/manual', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: ${JSON.stringify(body)} });
      return { status: response.status, answer: await response.json() };
    })()`)) as { status: number; answer: Answer };

    await page.waitForSelector('#manual-status.ok', { timeout: 15_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // the throttling was in force
    const shown = /^(already )?recorded as deposit (\d+), matched to B2B-015/.exec((await page.textContent('#manual-status'))!);
    expect(shown).not.toBeNull();
    const id = Number(shown![2]);
    expect([retried.status, retried.answer.depositId]).toEqual([200, id]);
    expect(await db.prisma.bankDeposit.count({ where: { entryKey: `manual:${key}` } })).toBe(1);
    expect((await books(db)).deposits).toBe(before.deposits + 1);

    // The page lists it once.
    await page.fill('#filters input[name=q]', 'cash 7781');
    await page.click('#filters button[type=submit]');
    await page.waitForSelector(`#deposits tr[data-deposit="${id}"]`, { timeout: 15_000 });
    expect(await page.locator('#deposits tbody tr[data-deposit]').count()).toBe(1);

    // The form has a new key: the next payment, of the same amount, is booked as a payment of its own.
    const nextKey = await page.inputValue('#manual input[name=submissionKey]');
    expect(nextKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(nextKey).not.toBe(key);
    await page.fill('#manual input[name=amount]', '4321.09');
    await page.fill('#manual input[name=reference]', 'B2B-015 cash 7782');
    await page.fill('#manual textarea[name=note]', 'cash at the Lisbon office, receipt 7782');
    await page.click('#manual button[type=submit]');
    await page.waitForSelector('#manual-status.ok:has-text("recorded as deposit")', { timeout: 15_000 });
    expect((await page.textContent('#manual-status'))!).not.toMatch(/already/);
    expect((await books(db)).deposits).toBe(before.deposits + 2);
    expect(posted).toHaveLength(3); // the double click sent once, the retry, the next payment
    expect(errors).toEqual([]);
    expect(await auditLedger(db.pool)).toEqual([]);
    await page.close();
  }, 90_000);
});
