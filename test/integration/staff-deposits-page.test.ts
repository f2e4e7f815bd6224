import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatMinorAsDecimal } from '../../domain/money';
import { importBankFile } from '../../bot/settlement/import-bank-file';
import { addStaffUser } from '../../bot/staff/staff-users';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { camt053, type CamtEntry } from '../support/camt053-files';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The staff app's deposits page (issue 12, "Staff"): its API (sessions, CSRF, bodies, the
// settlement's refusals as 409/422 with their sentence) and, in headless Chromium at 1280x720 on a
// slow network, a deposit matched by hand to a reseller's waiting order whose eSIMs then reach
// the reseller's web chat. Deposits come from real camt.053 files through importBankFile.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes to the temp folder.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-deposits.png') : path.join(os.tmpdir(), 'esimhub-staff-deposits.png');
const STAFF = { email: 'ana@esimhub.test', password: 'correct horse battery' };
const OUR_IBAN = 'DE89370400440532013000';
const MARIA = '+34612345603'; // B2B-003 Viajes Conecta, prepaid EUR, no balance
const LISBOA = 'geral@lisboaviagens.pt'; // B2B-015 Lisboa Viagens, prepaid EUR
const NOW = new Date();

let serial = 0;
const credit = (ref: string, amount: string, currency: string, remittance: string, payer: string, iban: string): CamtEntry => ({
  amount, currency, bookingDate: '2026-11-26', valueDate: '2026-11-26', acctSvcrRef: ref, transactions: [{ endToEndId: `E2E-${ref}`, debtorName: payer, debtorIban: iban, ustrd: [remittance] }],
});
const statement = (currency: string, entries: CamtEntry[]) => camt053('001.08', [{ id: `STMT-${++serial}`, iban: OUR_IBAN, currency, entries }]);

