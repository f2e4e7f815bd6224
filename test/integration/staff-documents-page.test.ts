import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import type { ChannelName } from '../../channels/port';
import { poolSql } from '../../bot/db/sql';
import { runInvoices } from '../../bot/invoices/issue-invoice';
import { postEntry } from '../../bot/ledger/ledger-store';
import { addStaffUser } from '../../bot/staff/staff-users';
import { runStatements } from '../../bot/statements/run-statements';
import * as events from '../../domain/ledger/events';
import { periodOf } from '../../domain/statements/period';
import { BotHarness } from '../support/bot-harness';
import { fund } from '../support/fund';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Issue 14, "Statements and invoices: list, open the PDF, resend", on the finance page in headless
// Chromium at 1280x720 on a throttled network (300 ms latency, 256 kB/s, every finance API call held
// another 600-900 ms): October's statements and the invoices of 1 November listed newest first with
// their amounts as printed, filtered by reseller and kind, the PDF behind its link, and a Resend
// clicked twice on the slow network that sends once to each of the reseller's conversations.
// With UPDATE_SCREENSHOTS=1 it also renders page 1 of Youyi's statement (a Chinese legal name) to
// docs/statement-page.png with pdftoppm.

const exec = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STAFF = { email: 'li@esimhub.test', password: 'correct horse battery' };
const CHINESE = '深圳友谊旅游科技有限公司';

