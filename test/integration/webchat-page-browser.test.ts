import { chromium, type Browser, type Page } from 'playwright-core';
import { postEntry } from '../../bot/ledger/ledger-store';
import * as events from '../../domain/ledger/events';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// Issue 19 in the browser (headless Chromium, 1280x720, a slow network: 400 ms each way and a
// slow line): the web-chat page shows every message of the transcript exactly once, the reseller's
// own and the bot's, live and after a reload, in order; a poll for an identity no longer on screen
// shows nothing; a QR code names its ICCID.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MARIA = '+34612345603'; // B2B-003 Viajes Conecta, prepaid
const UNKNOWN = '+15550000000'; // the page's "unknown sender" entry: no conversation yet

interface Bubble {
  id: string | null;
  kind: 'me' | 'bot';
  text: string;
}

/** What the page displays: one entry per bubble, its own text without the QR captions and links. */
const bubbles = (page: Page): Promise<Bubble[]> =>
  page.$$eval('#log .msg', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-id'),
      kind: el.classList.contains('me') ? ('me' as const) : ('bot' as const),
      text: [...el.childNodes].filter((n) => n.nodeType === 3 /* text */).map((n) => n.textContent).join(''),
    })),
  );

describe('the web-chat page on a slow network', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await db.prisma.$transaction((tx) => postEntry(tx, events.prepaidTopUp({ customerId: 'B2B-003', currency: 'EUR', amountMinor: 100_000, usdMinor: 110_000 }, 'BANK-WEBCHAT', '2026-11-25T09:00:00.000Z')));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    chat?.bot.activity.emit('shutdown'); // as the app does: open long polls are answered at once
    await chat?.stop();
    await db?.close();
  });

  const newPage = () => browser.newPage({ viewport: { width: 1280, height: 720 } });

  /** The page, opened as `address` once its identities are listed. */
  async function openAs(page: Page, address: string): Promise<void> {
    await page.goto(`${chat.url}/`);
    await page.waitForSelector(`#who option[value="${address}"]`, { state: 'attached' });
    await page.selectOption('#who', address);
  }

  /** The conversation as stored: every message once, in order. */
  async function transcript(address: string): Promise<{ id: string; kind: 'me' | 'bot'; text: string }[]> {
    const { rows } = await db.pool.query(
      `SELECT m.id::text AS id, m.direction, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.conversation_key = $1 ORDER BY m.id`,
      [`web:${address}`],
    );
    return rows.map((r: { id: string; direction: string; text: string }) => ({ id: r.id, kind: r.direction === 'inbound' ? 'me' : 'bot', text: r.text }));
  }

  /**
   * Sends as the reseller would, and waits until a new bot bubble matches `answer`: more than the
   * conversation holds already (its history may still be loading into the page when this is called).
   */
  async function send(page: Page, text: string, answer: RegExp): Promise<void> {
    const matching = () => page.locator('#log .msg.bot', { hasText: answer }).count();
    const before = (await transcript(await page.inputValue('#who'))).filter((m) => m.kind === 'bot' && answer.test(m.text)).length;
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await until(async () => (await matching()) > before || null, `a reply matching ${answer}`, 20_000);
  }

  /** Polled from outside the page: its policy forbids the eval that waitForFunction polls a string with. */
  const confirmedBubbles = (page: Page, n: number) => until(async () => (await page.locator('#log .msg[data-id]').count()) >= n || null, `${n} messages on the page`, 20_000);

  test('an order, its confirmation and delivery are shown once each, live and after a reload, both sides in order', async () => {
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 48 * 1024, uploadThroughput: 24 * 1024 });
    await page.goto(`${chat.url}/`);
    await page.waitForSelector(`#who option[value="${MARIA}"]`, { state: 'attached' });
    // The page starts on the first identity; choosing another while its poll is out must not mix them.
    await page.selectOption('#who', MARIA);

    await send(page, 'Japan 1GB 7 days x 2', /Quote Q-\d+/);
    await send(page, 'yes', /ICCID/);
    // Time for a second poll loop, if there were one, to show its copies.
    await page.waitForTimeout(2_500);

    const stored = await transcript(MARIA);
    const quote = stored.filter((m) => /^Quote Q-\d+/.test(m.text));
    const delivery = stored.filter((m) => m.kind === 'bot' && m.text.includes('ICCID'));
    expect(quote).toHaveLength(1);
    expect(delivery).toHaveLength(1);
    expect(stored.filter((m) => m.kind === 'me').map((m) => m.text)).toEqual(['Japan 1GB 7 days x 2', 'yes']);
    expect(stored.length).toBeGreaterThanOrEqual(5); // the two messages, the quote, a confirmation, the delivery

    const live = await bubbles(page);
    const shown = (pattern: RegExp) => live.filter((b) => pattern.test(b.text)).length;
    expect({ quote: shown(/^Quote Q-\d+/), confirmation: shown(/^Order ORD-\d+ is confirmed/), delivery: shown(/ICCID/) }).toEqual({ quote: 1, confirmation: 1, delivery: 1 });
    // Every stored message exactly once (by id and by text), nothing else, in order.
    expect(live).toEqual(stored);
    for (const m of stored) expect(live.filter((b) => b.text === m.text)).toHaveLength(1);

    // The QR codes: the ICCID in the alt text, the caption and the file name, also as served.
    const profiles = await db.prisma.esimProfile.findMany({ where: { order: { customerId: 'B2B-003' } }, orderBy: { id: 'asc' } });
    expect(profiles).toHaveLength(2);
    const qrs = await page.$$eval('#log .msg a.qr', (links) =>
      links.map((a) => ({ href: a.getAttribute('href')!, download: a.getAttribute('download'), alt: a.querySelector('img')!.getAttribute('alt'), caption: a.querySelector('figcaption')!.textContent })),
    );
    expect(qrs.map((q) => q.alt)).toEqual(profiles.map((p) => `QR code, ICCID ${p.iccid}`));
    expect(qrs.map((q) => q.caption)).toEqual(profiles.map((p) => `ICCID ${p.iccid}`));
    expect(qrs.map((q) => q.download)).toEqual(profiles.map((p) => `${p.iccid}.png`));
    const served = await fetch(new URL(qrs[0]!.href, chat.url));
    expect(served.headers.get('content-disposition')).toBe(`inline; filename="${profiles[0]!.iccid}.png"`);

    // Reopened: the same conversation, both sides, each once, in order.
    await page.reload();
    await confirmedBubbles(page, stored.length);
    await page.waitForTimeout(1_500);
    expect(await bubbles(page)).toEqual(stored);

    // Another identity: its poll runs, and a reply for María's conversation while it does is not shown.
    await page.selectOption('#who', UNKNOWN);
    await page.waitForTimeout(300);
    expect((await chat.post(MARIA, 'status')).status).toBe(202);
    await chat.bot.idle();
    await page.waitForTimeout(1_500);
    expect(await bubbles(page)).toEqual([]);
    // And back: the whole conversation once, with the new message and its answer.
    await page.selectOption('#who', MARIA);
    const now = await transcript(MARIA);
    expect(now.length).toBeGreaterThan(stored.length);
    await confirmedBubbles(page, now.length);
    await page.waitForTimeout(1_000);
    expect(await bubbles(page)).toEqual(now);
    await page.close();
  }, 60_000);

  test('a message the server could not take for a moment (503) or whose answer was lost is sent again, and stored and answered once', async () => {
    const page = await newPage();
    let posts = 0;
    await page.route('**/webchat/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts += 1;
      // First: what the bot answers while PostgreSQL restarts. Second: stored, but the answer lost on the way.
      if (posts === 1) return route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: JSON.stringify({ error: 'The service is busy for a moment: please send it again in a few seconds.', retryAfterSeconds: 5 }) });
      if (posts === 2) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await openAs(page, MARIA);
    const before = (await transcript(MARIA)).length;
    await send(page, 'Korea 1GB 7 days x 3', /Quote Q-\d+/);
    await until(() => posts >= 3 || null, 'the resend after the lost answer', 20_000); // the quote may come first: the message was stored
    await page.waitForTimeout(1_000);
    expect(posts).toBe(3);
    const stored = (await transcript(MARIA)).slice(before);
    expect(stored.filter((m) => m.kind === 'me').map((m) => m.text)).toEqual(['Korea 1GB 7 days x 3']);
    expect(stored.filter((m) => /^Quote Q-\d+/.test(m.text))).toHaveLength(1);
    const live = await bubbles(page);
    expect(live.filter((b) => b.text === 'Korea 1GB 7 days x 3')).toHaveLength(1);
    expect(live.some((b) => b.text.startsWith('Not sent'))).toBe(false);
    await page.close();
  }, 60_000);

  test('a message a load balancer answers 502 (its process died), then leaves unanswered (a frozen process), is sent again under its id, stored and answered once', async () => {
    const page = await newPage();
    const ids: string[] = [];
    await page.route('**/webchat/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      ids.push((JSON.parse(route.request().postData() ?? '{}') as { id: string }).id);
      if (ids.length === 1) return route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>' });
      if (ids.length === 2) return; // held, never answered: the page gives up on it after 10 s
      return route.continue();
    });
    await openAs(page, MARIA);
    const before = (await transcript(MARIA)).length;
    await confirmedBubbles(page, before); // the conversation so far, on the page
    const quotes = () => page.locator('#log .msg.bot', { hasText: /Quote Q-\d+/ }).count();
    const quotesBefore = await quotes();
    await page.fill('#text', 'Korea 1GB 7 days x 4');
    await page.press('#text', 'Enter');
    await until(async () => (await quotes()) > quotesBefore || null, 'the quote after two resends', 40_000);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1); // one message, sent three times under one id
    const stored = (await transcript(MARIA)).slice(before);
    expect(stored.filter((m) => m.kind === 'me').map((m) => m.text)).toEqual(['Korea 1GB 7 days x 4']);
    expect(stored.filter((m) => /^Quote Q-\d+/.test(m.text))).toHaveLength(1);
    const live = await bubbles(page);
    expect(live.filter((b) => b.text === 'Korea 1GB 7 days x 4')).toHaveLength(1);
    expect(live.some((b) => b.text.startsWith('Not sent'))).toBe(false);
    expect(await page.locator('#log .msg.me.failed').count()).toBe(0);
    await page.close();
  }, 60_000);

  test('a stored message shows as sent before any reply comes; one staff entered in the reseller\'s name shows on their side, marked', async () => {
    const page = await newPage();
    // Every poll is held until released: no reply, and no copy of the message, reaches the page meanwhile.
    let releasePolls: () => void = () => undefined;
    const pollsHeld = new Promise<void>((resolve) => (releasePolls = resolve));
    await page.route((url) => url.pathname === '/webchat/messages', async (route) => {
      if (route.request().method() === 'GET') await pollsHeld;
      return route.continue().catch(() => undefined); // a poll the page gave up on meanwhile
    });
    await openAs(page, MARIA);
    await page.fill('#text', 'balance');
    await page.press('#text', 'Enter');
    const mine = page.locator('#log .msg.me', { hasText: 'balance' });
    await until(async () => ((await mine.getAttribute('class')) === 'msg me' ? true : null), 'the message shown as sent', 10_000);
    expect(await page.locator('#log .msg.bot').count()).toBe(0);
    releasePolls();

    const staff = await db.prisma.staffUser.create({ data: { email: `desk-${Date.now()}@esimhub.example`, name: 'Order desk', passwordHash: 'not-used' } });
    await chat.bot.receive({ channel: 'web', externalId: `staff:browser:${Date.now()}`, conversationKey: `web:${MARIA}`, sender: { address: MARIA, authenticated: true }, text: 'status', attachments: [], receivedAt: new Date(), enteredByStaffId: staff.id });
    const entered = page.locator('#log .msg.me.for-you', { hasText: 'status' });
    await until(async () => ((await entered.count()) === 1 ? true : null), 'the staff-entered message on the page', 20_000);
    expect(await entered.locator('small').textContent()).toBe('Entered for you by eSIM Hub staff');
    expect(await page.locator('#log .msg.me.for-you').count()).toBe(1); // the reseller's own "balance" is not marked
    await page.close();
  }, 60_000);

  test('a message typed while the one before it is being sent again is stored after it', async () => {
    const page = await newPage();
    let posts = 0;
    await page.route('**/webchat/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts += 1;
      return posts === 1 ? route.abort('connectionreset') : route.continue(); // the order's first copy never arrives
    });
    await openAs(page, MARIA);
    const before = (await transcript(MARIA)).length;
    await page.fill('#text', 'Thailand 1GB 7 days x 2');
    await page.press('#text', 'Enter');
    await until(() => posts >= 1 || null, 'the first send', 10_000);
    await send(page, 'yes', /ICCID/);
    const mine = (await transcript(MARIA)).slice(before).filter((m) => m.kind === 'me').map((m) => m.text);
    expect(mine).toEqual(['Thailand 1GB 7 days x 2', 'yes']);
    await page.close();
  }, 60_000);

  test('the API: mine=1 adds the reseller\'s own messages, with the id they were posted with; the cursor moves past replies only', async () => {
    const from = '+66812345601';
    expect((await chat.post(from, 'hello', 'client-1')).status).toBe(202);
    await chat.bot.idle();
    type Poll = { messages: { id: number; from: string; direction: string; clientId?: string; text: string }[]; cursor: number };
    const get = async (query: string): Promise<Poll> => (await (await fetch(`${chat.url}/webchat/messages?from=${encodeURIComponent(from)}&${query}`)).json()) as Poll;
    const both = await get('after=0&mine=1');
    expect(both.messages[0]).toMatchObject({ from: 'me', direction: 'inbound', clientId: 'client-1', text: 'hello' });
    const replies = both.messages.slice(1);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((m) => m.from === 'bot' && m.direction === 'outbound' && m.clientId === undefined)).toBe(true);
    expect(both.cursor).toBe(replies[replies.length - 1]!.id);
    // Without mine=1: the replies only, as API clients have always read them.
    expect(await get('after=0')).toEqual({ messages: replies, cursor: both.cursor });
    expect(await get(`after=${both.cursor}&mine=1&wait=0`)).toEqual({ messages: [], cursor: both.cursor });
    // An own message stored, its answer not yet (as while the bot works on it): it does not move the
    // cursor, nor end a wait, and the next answer brings it again.
    const { rows: [own] } = await db.pool.query(
      `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, received_at)
       SELECT id, 'inbound', 'web', $2, $3, 'are you there?', now() FROM conversations WHERE conversation_key = $1 RETURNING id::int AS id`,
      [`web:${from}`, `${from}:client-2`, from],
    );
    const pending = { id: own.id, from: 'me', direction: 'inbound', clientId: 'client-2', text: 'are you there?' };
    const first = await get(`after=${both.cursor}&mine=1&wait=0`);
    expect(first).toMatchObject({ messages: [pending], cursor: both.cursor });
    const waitedFrom = Date.now();
    expect(await get(`after=${both.cursor}&mine=1&wait=400`)).toMatchObject({ messages: [pending], cursor: both.cursor });
    expect(Date.now() - waitedFrom).toBeGreaterThanOrEqual(380);
  });
});
