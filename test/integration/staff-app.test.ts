import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { postEntry } from '../../bot/ledger/ledger-store';
import { addStaffUser } from '../../bot/staff/staff-users';
import * as events from '../../domain/ledger/events';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The staff app in headless Chromium (Debian's, driven by playwright-core): sign in, a ticket
// appears live, claim, reply into the reseller's web chat, release, and the bot answers again.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESELLER = '+34612345603'; // B2B-003, María López
// UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes to the temp folder.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-queue.png') : path.join(os.tmpdir(), 'esimhub-staff-queue.png');

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
  /** Ana's session as the staff app's own page uses it: the cookie, and the CSRF token from the page. */
  async function signIn() {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@esimhub.test', password: 'correct horse battery' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    const post = (url: string, body: unknown = {}) => fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const api = (url: string, body?: unknown) => (body === undefined ? fetch(`${chat.url}${url}`, { headers: { cookie } }) : post(url, body));
    return { api, post };
  }

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
    // The reseller's web chat is already waiting (long poll) when staff send: it answers at once.
    await chat.replies(RESELLER);
    const waiting = chat.replies(RESELLER, 10_000);
    await page.fill('#reply textarea', 'Hola María, soy Ana. Le preparo el pedido ahora mismo.');
    const sentAt = Date.now();
    await page.click('#reply button[type=submit]');
    await page.waitForSelector('.msg.staff');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const staffReplies = await waiting;
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(staffReplies.map((m) => m.text)).toEqual(['Hola María, soy Ana. Le preparo el pedido ahora mismo.']);

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

  test('approvals: a new reseller from an onboarding conversation gets an account and the price list; a customer price is approved', async () => {
    const { api } = await signIn();

    const applicant = 'hello@lisboa-travel.test';
    await chat.say(applicant, 'Hello, we are a travel agency in Lisbon and would like to resell your eSIMs');
    await chat.say(applicant, 'Lisboa Travel Lda, Portugal, about 300 eSIMs a month, contact Rui');
    const pending = (await (await api('/staff/api/approvals')).json()) as { applications: { id: number; address: string }[]; prices: { id: number; customerId: string; sku: string }[] };
    const application = pending.applications.find((a) => a.address === applicant)!;
    expect(application).toBeDefined();

    // Answers written as labelled lines are kept as fields, which prefill the approval (issue 15).
    const labelled = 'ops@manila-roam.test';
    await chat.say(labelled, 'Hi, we would like to become a reseller');
    await chat.say(labelled, 'Company: Manila Roam\nLegal entity: Manila Roam Travel Corp.\nRegistration no: SEC-CS201912345\nCountry: PH\nSales channels: online shop\nEstimated monthly volume: 2,000\nContact: Ana Reyes');
    const withFields = ((await (await api('/staff/api/approvals')).json()) as { applications: { address: string; fields: Record<string, unknown> }[] }).applications.find((a) => a.address === labelled)!;
    expect(withFields.fields).toEqual({ company: 'Manila Roam', legalEntity: 'Manila Roam Travel Corp.', registrationDocument: 'SEC-CS201912345', country: 'PH', salesChannels: 'online shop', estMonthlyVolume: 2000, primaryContact: 'Ana Reyes' });
    expect((await api(`/staff/api/onboarding/${application.id}/approve`, { company: 'Lisboa Travel', legalEntity: 'Lisboa Travel Lda', country: 'xx1', currency: 'EUR' })).status).toBe(400);
    const noRate = await api(`/staff/api/onboarding/${application.id}/approve`, { company: 'Lisboa Travel', legalEntity: 'Lisboa Travel Lda', country: 'pt', currency: 'GBP' });
    expect(noRate.status).toBe(409);
    expect(((await noRate.json()) as { error: string }).error).toBe('there is no FX rate for GBP: load one with esim-hub fx import before approving a reseller in it');
    const approved = await api(`/staff/api/onboarding/${application.id}/approve`, { company: 'Lisboa Travel', legalEntity: 'Lisboa Travel Lda', country: 'pt', currency: 'EUR' });
    expect(approved.status).toBe(200);
    const { customerId } = (await approved.json()) as { customerId: string };
    expect(customerId).toMatch(/^B2B-\d{3}$/);
    expect(await db.prisma.customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({ tier: 'tier_3', accountType: 'prepaid', country: 'PT', currency: 'EUR', trialOrderPending: true });
    const welcome = await chat.replies(applicant);
    expect(welcome.map((m) => m.text).join('\n')).toMatch(new RegExp(`Welcome to eSIM Hub, Lisboa Travel! Your account ${customerId}[\\s\\S]*ESIM-JP-10GB-15D: USD`));
    expect((await api(`/staff/api/onboarding/${application.id}/approve`, { company: 'Again', legalEntity: 'Again Lda', country: 'PT', currency: 'EUR' })).status).toBe(409);
    expect((await chat.say(applicant, 'Japan 1GB 7 days x 2')).map((m) => m.text).join('\n')).toMatch(/Q-\d+/);

    // A registration document sent as a file is kept with its bytes and opened from the approval.
    const licence = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% Business registration certificate 0312345678, Saigon Trips JSC\n%%EOF\n');
    const file = (filename: string, mimeType: string, bytes: Buffer) => ({ kind: 'file' as const, filename, mimeType, fetch: async () => bytes });
    const saigon = 'director@saigon-trips.test';
    await chat.receive('email', saigon, 'Dear team, we are Saigon Trips JSC and want to resell your eSIMs. Our business registration certificate is attached.', new Date(), [file('Giấy chứng nhận ĐKKD.pdf', 'application/pdf', licence)]);
    await chat.receive('email', saigon, 'Company: Saigon Trips\nCountry: VN\nEstimated monthly volume: 400', new Date());
    const withFile = ((await (await api('/staff/api/approvals')).json()) as { applications: { id: number; address: string; fields: Record<string, unknown>; files: { filename: string; url: string; sizeBytes: number }[] }[] }).applications.find((a) => a.address === saigon)!;
    expect(withFile.fields.registrationDocument).toBe('file Giấy chứng nhận ĐKKD.pdf');
    expect(withFile.files.map((f) => [f.filename, f.sizeBytes])).toEqual([['Giấy chứng nhận ĐKKD.pdf', licence.length]]);
    const download = await api(withFile.files[0]!.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Giấy chứng nhận ĐKKD.pdf')}`);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await download.arrayBuffer()).equals(licence)).toBe(true);
    // Not another application's file, and not for someone signed out.
    expect((await api(withFile.files[0]!.url.replace(`/onboarding/${withFile.id}/`, `/onboarding/${application.id}/`))).status).toBe(404);
    expect((await fetch(`${chat.url}${withFile.files[0]!.url}`)).status).toBe(401);
    // A reseller's file is a purchase order (read by its adapter), never kept as an applicant's.
    const before = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM applicant_files')).rows[0]!.n;
    await chat.receive('email', 'compras@viajesconecta.es', 'Pedido adjunto', new Date(), [file('pedido.csv', 'text/csv', Buffer.from('sku,qty\nESIM-JP-1GB-7D,2\n'))]);
    expect((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM applicant_files')).rows[0]!.n).toBe(before);

    const price = pending.prices[0]!;
    expect(price).toBeDefined();
    expect((await api(`/staff/api/prices/${price.id}/approve`, {})).status).toBe(200);
    expect((await db.prisma.customerSpecificPrice.findUniqueOrThrow({ where: { id: price.id } })).approvedBy).toBe('ana@esimhub.test');
    expect(await (await api('/staff/api/whatsapp')).json()).toEqual({ enabled: false });
  }, 60_000);

  test('staff order for the reseller through the same pipeline: the quote and the eSIMs reach the reseller, the ledger balances', async () => {
    const { api, post } = await signIn();
    const omar = '+971501234606'; // B2B-006, postpaid
    await chat.say(omar, 'I want to talk to a person, please');
    const ticket = await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId: 'B2B-006', status: 'open' } });
    expect((await post(`/staff/api/tickets/${ticket.id}/act`, { text: 'Japan 1GB 7 days x 3' })).status).toBe(409); // claim first
    expect((await post(`/staff/api/tickets/${ticket.id}/claim`)).status).toBe(200);
    expect((await post(`/staff/api/tickets/${ticket.id}/act`, { text: 'Japan 1GB 7 days x 3' })).status).toBe(200);
    await chat.bot.idle();
    const quote = (await chat.replies(omar)).map((m) => m.text).join('\n');
    expect(quote).toMatch(/Quote Q-\d+/);
    expect((await post(`/staff/api/tickets/${ticket.id}/act`, { text: 'yes' })).status).toBe(200);
    await chat.bot.idle();
    const delivered = await until(async () => {
      const texts = (await chat.replies(omar)).map((m) => m.text).join('\n');
      return /Here are your 3 eSIMs/.test(texts) ? texts : null;
    }, 'the eSIMs', 15_000);
    expect(delivered).toMatch(/ORD-\d+/);
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-006' } });
    expect(order.status).toBe('delivered');
    // Still held: the reseller's own message gets no bot answer until staff release.
    await chat.say(omar, 'thanks!');
    expect((await db.prisma.conversation.findFirstOrThrow({ where: { conversationKey: `web:${omar}` } })).state).toBe('handed_off');
    expect(await auditLedger(db.pool)).toEqual([]);
    expect((await post(`/staff/api/tickets/${ticket.id}/release`)).status).toBe(200);

    // Staff pull: the order list leads to the conversation, and staff take it over from the bot.
    const orders = (await (await api('/staff/api/orders')).json()) as { orders: { reference: string; conversationId: number }[] };
    const mine = orders.orders.find((o) => o.reference === order.reference)!;
    const pulled = await post(`/staff/api/conversations/${mine.conversationId}/pull`);
    expect(pulled.status).toBe(200);
    const { ticketId } = (await pulled.json()) as { ticketId: number };
    expect(await db.prisma.handoffTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ reason: 'staff_pull', status: 'claimed' });
    await chat.say(omar, 'Japan 1GB 7 days x 1');
    expect(await chat.replies(omar)).toEqual([]); // held: the bot is silent
    expect((await post(`/staff/api/tickets/${ticketId}/release`)).status).toBe(200);
  }, 60_000);

  test('physical SIM cards: staff ship them with ICCIDs and tracking; the reseller is told and the SIM part is booked', async () => {
    const { api, post } = await signIn();
    const buyer = '+905321234611'; // B2B-011
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { id: 'B2B-011' } });
    expect(customer.accountType).toBe('prepaid');
    await db.prisma.$transaction((tx) => postEntry(tx, events.prepaidTopUp({ customerId: 'B2B-011', currency: customer.currency, amountMinor: 10_000_000, usdMinor: 10_000_000 }, 'BANK-SIM', '2026-11-25T09:00:00.000Z')));
    expect((await chat.say(buyer, 'SIM-TH-UNL-10D x 2')).map((m) => m.text).join('\n')).toMatch(/Q-\d+/);
    await chat.say(buyer, 'yes');
    await chat.bot.idle();
    const tasks = (await (await api('/staff/api/fulfilment')).json()) as { tasks: { id: number; orderRef: string; lines: { sku: string; quantity: number }[] }[] };
    const task = tasks.tasks.find((t) => t.lines.some((l) => l.sku === 'SIM-TH-UNL-10D'))!;
    expect(task.lines).toEqual([{ sku: 'SIM-TH-UNL-10D', quantity: 2 }]);
    const shipment = { iccids: ['8966001234567890123', '8966001234567890124'], shippingAddress: 'Istiklal Cd. 12, Istanbul', trackingNumber: 'TR123456789' };
    expect((await post(`/staff/api/fulfilment/${task.id}/ship`, { ...shipment, iccids: ['8966001234567890123'] })).status).toBe(409); // 2 cards, 1 ICCID
    expect((await post(`/staff/api/fulfilment/${task.id}/ship`, { ...shipment, iccids: ['12', '34'] })).status).toBe(400);
    expect((await post(`/staff/api/fulfilment/${task.id}/ship`, shipment)).status).toBe(200);
    expect((await post(`/staff/api/fulfilment/${task.id}/ship`, shipment)).status).toBe(409); // once
    const told = (await chat.replies(buyer)).map((m) => m.text).join('\n');
    expect(told).toContain('TR123456789');
    expect(told).toContain('8966001234567890124');
    expect((await db.prisma.order.findFirstOrThrow({ where: { reference: task.orderRef } })).status).toBe('delivered');
    expect(await auditLedger(db.pool)).toEqual([]);
    const revenue = await db.prisma.journalEntry.count({ where: { idempotencyKey: { in: [`capture:${task.orderRef}:1`, `charge:${task.orderRef}:1`] } } });
    expect(revenue).toBe(1);
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
  }, 150_000); // seven commands, each a node start with tsx: 3 s idle, over 9 s on a busy 2-core machine

  test('sign-in is throttled after 5 failures for one account, the right password too (more in rate-limits.test.ts)', async () => {
    await addStaffUser(db, { email: 'otto@esimhub.test', name: 'Otto', password: 'otto the right one' });
    const attempt = (password: string) =>
      fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'otto@esimhub.test', password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await attempt(`guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt('otto the right one');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
