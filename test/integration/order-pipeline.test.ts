import { unzipSync } from 'fflate';
import { balanceOf } from '../../bot/ledger/ledger-store';
import { storeInbound } from '../../bot/pipeline/intake';
import { connect } from '../../bot/db/database';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { fund } from '../support/fund';
import { decodeQr } from '../support/qr';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

describe.each(targets)('the order pipeline through web chat on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  test('order: quote, confirm, prepaid payment, delivery with QR codes that decode to the LPA string, ledger booked', async () => {
    const maria = '+34612345603'; // B2B-003, prepaid EUR, contract price 11.90 USD for Europe 10GB
    await fund(db, 'B2B-003', 'EUR', 100_000, 115_000, 'BANK-MARIA');
    const [quote] = await chat.say(maria, 'Necesito 3 Europa 10GB 30 días');
    expect(quote!.text).toMatch(/^Presupuesto Q-\d{6} \(precios fijos hasta .+ UTC\):/);
    expect(quote!.text).toMatch(/3 x Europa \(33 países\) 10GB 30 días \(ESIM-EU-10GB-30D\) @ EUR [\d.]+ = EUR [\d.]+ \(USD 35\.70\)/);
    const quoteRow = await db.prisma.quote.findFirstOrThrow({ where: { customerId: 'B2B-003' }, orderBy: { id: 'desc' }, include: { lines: true } });
    expect(quoteRow.lines[0]).toMatchObject({ unitPriceUsdMinor: 1190n, priceSource: 'override' });

    const replies = await chat.say(maria, 'sí');
    expect(replies[0]!.text).toMatch(new RegExp(`El pedido ORD-\\d{6} está confirmado y se han descontado EUR ${(Number(quoteRow.totalMinor) / 100).toFixed(2)}`));
    const delivery = replies.find((r) => r.images.length > 0)!;
    expect(delivery.images).toHaveLength(3);
    expect(delivery.text).toMatch(/LPA:1\$smdp\.sandbox\.esimhub\.test\$TEST-/);
    expect(delivery.text).toMatch(/PRUEBA/); // sandbox profiles are marked as test, in Spanish
    const profiles = await db.prisma.esimProfile.findMany({ where: { order: { customerId: 'B2B-003' } } });
    expect(profiles).toHaveLength(3);
    for (const image of delivery.images) {
      const png = Buffer.from(await (await fetch(`${chat.url}${image.url}`)).arrayBuffer());
      const lpa = decodeQr(png);
      expect(profiles.map((p) => p.lpaString)).toContain(lpa);
    }
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-003' } });
    expect(order.status).toBe('delivered');
    const total = Number(order.totalMinor);
    expect(await balanceOf(db.prisma, 'prepaid:B2B-003', 'EUR')).toMatchObject({ balanceMinor: -(100_000 - total) });
    expect(await balanceOf(db.prisma, 'prepaid_held:B2B-003', 'EUR')).toMatchObject({ balanceMinor: 0 });
    expect(await balanceOf(db.prisma, 'revenue_b2b:web', 'EUR')).toMatchObject({ creditsMinor: total });
    expect((await balanceOf(db.prisma, 'cogs_supplier', 'USD')).debitsMinor).toBe(3 * 990);
  });

  test('many eSIMs come as a CSV and a ZIP of QR codes; the supplier is asked in chunks of 30 with progress', async () => {
    const an = '+84912345604'; // B2B-004, prepaid USD
    await fund(db, 'B2B-004', 'USD', 200_000, 200_000, 'BANK-AN');
    await chat.say(an, 'Vietnam 3GB 15 days x 31');
    const replies = await chat.say(an, 'yes');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/ORD-\d{6}: 30 of 31 eSIMs ready/);
    const delivery = replies.find((r) => r.files.length > 0)!;
    expect(delivery.files.map((f) => f.filename)).toEqual([expect.stringMatching(/-esims\.csv$/), expect.stringMatching(/-qr-codes\.zip$/)]);
    const csv = await (await fetch(`${chat.url}${delivery.files[0]!.url}`)).text();
    expect(csv.trim().split('\n')).toHaveLength(32);
    expect(csv.split('\n')[0]).toBe('order,n,sku,iccid,smdp_address,activation_code,lpa,test_profile');
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-004' }, include: { supplierOrders: true } });
    expect(order.supplierOrders.map((c) => c.count)).toEqual([30, 1]);

    // (QR rendering is slow inside jest's module sandbox, so the ZIP is checked on a smaller order.)
    await chat.say(an, 'Vietnam 5GB 30 days x 6');
    const small = (await chat.say(an, 'yes')).find((r) => r.files.length > 0)!;
    const zip = unzipSync(new Uint8Array(await (await fetch(`${chat.url}${small.files[1]!.url}`)).arrayBuffer()));
    const names = Object.keys(zip);
    expect(names).toHaveLength(6);
    const smallOrder = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-004' }, orderBy: { id: 'desc' }, include: { profiles: true } });
    expect(decodeQr(Buffer.from(zip[names[0]!]!))).toBe(smallOrder.profiles.find((p) => `${p.iccid}.png` === names[0])!.lpaString);
  });

  test('quote: the price in the reseller currency with USD alongside; a quote is only a quote', async () => {
    const [reply] = await chat.say('wxid_lvxing_zhou', '韩国5G30天，100个，多少钱');
    expect(reply!.text).toMatch(/^报价 Q-\d{6}/);
    expect(reply!.text).toMatch(/100 x 韩国 5GB 30天 \(ESIM-KR-5GB-30D\) @ CNY [\d.,]+ = CNY [\d.,]+ \(USD [\d.,]+\)/);
    expect(await db.prisma.order.count({ where: { customerId: 'B2B-005' } })).toBe(0);
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { conversationKey: 'web:wxid_lvxing_zhou' } })).state).toBe('quoted');
  });

  test('clarify: an ambiguous product is asked about, and the answer completes the order', async () => {
    const paolo = '+639171234608'; // B2B-008
    const [question] = await chat.say(paolo, 'Need 50 Japan 10GB');
    expect(question!.text).toMatch(/Which product do you mean for "Need 50 Japan 10GB" \(50\)\?/);
    expect(question!.text).toMatch(/ESIM-JP-10GB-15D \(Japan 10GB 15 days\)\n- ESIM-JP-10GB-30D/);
    const [quote] = await chat.say(paolo, '15 days');
    expect(quote!.text).toMatch(/50 x Japan 10GB 15 days \(ESIM-JP-10GB-15D\)/);
  });

  test('a reading the rules are not sure of is read back before any quote (no LLM here); a place we do not sell is said so', async () => {
    const aminah = '+60123456612'; // B2B-012
    const [readBack] = await chat.say(aminah, 'Europe 3GB 15 days for the Lisbon group next week. Oh and we need 28.');
    expect(readBack!.text).toBe('To be sure I read your message right, this is what I understood:\n- 28 x Europe (33 countries) 3GB 15 days (ESIM-EU-3GB-15D)\nReply "yes" and I\'ll send the quote, or write the order again as you want it.');
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-012' } })).toBe(0);
    const [quote] = await chat.say(aminah, 'yes');
    expect(quote!.text).toMatch(/^Quote Q-\d+[\s\S]*28 x Europe \(33 countries\) 3GB 15 days \(ESIM-EU-3GB-15D\)/);

    const [notSold] = await chat.say(aminah, 'Do you have Brazil? 40 units 5GB');
    expect(notSold!.text).toBe("We don't sell eSIMs for Brazil (40) on their own. The closest we have:\n- ESIM-GLOBAL-5GB-30D (Global (100+ countries) 5GB 30 days)\nReply with one of them if it suits you.");
    const [global] = await chat.say(aminah, 'ESIM-GLOBAL-5GB-30D');
    expect(global!.text).toMatch(/^Quote Q-\d+[\s\S]*40 x Global \(100\+ countries\) 5GB 30 days/);
  });

  test('clarify twice without an answer goes to staff, not to a guess', async () => {
    const budi = '+628123456617';
    await chat.say(budi, 'Antarctica 5GB x 10');
    const [handoff] = await chat.say(budi, 'the cold one');
    expect(handoff!.text).toMatch(/asked a colleague/);
    expect(await db.prisma.handoffTicket.findFirst({ where: { customerId: 'B2B-017', reason: 'unsure_parse' } })).not.toBeNull();
  });

  test('cancel: the open quote is cancelled and a later "yes" confirms nothing', async () => {
    const aminah = '+60123456612';
    await chat.say(aminah, 'Malaysia 5GB 30 days x 10');
    const [cancelled] = await chat.say(aminah, 'cancel that');
    expect(cancelled!.text).toMatch(/Quote Q-\d{6} is cancelled/);
    const [nothing] = await chat.say(aminah, 'yes');
    expect(nothing!.text).toMatch(/no open quote to confirm/);
    expect(await db.prisma.order.count({ where: { customerId: 'B2B-012' } })).toBe(0);
  });

  test('status and balance', async () => {
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-003' } });
    const [status] = await chat.say('+34612345603', `estado del pedido ${order.reference}`);
    expect(status!.text).toMatch(new RegExp(`${order.reference}: delivered, 3/3 eSIM entregadas`));
    const [missing] = await chat.say('+34612345603', 'status of ORD-999999');
    expect(missing!.text).toMatch(/ORD-999999/);
    const [prepaid] = await chat.say('+34612345603', '¿Cuál es mi saldo?');
    expect(prepaid!.text).toMatch(/Su saldo prepago es EUR [\d,.]+\./);
    const [postpaid] = await chat.say('+66812345601', 'what is my credit balance');
    expect(postpaid!.text).toMatch(/Credit limit USD 40,000\.00; outstanding USD [\d,.]+; available USD [\d,.]+\./);
  });

  test('postpaid within the credit limit: delivered and booked as a receivable', async () => {
    const nok = '+66812345602'; // B2B-002 buyer, postpaid THB
    await chat.say(nok, 'Thailand unlimited 10 days, 2 pcs');
    const replies = await chat.say(nok, 'confirm');
    expect(replies[0]!.text).toMatch(/Order ORD-\d{6} is confirmed; THB [\d,.]+ will be on your next invoice/);
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-002' }, orderBy: { id: 'desc' } });
    expect(order).toMatchObject({ status: 'delivered', paymentMethod: 'postpaid', totalUsdMinor: 2974n }); // 2 x 14.87 tier price
    expect(await balanceOf(db.prisma, 'receivable:B2B-002', 'THB')).toMatchObject({ balanceMinor: Number(order.totalMinor) });
  });

  test('over the credit limit: staff decide, nothing is ordered or booked', async () => {
    const omar = '+971501234606'; // B2B-006 postpaid, limit USD 12,000
    await chat.say(omar, 'UAE 10GB x 1000');
    const before = await db.prisma.journalEntry.count();
    const [reply] = await chat.say(omar, 'yes');
    expect(reply!.text).toMatch(/over your credit limit/);
    expect(await db.prisma.handoffTicket.findFirst({ where: { customerId: 'B2B-006', reason: 'over_credit_limit' } })).not.toBeNull();
    expect(await db.prisma.journalEntry.count()).toBe(before);
    expect(await db.prisma.esimProfile.count({ where: { order: { customerId: 'B2B-006' } } })).toBe(0);
    const [silent] = [await chat.say(omar, 'hello?')];
    expect(silent).toEqual([]); // staff hold the conversation: the bot stays silent
  });

  test('prepaid without enough balance: says what is missing and waits; a top-up and "yes" release it', async () => {
    const diego = '+525512345610'; // B2B-010 prepaid USD
    await fund(db, 'B2B-010', 'USD', 1_000, 1_000, 'BANK-DIEGO-1');
    await chat.say(diego, 'US 5GB 30 days x 2');
    const [waiting] = await chat.say(diego, 'yes');
    expect(waiting!.text).toMatch(/Order (ORD-\d{6}) is waiting for payment: your prepaid balance is USD [\d.]+ short\. Please wire USD [\d.]+ \(or more\) with the reference Q-\d{6}/);
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-010' } });
    expect(order.status).toBe('awaiting_payment');
    await fund(db, 'B2B-010', 'USD', 100_000, 100_000, 'BANK-DIEGO-2');
    const replies = await chat.say(diego, 'yes');
    expect(replies[0]!.text).toMatch(/is confirmed and USD [\d.]+ was taken/);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('delivered');
  });

  test('a viewer cannot order', async () => {
    const [reply] = await chat.say('+66812345620', 'Order 30 Thailand 5GB');
    expect(reply!.text).toMatch(/view-only/);
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-020' } })).toBe(0);
    expect(await db.prisma.handoffTicket.findFirst({ where: { customerId: 'B2B-020', reason: 'viewer_ordering' } })).not.toBeNull();
  });

  test('an unknown sender starts onboarding, never an order', async () => {
    const stranger = '+15550001111';
    const [ask] = await chat.say(stranger, '100 x Japan 10GB 15 days please');
    expect(ask!.text).toMatch(/To open a reseller account, please reply with: company name/);
    const [thanks] = await chat.say(stranger, 'Acme Travel LLC, US, EIN 12-3456789, online shop, 300/month, Jane Doe');
    expect(thanks!.text).toMatch(/passed your details to our team/);
    const application = await db.prisma.onboardingApplication.findFirstOrThrow({ where: { address: stranger } });
    expect(application).toMatchObject({ status: 'submitted', channel: 'web' });
    expect(application.details).toMatch(/Acme Travel LLC/);
    expect(await db.prisma.quote.count({ where: { conversation: { conversationKey: `web:${stranger}` } } })).toBe(0);
  });

  test('quantities: zero, negative and absurd amounts get a clear answer in the reseller language', async () => {
    const [zero] = await chat.say('+905321234611', 'Türkiye 5GB x 0');
    expect(zero!.text).toMatch(/must be at least 1/);
    const [absurd] = await chat.say('+905321234611', 'Türkiye 5GB x 1000000');
    expect(absurd!.text).toMatch(/1000000 cards on one line is more than I can take/);
    const [chinese] = await chat.say('wxid_haoyun_li', '日本10G 15天 -5张');
    expect(chinese!.text).toMatch(/数量至少为 1/);
    expect(await db.prisma.quote.count({ where: { customerId: { in: ['B2B-011', 'B2B-009'] } } })).toBe(0);
  });

  test('the same message delivered twice, or at once, is acted on once', async () => {
    const zhang = 'wxid_panda_tours';
    const responses = await Promise.all([1, 2, 3].map(() => chat.post(zhang, 'Singapore 3GB 15 days x 2', 'dup-1')));
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { duplicate: boolean }[];
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(1);
    await chat.bot.idle();
    await chat.post(zhang, 'Singapore 3GB 15 days x 2', 'dup-1');
    await chat.bot.idle();
    const replies = await chat.replies(zhang);
    expect(replies).toHaveLength(1);
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-014' } })).toBe(1);
    expect(await db.prisma.message.count({ where: { channel: 'web', channelMessageId: `${zhang}:dup-1` } })).toBe(1);
  });

  test('a restart between quote and confirm continues where the conversation was', async () => {
    const jack = 'hello@sydneysimshop.com.au'; // B2B-013 prepaid USD, a commission reseller: it buys at retail (2 x 15.99)
    await fund(db, 'B2B-013', 'USD', 50_000, 50_000, 'BANK-JACK');
    const [quote] = await chat.say(jack, 'can we get 2 Australia 5GB?');
    const reference = /Q-\d{6}/.exec(quote!.text)![0];
    await chat.stop();
    // A new process: new connections, new bot, new HTTP server, same database.
    const { prisma, pool } = connect(db.url, 4);
    const restarted = { ...db, prisma, pool };
    const again = await BotHarness.start(restarted);
    try {
      await again.replies(jack); // move the cursor past the quote
      const replies = await again.say(jack, 'yes');
      expect(replies[0]!.text).toMatch(/is confirmed and USD 31\.98 was taken/);
      const order = await prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-013' }, include: { quote: true } });
      expect(order.quote!.reference).toBe(reference);
      expect(order.status).toBe('delivered');
    } finally {
      await again.stop();
      await prisma.$disconnect();
      await pool.end();
      chat = await BotHarness.start(db);
    }
  });

  test('physical SIM cards go to the fulfilment team', async () => {
    await fund(db, 'B2B-009', 'CNY', 1_000_000, 140_000, 'BANK-LI');
    await chat.say('wxid_haoyun_li', '中港澳 10G 实体卡 5张');
    const replies = await chat.say('wxid_haoyun_li', '确认');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/实体卡订单 ORD-\d{6} 已交由发货团队处理/);
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-009' }, include: { fulfilmentTasks: true } });
    expect(order.status).toBe('awaiting_fulfilment');
    expect(order.fulfilmentTasks).toHaveLength(1);
  });

  test('a complaint and a request for a person go to staff', async () => {
    const [complaint] = await chat.say('+84912345616', 'the esims you sent yesterday are not activating, customers complaining');
    expect(complaint!.text).toMatch(/I'm sorry about that/);
    const [person] = await chat.say('orders@seoulmobile.kr', 'I want to talk to a person');
    expect(person!.text).toMatch(/asked a colleague to join/);
  });

  /** The reseller's web-chat messages as the channel hands them over, numbered under `idPrefix` (stored straight, not through the bot). */
  const webMessageOf = (address: string, idPrefix: string) => (text: string, n: number) => ({
    channel: 'web' as const, externalId: `${idPrefix}-${n}`, conversationKey: `web:${address}`, sender: { address, authenticated: true }, text, attachments: [], receivedAt: new Date(),
  });

  test('a "yes" sent before its quote was written names the quote and confirms nothing; the next "yes" confirms it', async () => {
    const nok = '+66812345602'; // B2B-002 buyer, postpaid THB
    const message = webMessageOf(nok, `crossing-${target}`);
    await chat.replies(nok); // the cursor past what came before
    const ordersBefore = await db.prisma.order.count({ where: { customerId: 'B2B-002' } });
    // Both stored before the bot reads either (as when the process holding the conversation died):
    // the "yes" is in before the order's quote is written.
    await storeInbound(db.pool, message('Thailand unlimited 10 days x 3', 1));
    await storeInbound(db.pool, message('yes', 2));
    await chat.bot.recover();
    await chat.bot.idle();
    const [quote, crossed] = await chat.replies(nok);
    const ref = /^Quote (Q-\d{6})/.exec(quote!.text)?.[1];
    expect(ref).toBeDefined();
    expect(crossed!.text).toBe(`Your "yes" reached us before quote ${ref} was sent, so it has not confirmed it. Please check the quote and reply YES to confirm it.`);
    expect(await db.prisma.order.count({ where: { customerId: 'B2B-002' } })).toBe(ordersBefore);
    const [confirmed] = await chat.say(nok, 'yes');
    expect(confirmed!.text).toMatch(/Order ORD-\d{6} is confirmed/);
    expect(await db.prisma.order.count({ where: { customerId: 'B2B-002' } })).toBe(ordersBefore + 1);
  });

  test('a "cancel" sent before its quote was written cancels that quote; a "yes" after it confirms nothing', async () => {
    const nok = '+66812345602';
    const message = webMessageOf(nok, `crossing-cancel-${target}`);
    await chat.replies(nok);
    const ordersBefore = await db.prisma.order.count({ where: { customerId: 'B2B-002' } });
    await storeInbound(db.pool, message('Thailand unlimited 10 days x 4', 1));
    await storeInbound(db.pool, message('no, cancel that', 2));
    await chat.bot.recover();
    await chat.bot.idle();
    const [quote, cancelled] = await chat.replies(nok);
    const ref = /^Quote (Q-\d{6})/.exec(quote!.text)?.[1];
    expect(ref).toBeDefined();
    expect(cancelled!.text).toBe(`Quote ${ref} is cancelled. Nothing was charged.`);
    expect(await db.prisma.quote.findFirstOrThrow({ where: { reference: ref! } })).toMatchObject({ status: 'cancelled' });
    const [afterwards] = await chat.say(nok, 'yes');
    expect(afterwards!.text).toMatch(/There is no open quote to confirm/);
    expect(await db.prisma.order.count({ where: { customerId: 'B2B-002' } })).toBe(ordersBefore);
  });

  test('a cancel naming a PO cancels the quote that carries it, and only that; one it cannot find is said so', async () => {
    const nok = '+66812345602';
    await chat.replies(nok);
    const [quoted] = await chat.say(nok, 'PO-7781: Thailand unlimited 10 days x 2');
    const ref = /^Quote (Q-\d{6})/.exec(quoted!.text)?.[1];
    expect(ref).toBeDefined();
    const [other] = await chat.say(nok, 'Please cancel our PO 5512');
    expect(other!.text).toBe('I could not find PO 5512 among your open quote and unpaid order, so nothing was cancelled. To cancel, reply with the quote or order number (Q-... or ORD-...).');
    expect(await db.prisma.quote.findUniqueOrThrow({ where: { reference: ref! } })).toMatchObject({ status: 'open', customerReference: 'PO-7781' });
    const [cancelled] = await chat.say(nok, 'cancel PO-7781 please');
    expect(cancelled!.text).toBe(`Quote ${ref} is cancelled. Nothing was charged.`);
  });

  test('a "cancel" answered after a quote the reseller asked for later (its first try failed) leaves that quote alone', async () => {
    const nok = '+66812345602';
    const message = webMessageOf(nok, `late-cancel-${target}`);
    await chat.replies(nok);
    const cancel = await storeInbound(db.pool, message('cancel', 1));
    const order = await storeInbound(db.pool, message('Thailand unlimited 10 days x 5', 2));
    // The "cancel" failed its first try and the order, stored after it, was answered meanwhile.
    await db.pool.query('UPDATE messages SET processed_at = now() WHERE id = $1', [String(cancel.messageId)]);
    await chat.bot.recover();
    await chat.bot.idle();
    await db.pool.query('UPDATE messages SET processed_at = NULL WHERE id = $1', [String(cancel.messageId)]);
    const quote = await db.prisma.quote.findFirstOrThrow({ where: { customerId: 'B2B-002' }, orderBy: { id: 'desc' } });
    expect(quote).toMatchObject({ status: 'open', sourceMessageId: order.messageId });
    await chat.bot.recover();
    await chat.bot.idle();
    const texts = (await chat.replies(nok)).map((r) => r.text);
    expect(texts.at(-1)).toBe('There is no open quote or unpaid order to cancel.');
    expect(await db.prisma.quote.findUniqueOrThrow({ where: { id: quote.id } })).toMatchObject({ status: 'open' });
  });
});