describe('statements and invoices on the staff finance page', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  let clock = new Date('2026-10-05T08:00:00.000Z');

  const say = async (channel: ChannelName, address: string, text: string) => {
    await chat.receive(channel, address, text, clock);
  };
  const order = async (channel: ChannelName, address: string, text: string) => {
    await say(channel, address, text);
    await say(channel, address, 'yes');
  };

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    await db.pool.query(`UPDATE customers SET legal_entity = $1 WHERE customer_id = 'B2B-001'`, [CHINESE]);
    chat = await BotHarness.start(db, { now: () => clock });
    await addStaffUser(db, { email: STAFF.email, name: 'Li', password: STAFF.password, role: 'finance' });
    // October: Youyi (postpaid, CNY) orders twice on WeChat and pays part by wire; Hanoi Connect
    // (prepaid, USD) tops up and orders on WhatsApp; Dubai Travel Hub (postpaid, USD) orders by email.
    await order('wechat', 'wxid_youyi_chen', '泰国无限流量10天 30张');
    await fund(db, 'B2B-004', 'USD', 150_000, 150_000, 'VCB-1006-0042', clock.toISOString());
    await order('whatsapp', '+84912345604', 'Japan 10GB 15 days x 10');
    clock = new Date('2026-10-14T09:00:00.000Z');
    await order('wechat', 'wxid_youyi_chen', '日本10GB 15天 20张');
    await order('email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D');
    clock = new Date('2026-10-20T10:00:00.000Z');
    const paid = await db.prisma.$transaction((tx) => postEntry(tx, events.receivablePaid({ customerId: 'B2B-001', currency: 'CNY', amountMinor: 100_000, usdMinor: 14_000 }, 'WIRE-1020-1', clock.toISOString())));
    expect(paid.ok).toBe(true);

    // The scheduler's work, by hand with the time as an argument: October's statements at 00:10 on
    // 1 November, the invoices at 00:20 (Dubai on 14 days' terms, so it is overdue by now).
    const stated = await runStatements(poolSql(db.pool), { period: periodOf(2026, 10), now: new Date('2026-11-01T00:10:00.000Z') });
    expect(stated.ok && stated.documents.map((d) => d.customerId).sort()).toEqual(['B2B-001', 'B2B-004', 'B2B-006']);
    const invoiced = await runInvoices(db.pool, { date: '2026-11-01', customerId: 'B2B-001', paymentTermsDays: 30, now: new Date('2026-11-01T00:20:00.000Z') });
    expect(invoiced.ok && invoiced.documents.map((d) => d.invoice.number)).toEqual(['INV-2026-00001']);
    const dubai = await runInvoices(db.pool, { date: '2026-11-01', customerId: 'B2B-006', paymentTermsDays: 14, now: new Date('2026-11-01T00:21:00.000Z') });
    expect(dubai.ok && dubai.documents.map((d) => d.invoice.number)).toEqual(['INV-2026-00002']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await db?.close();
  });

  test('listed newest first as printed, the PDF behind its link, and a double click on Resend sends once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });
    const problems: string[] = [];
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    const resends: string[] = [];
    await page.route(/\/staff\/api\/finance\//, async (route) => {
      if (route.request().method() === 'POST') resends.push(route.request().url());
      await new Promise((resolve) => setTimeout(resolve, 600 + Math.floor(Math.random() * 300)));
      await route.continue();
    });

    // Polled from outside the page: the page's policy forbids the eval that waitForFunction polls with.
    const shows = (expression: string) => until(() => page.evaluate(expression), expression, 30_000);

    await page.goto(`${chat.url}/staff/finance`);
    await page.fill('input[name=email]', STAFF.email);
    await page.fill('input[name=password]', STAFF.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.goto(`${chat.url}/staff/finance`);
    await shows(`document.querySelector('#documents-status').textContent.includes('documents')`);

    // Five documents, newest first: the invoices of 00:21 and 00:20, then the statements of 00:10.
    const rows = () => page.$$eval('#documents-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim())));
    const head = await page.$$eval('#documents-table thead th', (ths) => ths.map((th) => (th.textContent ?? '').trim()));
    const col = (name: string) => head.indexOf(name);
    const listed = await rows();
    // A statement's issue time is its row's creation (the database's clock, not the run's argument).
    const issuedOrder = await db.pool.query<{ label: string }>(
      `SELECT label FROM (SELECT 'Statement ' || to_char(period_start, 'YYYY-MM') AS label, created_at AS at, 0 AS k, id FROM statements
                          UNION ALL SELECT 'Invoice ' || number, issued_at, 1, id FROM invoices) d ORDER BY at DESC, k DESC, id DESC`,
    );
    expect(listed.map((r) => `${r[col('Kind')]} ${r[col('Number or month')]}`)).toEqual(issuedOrder.rows.map((r) => r.label));
    expect(listed.filter((r) => r[col('Kind')] === 'Invoice').map((r) => r[col('Number or month')])).toEqual(['INV-2026-00002', 'INV-2026-00001']);
    const kept = await db.pool.query<{ customer_id: string; closing_minor: string; currency: string }>(`SELECT customer_id, closing_minor::text, currency FROM statements ORDER BY id`);
    const invoices = await db.pool.query<{ number: string; amount_minor: string; currency: string }>(`SELECT number, amount_minor::text, currency FROM invoices ORDER BY number`);
    const printed = (minor: string, currency: string) => `${currency} ${(Number(minor) / (currency === 'JPY' ? 1 : 100)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const dubaiRow = listed.find((r) => r[col('Number or month')] === 'INV-2026-00002')!;
    expect(dubaiRow[col('Reseller')]).toBe('B2B-006 Dubai Travel Hub');
    expect(dubaiRow[col('Amount')]).toBe(printed(invoices.rows[1]!.amount_minor, 'USD'));
    expect(dubaiRow[col('Status')]).toBe('overdue due 2026-11-15');
    const youyiInvoice = listed.find((r) => r[col('Number or month')] === 'INV-2026-00001')!;
    expect(youyiInvoice[col('Status')]).toBe('issued due 2026-12-01');
    expect(youyiInvoice[col('Issued')]).toBe('1 Nov 2026, 00:20 UTC');
    expect(youyiInvoice[col('Amount')]).toBe(printed(invoices.rows[0]!.amount_minor, 'CNY'));
    const youyiStatement = listed.find((r) => r[col('Kind')] === 'Statement' && r[col('Reseller')]!.startsWith('B2B-001'))!;
    const youyiKept = kept.rows.find((r) => r.customer_id === 'B2B-001')!;
    expect(youyiStatement[col('Amount')]).toBe(printed(youyiKept.closing_minor, 'CNY'));
    expect(youyiStatement[col('Status')]).toBe('balance due');
    expect(youyiStatement[col('Issued')]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
    expect(youyiStatement[col('Sent')]).toBe('not sent');
    expect(listed.find((r) => r[col('Reseller')]!.startsWith('B2B-004'))![col('Status')]).toBe('balance available');

    // The filters: one reseller, one kind.
    await page.selectOption('#documents-filter select[name=customer]', 'B2B-001');
    await shows(`document.querySelectorAll('#documents-table tbody tr').length === 2`);
    await page.selectOption('#documents-filter select[name=kind]', 'statement');
    await shows(`document.querySelectorAll('#documents-table tbody tr').length === 1`);
    const [statementRow] = await rows();
    expect(statementRow![col('Number or month')]).toBe('2026-10');

    // The PDF behind the link, as the browser gets it; the CSV beside it.
    const statementId = (await db.pool.query<{ id: number }>(`SELECT id FROM statements WHERE customer_id = 'B2B-001'`)).rows[0]!.id;
    const pdfHref = (await page.getAttribute('#documents-table tbody tr a.pdf', 'href'))!;
    expect(pdfHref).toMatch(/^\/documents\/[a-f0-9]{32,64}\/statement-B2B-001-2026-10\.pdf$/);
    const pdf = (await page.evaluate(async (u) => {
      const response = await fetch(u);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), magic: String.fromCharCode(...bytes.slice(0, 4)), size: bytes.length };
    }, pdfHref)) as { type: string; disposition: string; magic: string; size: number };
    expect(pdf.type).toBe('application/pdf');
    // It opens in a tab of its own, named for saving.
    expect(pdf.disposition).toBe('inline; filename="statement-B2B-001-2026-10.pdf"');
    expect(await page.getAttribute('#documents-table tbody tr a.pdf', 'target')).toBe('_blank');
    expect(pdf.magic).toBe('%PDF');
    const csvHref = (await page.getAttribute('#documents-table tbody tr a.csv', 'href'))!;
    expect((await page.evaluate(async (u) => (await fetch(u)).headers.get('content-type'), csvHref)) as string).toContain('text/csv');

    // Resend, clicked twice on the slow network: the button is disabled between click and answer.
    const sentBefore = await db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound' AND channel_message_id LIKE $1`, [`statement:${statementId}:%`]);
    expect(sentBefore.rows[0].n).toBe(0);
    await page.click('#documents-table tbody tr button.resend');
    expect(await page.isDisabled('#documents-table tbody tr button.resend')).toBe(true);
    await page.click('#documents-table tbody tr button.resend', { force: true, timeout: 2_000 });
    await page.dblclick('#documents-table tbody tr button.resend', { force: true, timeout: 2_000 });
    await shows(`document.querySelector('#documents-status').textContent.startsWith('sent again to B2B-001')`);
    expect(await page.textContent('#documents-status')).toBe(`sent again to B2B-001 (2 conversations) by ${STAFF.email}`);
    expect(resends).toHaveLength(1);
    const sent = await db.pool.query<{ conversation_id: number; channel: string; n: number }>(
      `SELECT m.conversation_id, c.channel::text, count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.direction = 'outbound' AND m.channel_message_id LIKE $1 GROUP BY m.conversation_id, c.channel ORDER BY c.channel::text`,
      [`statement:${statementId}:staff:%`],
    );
    expect(sent.rows.map((r) => [r.channel, r.n])).toEqual([['email', 1], ['wechat', 1]]);
    const attachments = await db.pool.query<{ attachments: { filename: string; url: string }[] }>(`SELECT attachments FROM messages WHERE channel_message_id LIKE $1`, [`statement:${statementId}:staff:%`]);
    expect(attachments.rows[0]!.attachments.map((a) => a.filename)).toEqual(['statement-B2B-001-2026-10.pdf', 'statement-B2B-001-2026-10.csv']);
    await shows(`!document.querySelector('#documents-table tbody tr button.resend').disabled`);
    const [after] = await rows();
    expect(after![col('Sent')]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);

    // An invoice too: a second send of it has a key of its own.
    await page.selectOption('#documents-filter select[name=kind]', 'invoice');
    await shows(`document.querySelector('#documents-table tbody tr td:nth-child(2)')?.textContent === 'INV-2026-00001'`);
    await page.dblclick('#documents-table tbody tr button.resend');
    await shows(`document.querySelector('#documents-status').textContent.startsWith('sent again')`);
    const invoiceId = (await db.pool.query<{ id: number }>(`SELECT id FROM invoices WHERE number = 'INV-2026-00001'`)).rows[0]!.id;
    const invoiceSends = await db.pool.query(`SELECT conversation_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' AND channel_message_id LIKE $1 GROUP BY conversation_id`, [`invoice:${invoiceId}:staff:%`]);
    expect(invoiceSends.rows.map((r) => r.n)).toEqual([1, 1]);

    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    expect(await page.evaluate(`document.querySelector('#documents .scroll').scrollWidth - document.querySelector('#documents .scroll').clientWidth`)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();

    if (process.env.UPDATE_SCREENSHOTS) {
      const kept = (await db.pool.query<{ pdf_bytes: Buffer }>(`SELECT pdf_bytes FROM statements WHERE id = $1`, [statementId])).rows[0]!.pdf_bytes;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statement-png-'));
      fs.writeFileSync(path.join(dir, 'statement.pdf'), kept);
      await exec('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'statement.pdf'), path.resolve(__dirname, '../../docs/statement-page')]);
    }
  }, 120_000);

  test('the API needs a session and the CSRF header, and names what it cannot read', async () => {
    expect((await fetch(`${chat.url}/staff/api/finance/documents`)).status).toBe(401);
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const bad = await fetch(`${chat.url}/staff/api/finance/documents?kind=receipt`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('kind');
    const noCsrf = await fetch(`${chat.url}/staff/api/finance/documents/statement/1/resend`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(noCsrf.status).toBe(403);
    const listed = (await (await fetch(`${chat.url}/staff/api/finance/documents?customer=b2b006`, { headers: { cookie } })).json()) as { documents: { customerId: string }[] };
    expect(new Set(listed.documents.map((d) => d.customerId))).toEqual(new Set(['B2B-006']));
  });
});
