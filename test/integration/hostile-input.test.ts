import { loadConfig } from '../../bot/config';
import { rateLimitsFrom } from '../../bot/http/rate-limits';
import { buildHttpServer } from '../../bot/http/server';
import { retriedTransactions } from '../../bot/db/sql';
import { Bot } from '../../bot/pipeline/bot';
import { claimTicket } from '../../bot/staff/queue';
import { addStaffUser } from '../../bot/staff/staff-users';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { fund } from '../support/fund';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 11: what an attacker or a clumsy user sends, on both engines. Each test failed before the
// change that made it pass.

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe.each(targets)('hostile and unlucky input on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '1000', WEBCHAT_MESSAGES_PER_ADDRESS: '10000' } });
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  test('one 20,000-character message of a repeated product word gets one short answer, and the bot keeps answering', async () => {
    const kim = 'orders@seoulmobile.kr';
    const started = Date.now();
    const [tooLong, ...more] = await chat.say(kim, 'japan '.repeat(3334).slice(0, 20_000));
    expect(more).toEqual([]);
    expect(tooLong!.text).toMatch(/too long for me to read \(at most 6,000 characters\)/);
    expect(tooLong!.text.length).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${chat.url}/healthz`)).status).toBe(200);
    // Under the character limit but sixty lines read: refused before any clarifying question.
    const [tooMany] = await chat.say(kim, Array.from({ length: 60 }, (_, i) => `japan x${i + 1}`).join(', '));
    expect(tooMany!.text).toBe('That is more than 50 different products in one order. Please split it.');
    // Over the line limit.
    const [lines] = await chat.say(kim, 'hi\n'.repeat(400));
    expect(lines!.text).toMatch(/more than 300 lines/);
    // Eleven unclear lines: a person reads them rather than one enormous question.
    const [unclear] = await chat.say(kim, Array.from({ length: 11 }, (_, i) => `japan x${i + 1}`).join('\n'));
    expect(unclear!.text).toMatch(/asked a colleague to help/);
    await db.pool.query(`UPDATE handoff_tickets SET status = 'released' WHERE customer_id = 'B2B-007'`);
    await db.pool.query(`UPDATE conversations SET state = 'idle' WHERE conversation_key = $1`, [`web:${kim}`]);
    // A clarifying question quotes a bounded part of the reseller's words and lists regions once.
    const [asked] = await chat.say(kim, `5 x 3GB 30 days ${'for our customers '.repeat(60)}\n2 x 7GB 9 days`);
    expect(asked!.text).toMatch(/^I couldn't find "5 x 3GB 30 days for our customers for our customers .{0,50}…" in our catalogue\./);
    expect(asked!.text.length).toBeLessThan(2500);
    expect(asked!.text.match(/We cover:/g)).toHaveLength(1);
    const stored = await db.pool.query<{ longest: number }>(`SELECT max(length(text))::int AS longest FROM messages WHERE direction = 'outbound'`);
    expect(stored.rows[0]!.longest).toBeLessThan(2500);
  });

  test('a message that killed or hung the process is handed to staff after three attempts, across restarts, without being processed again', async () => {
    const kim = 'orders@seoulmobile.kr';
    await db.pool.query(`UPDATE handoff_tickets SET status = 'released' WHERE customer_id = 'B2B-007'`);
    await db.pool.query(`UPDATE conversations SET state = 'idle', state_data = '{}' WHERE conversation_key = $1`, [`web:${kim}`]);
    // The message is stored, then "the process dies" three times while processing it: each start
    // counted the attempt in the database before working.
    const stopped = await BotHarness.start(db);
    await stopped.stop();
    const [conversation] = (await db.pool.query<{ id: number }>(`SELECT id FROM conversations WHERE conversation_key = $1`, [`web:${kim}`])).rows;
    await db.pool.query(
      `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, received_at, processing_attempts)
       VALUES ($1, 'inbound', 'web', 'poison-1', $2, 'Korea 5GB 30 days x 10', now() - interval '1 minute', 3)`,
      [conversation!.id, kim],
    );
    const config = loadConfig({ DEMO_MODE: '1' });
    const restarted = new Bot({ db, config, supplier: createSandboxSupplier() });
    expect(await restarted.recover()).toMatchObject({ messages: 1 });
    await restarted.idle();
    const message = (await db.pool.query(`SELECT processed_at, processing_attempts FROM messages WHERE channel_message_id = 'poison-1'`)).rows[0];
    expect(message.processed_at).not.toBeNull();
    expect(message.processing_attempts).toBe(4);
    const ticket = await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId: 'B2B-007', status: 'open' } });
    expect(ticket.detail).toMatch(/did not finish in 3 attempts/);
    expect(ticket.reason).toBe('processing_failed');
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-007', conversationId: conversation!.id, lines: { some: { sku: { startsWith: 'ESIM-KR' } } } } })).toBe(0);
    await restarted.stop();
    // An ordinary message counts one attempt.
    expect(await chat.say('+84912345604', 'balance?')).toHaveLength(1);
    const attempts = await db.pool.query(`SELECT processing_attempts FROM messages WHERE direction = 'inbound' AND sender_address = '+84912345604'`);
    expect(attempts.rows.map((r) => r.processing_attempts)).toEqual([1]);
  });

  test('a burst on a channel that cannot refuse (40 messages at once) is stored whole and answered in order', async () => {
    const ops = 'ops@dubaitravelhub.ae'; // B2B-006, postpaid
    const texts = Array.from({ length: 40 }, (_, i) => `status of ORD-${String(900_000 + i).padStart(6, '0')}`);
    await Promise.all(
      texts.map((text, i) =>
        chat.bot.receive({ channel: 'web', externalId: `burst-${i}`, conversationKey: `web:${ops}`, sender: { address: ops, authenticated: true }, text, attachments: [], receivedAt: new Date() }),
      ),
    );
    await chat.bot.idle();
    const replies = await chat.replies(ops);
    expect(replies).toHaveLength(40);
    const answered = replies.map((r) => /ORD-(\d{6})/.exec(r.text)?.[1]);
    const asked = (await db.pool.query<{ text: string }>(`SELECT text FROM messages WHERE direction = 'inbound' AND channel_message_id LIKE 'burst-%' ORDER BY id`)).rows.map((r) => /ORD-(\d{6})/.exec(r.text)?.[1]);
    expect(answered).toEqual(asked);
  });

  test('NUL, lone surrogates and wrong types are a 400 naming the field; nothing is stored', async () => {
    const before = await db.prisma.message.count();
    const cases: [unknown, RegExp][] = [
      [{ from: 'orders@seoulmobile.kr', text: 'Korea\u0000 5GB x 1', id: 'n1' }, /^text: text contains a control character/],
      [{ from: 'orders@seoul\u0000mobile.kr', text: 'hi', id: 'n2' }, /^from: from contains a control character/],
      [{ from: 'orders@seoulmobile.kr', text: 'hi', id: 'n\u00003' }, /^id: id contains a control character/],
      [{ from: 'orders@seoulmobile.kr', text: 'Korea \ud800 5GB', id: 'n4' }, /^text: text is not valid Unicode/],
      [{ from: 'orders@seoulmobile.kr', text: 5, id: 'n5' }, /^text: text must be a string/],
      [{ from: ['x'], text: 'hi', id: 'n6' }, /^from: from must be a string/],
    ];
    for (const [body, error] of cases) {
      const response = await post(chat.url, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }
    const broken = await post(chat.url, '{"from": "x", "text": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/^body: /);
    const poll = await fetch(`${chat.url}/webchat/messages?from=${encodeURIComponent('orders@seoul\u0000mobile.kr')}`);
    expect(poll.status).toBe(400);
    expect(((await poll.json()) as { error: string }).error).toMatch(/^from: /);
    expect(await db.prisma.message.count()).toBe(before);
  });

  test('an unexpected error is a 500 with a reference id and none of the internal text', async () => {
    const config = loadConfig({ DEMO_MODE: '1' });
    const http = buildHttpServer({ db, startedAt: new Date(), sink: chat.bot, demoMode: true, limits: rateLimitsFrom(config) });
    http.get('/test-fault', async () => {
      throw new Error('relation "secret_table" does not exist at /work/main/bot/x.ts:1');
    });
    const url = await http.listen({ port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${url}/test-fault`);
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: string; reference: string };
      expect(body.reference).toMatch(/^ERR-[0-9a-f]{10}$/);
      expect(body.error).toContain(body.reference);
      expect(JSON.stringify(body)).not.toMatch(/secret_table|relation|\/work\//);
    } finally {
      await http.close();
    }
  });

  test('two spellings of one WhatsApp number are one conversation, so a staff hold cannot be walked around', async () => {
    const maria = await chat.say('+34 612 345 603', 'hola, quiero hablar con una persona');
    expect(maria[0]!.text).toMatch(/compañero/);
    for (const spelling of ['+34612345603', '+34 (612) 345-603']) await chat.replies(spelling); // the harness keeps a cursor per spelling
    const ticket = await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId: 'B2B-003', status: 'open' } });
    const staffId = await addStaffUser(db, { email: 'hold@esimhub.test', password: 'a long enough password', name: 'Hold' });
    await claimTicket(db, ticket.id, staffId);
    expect(await chat.say('+34612345603', 'Necesito 3 Europa 10GB 30 días')).toEqual([]);
    expect(await chat.say('+34 (612) 345-603', 'hola?')).toEqual([]);
    const conversations = await db.prisma.conversation.findMany({ where: { customerId: 'B2B-003', channel: 'web' } });
    expect(conversations.map((c) => c.conversationKey)).toEqual(['web:+34612345603']);
    // The poll finds the same conversation whatever the spelling.
    const spelled = (await (await fetch(`${chat.url}/webchat/messages?from=${encodeURIComponent('+34 612 345 603')}`)).json()) as { messages: unknown[] };
    expect(spelled.messages.length).toBeGreaterThan(0);
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-003' } })).toBe(0);
  });

  test('language: one shared word never flips a conversation; a clear message does; a Chinese contact writing English gets English', async () => {
    const [english] = await chat.say('wxid_youyi_ops2', '20 x Japan 10GB 15 days as agreed');
    expect(english!.text).toMatch(/^Quote Q-\d{6}/);
    const [cancelled] = await chat.say('wxid_youyi_ops2', 'cancel');
    expect(cancelled!.text).toMatch(/cancelled|Cancelled/);
    // A Spanish conversation stays Spanish through "yes" and "ok".
    const diego = '+525512345610';
    await fund(db, 'B2B-010', 'USD', 500_000, 500_000, 'BANK-DIEGO-LANG');
    const [spanish] = await chat.say(diego, 'Hola, necesito 2 Japón 10GB 15 días por favor');
    expect(spanish!.text).toMatch(/^Presupuesto Q-\d{6}/);
    const [confirmed] = await chat.say(diego, 'yes');
    expect(confirmed!.text).toMatch(/^El pedido ORD-\d{6}/);
    // The contact's language is remembered for a new conversation that shows none clearly.
    const identity = await db.prisma.channelIdentity.findFirstOrThrow({ where: { address: diego } });
    expect(identity.language).toBe('es');
  });

  test('many contacts of one prepaid and one postpaid reseller confirm at the same moment: no deadlock, all answered within seconds, money exact', async () => {
    const contacts = (customerId: string, prefix: string) => Array.from({ length: 6 }, (_, i) => `${prefix}${i}@${customerId.toLowerCase()}.test`);
    const prepaid = contacts('B2B-015', 'buyer'); // prepaid EUR
    const postpaid = contacts('B2B-012', 'buyer'); // postpaid USD
    for (const [customerId, addresses] of [['B2B-015', prepaid], ['B2B-012', postpaid]] as const) {
      await db.prisma.channelIdentity.createMany({ data: addresses.map((address) => ({ customerId, channel: 'email' as const, address, role: 'buyer' as const })) });
    }
    await db.pool.query(`UPDATE customers SET trial_order_pending = false WHERE customer_id IN ('B2B-015', 'B2B-012')`);
    await fund(db, 'B2B-015', 'EUR', 1_000_000, 1_100_000, 'BANK-LISBOA-RACE');
    const retriedBefore = retriedTransactions.count;
    const everyone = [...prepaid, ...postpaid];
    for (const address of everyone) expect((await chat.say(address, 'Japan 10GB 15 days x 3'))[0]!.text).toMatch(/^Quote Q-/);
    for (let round = 0; round < 3; round += 1) {
      const started = Date.now();
      const answered = await Promise.all(
        everyone.map(async (address, i) => {
          const response = await post(chat.url, { from: address, text: 'yes', id: `race-${round}-${i}` });
          expect(response.status).toBe(202);
          const replies = await chat.replies(address, 10_000);
          return { address, replies, ms: Date.now() - started };
        }),
      );
      await chat.bot.idle();
      for (const { replies, ms } of answered) {
        expect(replies.length).toBeGreaterThan(0);
        expect(ms).toBeLessThan(5000);
      }
      if (round < 2) for (const address of everyone) await chat.say(address, 'Japan 10GB 15 days x 3');
    }
    const orders = await db.pool.query<{ customer_id: string; n: number; usd: string }>(
      `SELECT customer_id, count(*)::int AS n, sum(total_usd_minor)::text AS usd FROM orders WHERE customer_id IN ('B2B-015', 'B2B-012') AND payment_method IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(orders.rows.map((r) => [r.customer_id, r.n])).toEqual([['B2B-012', 18], ['B2B-015', 18]]);
    // Not one lock cycle: the reseller's lock is taken first (a retry would have hidden one).
    expect(retriedTransactions.count - retriedBefore).toBe(0);
    const attempts = await db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound' AND processing_attempts > 1 AND sender_address LIKE 'buyer%'`);
    expect(attempts.rows[0].n).toBe(0);
    // The prepaid balance moved by exactly what the orders cost.
    const balance = await db.pool.query<{ left: string }>(
      `SELECT (b.credits_minor - b.debits_minor)::text AS left FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.code = 'prepaid:B2B-015' AND a.currency = 'EUR'`,
    );
    const spent = await db.pool.query<{ eur: string }>(`SELECT sum(total_minor)::text AS eur FROM orders WHERE customer_id = 'B2B-015' AND payment_method = 'prepaid'`);
    expect(Number(balance.rows[0]!.left)).toBe(1_000_000 - Number(spent.rows[0]!.eur));
  });
});