describe('a message that keeps failing', () => {
  test('is retried, then handed to staff with the error; the reseller is told; nothing is charged', async () => {
    const db = await createTestDatabase('pglite', { seed: true });
    // A fault on the database side: quotes for B2B-007 cannot be written.
    await db.pool.query(`CREATE FUNCTION fail_quote() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test fault)'; END $$`);
    await db.pool.query(`CREATE TRIGGER fail_quote BEFORE INSERT ON quotes FOR EACH ROW WHEN (NEW.customer_id = 'B2B-007') EXECUTE FUNCTION fail_quote()`);
    const chat = await BotHarness.start(db);
    try {
      expect(await chat.say('orders@seoulmobile.kr', 'Korea 5GB 30 days x 10')).toEqual([]);
      await chat.bot.recover();
      await chat.bot.idle();
      expect(await chat.replies('orders@seoulmobile.kr')).toEqual([]);
      await chat.bot.recover(); // third attempt
      await chat.bot.idle();
      const [reply] = await chat.replies('orders@seoulmobile.kr');
      // The order was read well: the reseller is not told it was not understood.
      expect(reply!.text).toBe("Sorry, something went wrong on our side while handling your message, so I've passed it to a colleague. They will reply here shortly.");
      const ticket = await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId: 'B2B-007' } });
      expect(ticket.reason).toBe('processing_failed');
      expect(ticket.detail).toMatch(/could not process message \d+: .*disk full \(test fault\)/);
      expect(await db.prisma.message.count({ where: { direction: 'inbound', processedAt: null } })).toBe(0);
      expect(await db.prisma.journalEntry.count()).toBe(0);
    } finally {
      await chat.stop();
      await db.close();
    }
  });
});