describe('the staff deposits page', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '1000' } });
    await addStaffUser(db, { email: STAFF.email, name: 'Ana', password: STAFF.password, role: 'finance' });
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
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  const importXml = (xml: string) => importBankFile(db, 'statement.xml', xml, { toleranceUsdMinor: 2000, now: NOW });
  const deposit = (bankReference: string) => db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference } });
  /** The reseller orders in web chat and confirms; returns the order waiting for payment and its total. */
  async function waitingOrder(from: string, text: string, yes: string): Promise<{ orderRef: string; total: string }> {
    await chat.say(from, text);
    const [waiting] = await chat.say(from, yes);
    const orderRef = /ORD-\d{6}/.exec(waiting!.text)![0];
    const order = await db.prisma.order.findUniqueOrThrow({ where: { reference: orderRef } });
    expect(order.status).toBe('awaiting_payment');
    return { orderRef, total: formatMinorAsDecimal(Number(order.totalMinor), order.currency.trim()) };
  }
  /** Ana's session as the page uses it: the cookie, and the CSRF token from the page's <meta>. */
  async function signIn() {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await fetch(`${chat.url}/staff/deposits`, { headers: { cookie } })).text();
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(html)![1]!;
    const get = (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } });
    const post = (url: string, body: unknown = {}, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { cookie, get, post };
  }

  test('the API: a session for everything, the CSRF token for changes, bodies named field by field, refusals in plain words', async () => {
    const stray = await importXml(statement('EUR', [credit('API-1', '12.34', 'EUR', 'invoice 88', 'Somebody Else SARL', 'FR7630006000011234567890189')]));
    expect(stray.forStaff).toBe(1);
    const { id } = await deposit('API-1');

    // No session: the page goes to sign-in, every API is 401.
    expect((await fetch(`${chat.url}/staff/deposits`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/login');
    for (const url of ['/staff/api/deposits', `/staff/api/deposits/${id}`, '/staff/api/money', '/staff/api/resellers/B2B-003/open-orders']) expect([url, (await fetch(`${chat.url}${url}`)).status]).toEqual([url, 401]);
    for (const url of [`/staff/api/deposits/${id}/match`, `/staff/api/deposits/${id}/not-ours`, `/staff/api/deposits/${id}/undo`, '/staff/api/deposits/manual']) {
      expect([url, (await fetch(`${chat.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status]).toEqual([url, 401]);
    }

    const { get, post } = await signIn();
    // Signed in, but no (or a wrong) CSRF token: nothing changes.
    for (const url of [`/staff/api/deposits/${id}/match`, `/staff/api/deposits/${id}/not-ours`, `/staff/api/deposits/${id}/undo`, '/staff/api/deposits/manual']) {
      expect([url, (await post(url, { customerId: 'B2B-003', note: 'x', reason: 'x' }, {})).status]).toEqual([url, 403]);
      expect([url, (await post(url, { customerId: 'B2B-003', note: 'x', reason: 'x' }, { 'x-csrf-token': 'not-the-token' })).status]).toEqual([url, 403]);
    }
    expect((await deposit('API-1')).status).toBe('for_staff');

    // The list and one deposit.
    const list = (await (await get('/staff/api/deposits?status=for_staff')).json()) as { deposits: { id: number; amount: string; currency: string }[] };
    expect(list.deposits.find((d) => d.id === id)).toMatchObject({ amount: '12.34', currency: 'EUR' });
    expect(((await (await get(`/staff/api/deposits?q=invoice%2088`)).json()) as { deposits: unknown[] }).deposits).toHaveLength(1);
    expect((await get(`/staff/api/deposits/${id}`)).status).toBe(200);
    expect((await get('/staff/api/deposits/999999')).status).toBe(404);

    // Bad bodies and queries: 400 naming the field.
    const bad = async (response: Response, field: string) => {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(new RegExp(`^${field}: `));
    };
    await bad(await get('/staff/api/deposits?status=lost'), 'status');
    await bad(await get('/staff/api/deposits?limit=0'), 'limit');
    await bad(await post(`/staff/api/deposits/${id}/match`, { customerId: 'Viajes' }), 'customerId');
    await bad(await post(`/staff/api/deposits/${id}/match`, { customerId: 'B2B-003', orderRef: 'order 7' }), 'orderRef');
    await bad(await post(`/staff/api/deposits/${id}/not-ours`, { note: '   ' }), 'note');
    await bad(await post(`/staff/api/deposits/${id}/undo`, {}), 'reason');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'EUR', valueDate: '26.11.2026', note: 'cash' }), 'valueDate');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'XXX', valueDate: '2026-11-26', note: 'cash' }), 'currency');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'EUR', valueDate: '2026-11-26' }), 'note');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'EUR', valueDate: '2026-11-26', payerName: 'A\u0000B', note: 'cash', submissionKey: randomUUID() }), 'payerName');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'EUR', valueDate: '2026-11-26', note: 'cash' }), 'submissionKey');
    await bad(await post('/staff/api/deposits/manual', { amount: '10.00', currency: 'EUR', valueDate: '2026-11-26', note: 'cash', submissionKey: 'click-1' }), 'submissionKey');
    await bad(await post(`/staff/api/deposits/${id}/not-ours`, { note: 'sent back \ud800' }), 'note');
    await bad(await get('/staff/api/deposits?customer=%00'), 'customer');

    // The settlement's refusals: 422 for what was sent, 409 for the deposit's state, with its sentence.
    const refused = async (response: Response, status: number, sentence: RegExp) => {
      const body = (await response.json()) as { error: string };
      expect([response.status, body.error]).toEqual([status, expect.stringMatching(sentence)]);
    };
    await refused(await post(`/staff/api/deposits/${id}/match`, { customerId: 'B2B-999' }), 422, /^no reseller B2B-999$/);
    await refused(await post(`/staff/api/deposits/${id}/match`, { customerId: 'B2B-003', orderRef: 'ORD-999999' }), 422, /^no order ORD-999999$/);
    await refused(await post(`/staff/api/deposits/${id}/undo`, { reason: 'wrong reseller' }), 409, new RegExp(`^deposit ${id} is for staff, not matched$`));
    await refused(await post('/staff/api/deposits/manual', { amount: 'ten', currency: 'EUR', valueDate: '2026-11-26', note: 'cash', submissionKey: randomUUID() }), 422, /^amount: /);
    const notOurs = await post(`/staff/api/deposits/${id}/not-ours`, { note: 'sent back to Somebody Else on 27 Nov' });
    expect(notOurs.status).toBe(200);
    expect(await notOurs.json()).toMatchObject({ ok: true, message: `deposit ${id} marked as not ours`, deposit: { status: 'not_ours', decidedBy: STAFF.email } });
    await refused(await post(`/staff/api/deposits/${id}/not-ours`, { note: 'again' }), 409, new RegExp(`^deposit ${id} is not ours; only one waiting for staff`));

    // A match whose money already paid an order cannot be undone: the sentence names the order.
    const { orderRef, total } = await waitingOrder(LISBOA, 'Olá, preciso de 5 Japão 10GB 15 dias', 'sim');
    expect((await importXml(statement('EUR', [credit('API-2', total, 'EUR', `encomenda ${orderRef}`, 'Lisboa Viagens, Lda.', 'PT50000201231234567890154')]))).matched).toBe(1);
    const spent = await deposit('API-2');
    await refused(await post(`/staff/api/deposits/${spent.id}/undo`, { reason: 'wrong reseller' }), 409, new RegExp(`^deposit ${spent.id} was already spent on ${orderRef}: `));
    expect((await deposit('API-2')).status).toBe('matched');
    await chat.bot.watchOthers(); // the import paid the order: the running bot delivers it
    await chat.bot.idle();

    // A payment recorded by hand goes through the same matching; who recorded it is kept.
    const manual = await post('/staff/api/deposits/manual', { amount: '1250.00', currency: 'EUR', valueDate: '2026-11-26', reference: 'B2B-015 top-up', payerName: 'João Silva', note: 'card payment at the Lisbon fair', submissionKey: randomUUID() });
    expect(manual.status).toBe(200);
    const recorded = (await manual.json()) as { message: string; depositId: number; deposit: { status: string; decidedBy: string; source: string; amount: string } };
    expect(recorded.message).toBe(`recorded as deposit ${recorded.depositId}, matched to B2B-015`);
    expect(recorded.deposit).toMatchObject({ status: 'matched', decidedBy: STAFF.email, source: 'manual', amount: '1250.00' });

    // Hostile input is refused, never a 500.
    for (const [url, body] of [
      [`/staff/api/deposits/${id}/match`, { customerId: 'B2B-' + '9'.repeat(40) }],
      [`/staff/api/deposits/${id}/match`, { customerId: ['B2B-003'] }],
      ['/staff/api/deposits/99999999999/undo', { reason: 'x' }],
      ['/staff/api/deposits/manual', { amount: '99999999999999999999.99', currency: 'EUR', valueDate: '2026-11-26', note: 'x' }],
      ['/staff/api/deposits/manual', { amount: '-5', currency: 'EUR', valueDate: '2026-11-26', note: 'x' }],
      ['/staff/api/deposits/manual', { amount: '5', currency: 'EUR', valueDate: '2026-02-30', note: 'x' }],
      ['/staff/api/deposits/manual', null],
      ['/staff/api/deposits/manual', 'text'],
    ] as const) expect([url, body, (await post(url, body)).status < 500]).toEqual([url, body, true]);
    for (const url of ['/staff/api/deposits?status=a&status=b', `/staff/api/deposits?q=${'%25'.repeat(200)}`, '/staff/api/deposits?customer=%00', '/staff/api/resellers/B2B-99999999999999999999/open-orders', '/staff/api/deposits/1e3']) {
      expect([url, (await get(url)).status < 500]).toEqual([url, true]);
    }

    // The page's other reads.
    const money = (await (await get('/staff/api/money')).json()) as { resellers: { customerId: string }[]; fxWarnings: string[]; currencies: string[] };
    expect(money.resellers.map((r) => r.customerId)).toContain('B2B-003');
    expect(money.currencies).toContain('EUR');
    const open = (await (await get('/staff/api/resellers/b2b-015/open-orders')).json()) as { orders: unknown[] };
    expect(open.orders).toEqual([]);
  }, 90_000);

  test('the page is served under the policy: no inline script, style or handler; assets are files', async () => {
    const { cookie } = await signIn();
    const response = await fetch(`${chat.url}/staff/deposits`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self'/);
    const html = await response.text();
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/gi)).toBeNull();
    expect(html.match(/<style\b|<[^>]*\s(on[a-z]+|style)\s*=[^>]*>/gi)).toBeNull();
    expect(html).toMatch(/<meta name="csrf-token" content="[A-Za-z0-9_-]{20,}">/);
    for (const asset of ['/staff/deposits.js', '/staff/deposits.css']) {
      const file = await fetch(`${chat.url}${asset}`);
      expect([asset, file.status]).toEqual([asset, 200]);
      if (asset.endsWith('.js')) expect((await file.text()).match(/<[^>]*\s(on[a-z]+|style)\s*=[^>]*>/gi)).toBeNull();
    }
  });

  /** A page on a slow network (every staff API call waits 600-900 ms) that records policy violations and script errors. */
  async function slowPage(): Promise<{ page: Page; violations: string[]; errors: string[]; posts: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const violations: string[] = [];
    const errors: string[] = [];
    const posts: string[] = [];
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));`);
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(/\/staff\/api\/(?!events)/, async (route) => {
      if (route.request().method() === 'POST') posts.push(new URL(route.request().url()).pathname);
      await new Promise((resolve) => setTimeout(resolve, 600 + Math.floor(Math.random() * 300)));
      await route.continue();
    });
    return { page, violations, errors, posts };
  }

  test('in the browser, on a slow network: a deposit for staff matched by hand to the waiting order; the eSIMs reach the reseller at once', async () => {
    // A deposit that names two resellers, with the amount of María's waiting order: staff decide.
    const { orderRef, total } = await waitingOrder(MARIA, 'Necesito 2 Europa 10GB 30 días', 'sí');
    await chat.replies(MARIA); // the harness's cursor: only what comes after the match counts below
    const summary = await importXml(
      statement('EUR', [
        credit('PG-1', total, 'EUR', 'Pago pedido B2B-003 / B2B-015', 'Conecta Viajes y Turismo', 'ES9121000418450200051332'),
        credit('PG-2', '9.99', 'EUR', 'refund invoice 4471', 'Stranger GmbH', 'DE44500105175407324931'),
        credit('PG-3', '150.00', 'EUR', 'Recarga B2B-011', 'Gezgin Turizm', 'TR330006100519786457841326'),
      ]),
    );
    expect(summary).toMatchObject({ matched: 1, forStaff: 2 });
    const usd = await importXml(
      statement('USD', [
        credit('PG-4', '1250.00', 'USD', 'INV 2211 April', 'Seoul Mobile Partners Inc.', 'KR1234567890123456'),
        credit('PG-5', '320.00', 'USD', 'payment B2B-004 + B2B-007', 'Nguyen Van An', 'VN0012345678901'),
      ]),
    );
    expect(usd.forStaff).toBe(2);
    // And one the bank took back (a reversal in a later statement).
    expect((await importXml(statement('EUR', [credit('PG-6', '80.00', 'EUR', 'topup B2B-019', 'Globetrotter Connect Ltd', 'GB29NWBK60161331926819')]))).matched).toBe(1);
    const reversal: CamtEntry = { amount: '80.00', currency: 'EUR', direction: 'DBIT', reversal: true, bookingDate: '2026-11-27', acctSvcrRef: 'PG-6-R', transactions: [{ endToEndId: 'E2E-PG-6', creditorName: 'Globetrotter Connect Ltd' }] };
    expect((await importXml(statement('EUR', [reversal]))).reversed).toBe(1);
    const forStaff = await deposit('PG-1');
    expect(forStaff.status).toBe('for_staff');

    const { page, violations, errors, posts } = await slowPage();
    await page.goto(`${chat.url}/staff/deposits`);
    expect(page.url()).toBe(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', STAFF.email);
    await page.fill('input[name=password]', STAFF.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);

    // The queue's ticket about the deposit leads to the deposits page, not to a conversation.
    await page.click(`.ticket:has-text("unmatched deposit") >> a[href="/staff/deposits?deposit=${forStaff.id}"]`, { timeout: 15_000 });
    await page.waitForURL(`${chat.url}/staff/deposits?deposit=${forStaff.id}`);
    await page.waitForSelector(`#deposits tr[data-deposit="${forStaff.id}"].selected`, { timeout: 15_000 });
    await page.waitForSelector('#detail h2:has-text("Deposit #")');
    expect(await page.textContent('#detail .amount')).toContain(`EUR ${Number(total).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);

    // One click on the candidate: "Match to B2B-003 / ORD-…". Clicked twice on a slow network, it is sent once.
    const button = page.getByRole('button', { name: `Match to B2B-003 / ${orderRef}`, exact: true });
    await button.waitFor();
    await button.dblclick();
    expect(await page.isDisabled(`#detail button[data-order="${orderRef}"]`)).toBe(true); // its label now says "Working…"
    expect(await page.isDisabled('#not-ours button')).toBe(true);
    await page.waitForSelector('#detail .tag.state-matched', { timeout: 15_000 });
    await page.waitForSelector(`#detail .ok:has-text("deposit ${forStaff.id} matched to B2B-003 (${orderRef}); released ${orderRef}")`);
    expect(await page.textContent('#detail .facts')).toContain(`${STAFF.email} · `);
    await page.waitForSelector(`#deposits tr[data-deposit="${forStaff.id}"] .tag.state-matched`, { timeout: 15_000 });
    expect(posts.filter((p) => p.endsWith('/match'))).toEqual([`/staff/api/deposits/${forStaff.id}/match`]);

    // The reseller is told on her own web chat, and the eSIMs follow within seconds.
    const seen: string[] = [];
    const delivered = await until(async () => {
      const replies = await chat.replies(MARIA);
      seen.push(...replies.map((r) => r.text));
      return replies.find((r) => r.images.length === 2) ?? null;
    }, 'the eSIMs in the reseller\'s web chat', 15_000);
    expect(delivered.text).toContain(orderRef);
    expect(seen[0]).toMatch(new RegExp(`Su pago de EUR [\\d,.]+ ha llegado\\. El pedido ${orderRef} está pagado`));
    expect((await db.prisma.order.findUniqueOrThrow({ where: { reference: orderRef } })).status).toBe('delivered');
    expect(await db.prisma.paymentAllocation.count({ where: { depositId: forStaff.id } })).toBe(1);
    expect(await db.prisma.handoffTicket.count({ where: { depositId: forStaff.id, status: { in: ['open', 'claimed'] } } })).toBe(0);

    // Undo is refused plainly: the money already paid the order.
    await page.fill('#undo input[name=reason]', 'meant for Lisboa Viagens');
    await page.click('#undo button');
    await page.waitForSelector(`#detail-status:has-text("was already spent on ${orderRef}")`, { timeout: 15_000 });
    expect(await page.isDisabled('#undo button')).toBe(false);

    // Not ours needs a note; with one, it is applied once however often it is clicked.
    const stray = await deposit('PG-2');
    await page.click(`#deposits tr[data-deposit="${stray.id}"]`);
    await page.waitForSelector(`#detail h2:has-text("Deposit #${stray.id}")`, { timeout: 15_000 });
    await page.click('#not-ours button');
    expect(await page.evaluate('document.querySelector("#not-ours input").validity.valueMissing')).toBe(true);
    await page.fill('#not-ours input[name=note]', 'sent back to Stranger GmbH on 27 Nov');
    await page.dblclick('#not-ours button');
    await page.waitForSelector('#detail .tag.state-not_ours', { timeout: 15_000 });
    expect(posts.filter((p) => p.endsWith('/not-ours'))).toHaveLength(1);
    expect(await page.textContent('#detail .facts')).toContain('sent back to Stranger GmbH on 27 Nov');

    // A wrong automatic match undone: back to staff, with the reason and who undid it.
    const topUp = await deposit('PG-3');
    await page.selectOption('#filters select[name=status]', 'matched');
    await page.waitForSelector(`#deposits tr[data-deposit="${topUp.id}"]`, { timeout: 15_000 });
    await page.click(`#deposits tr[data-deposit="${topUp.id}"]`);
    await page.waitForSelector(`#detail h2:has-text("Deposit #${topUp.id}")`, { timeout: 15_000 });
    expect(await page.textContent('#detail .facts')).toMatch(/automatically, on import/);
    await page.fill('#undo input[name=reason]', 'Gezgin paid for B2B-014 by mistake');
    await page.dblclick('#undo button');
    await page.waitForSelector('#detail .tag.state-for_staff', { timeout: 15_000 });
    expect(posts.filter((p) => p.endsWith('/undo'))).toHaveLength(2); // the refused one above, and this one
    expect(await page.textContent('#detail .facts')).toContain('match to B2B-011 undone: Gezgin paid for B2B-014 by mistake');

    // A payment recorded by hand, double-clicked: one deposit.
    const manualBefore = await db.prisma.bankDeposit.count({ where: { source: 'manual' } });
    await page.selectOption('#filters select[name=status]', '');
    await page.fill('#manual input[name=amount]', '200.00');
    await page.selectOption('#manual select[name=currency]', 'EUR');
    await page.fill('#manual input[name=valueDate]', '2026-11-26');
    await page.fill('#manual input[name=reference]', 'B2B-003 cash');
    await page.fill('#manual input[name=payerName]', 'María López');
    await page.fill('#manual textarea[name=note]', 'cash at the Madrid office, receipt 0042');
    await page.dblclick('#manual button[type=submit]');
    await page.waitForSelector('#manual-status.ok', { timeout: 15_000 });
    const recorded = /^recorded as deposit (\d+), matched to B2B-003\.$/.exec((await page.textContent('#manual-status'))!);
    expect(recorded).not.toBeNull();
    await page.waitForSelector(`#detail h2:has-text("Deposit #${recorded![1]}")`, { timeout: 15_000 }); // the new deposit is shown
    expect(posts.filter((p) => p.endsWith('/manual'))).toHaveLength(1);
    expect(await db.prisma.bankDeposit.count({ where: { source: 'manual' } })).toBe(manualBefore + 1);

    // The side panel: low prepaid balances and the FX rates in use.
    await page.waitForSelector('#low li:has-text("B2B-003")', { timeout: 15_000 });
    await page.waitForSelector('#fx li:has-text("EUR rate in use")');

    // For the picture: a deposit that names two resellers, with its one-click candidates.
    const twoNamed = await deposit('PG-5');
    await page.click(`#deposits tr[data-deposit="${twoNamed.id}"]`);
    await page.waitForSelector(`#detail h2:has-text("Deposit #${twoNamed.id}")`, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Match to B2B-004', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
