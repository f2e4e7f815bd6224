import { parse } from 'csv-parse/sync';
import { conversationKey, type ChannelName } from '../../channels/port';
import { runInvoices } from '../../bot/invoices/issue-invoice';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { fund } from '../support/fund';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 14: a reseller asks in chat for a statement ("statement for October", "对账单", "estado de
// cuenta") or the invoice, and gets the files on the thread that asked, in their language; a month
// not ended, a prepaid account asking for an invoice, are answered in words. The clock is an argument.

const OCTOBER = new Date('2026-10-09T11:00:00.000Z');
const LATE_NOVEMBER = new Date('2026-11-27T09:15:00.000Z');

describe.each(targets)('statements and invoices asked for in chat on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = OCTOBER;

  const say = async (channel: ChannelName, address: string, text: string) => {
    await chat.receive(channel, address, text, clock);
    const { rows } = await db.pool.query(
      `SELECT m.text, m.attachments FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.conversation_key = $1 AND m.direction = 'outbound' ORDER BY m.id DESC LIMIT 1`,
      [conversationKey(channel, address)],
    );
    return rows[0] as { text: string; attachments: { kind: string; filename: string; mimeType: string; url: string }[] };
  };
  const file = async (url: string) => {
    const response = await fetch(`${chat.url}${url}`);
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    // October: Hanoi Connect (prepaid USD, WhatsApp) tops up and orders; Youyi (postpaid CNY, WeChat) orders.
    await fund(db, 'B2B-004', 'USD', 200_000, 200_000, 'VCB-1009-0311', OCTOBER.toISOString());
    await say('whatsapp', '+84912345604', 'Japan 10GB 15 days x 10');
    await say('whatsapp', '+84912345604', 'yes');
    await say('wechat', 'wxid_youyi_chen', '泰国无限流量10天 30张');
    await say('wechat', 'wxid_youyi_chen', '确认');
    clock = LATE_NOVEMBER;
  }, 120_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('"statement for October" on WhatsApp: the PDF and the CSV of October, made on request, on the same thread', async () => {
    const answer = await say('whatsapp', '+84912345604', 'Hi, can you send our statement for October?');
    expect(answer.text).toMatch(/^Your statement for October 2026 is attached \(PDF and CSV\)\. Closing balance available: USD [\d,]+\.\d{2}\.$/);
    expect(answer.attachments.map((a) => a.filename)).toEqual(['statement-B2B-004-2026-10.pdf', 'statement-B2B-004-2026-10.csv']);
    const pdf = await file(answer.attachments[0]!.url);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await file(answer.attachments[1]!.url);
    const rows = parse(csv.bytes.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.some((r) => Object.values(r).some((v) => v.includes('VCB-1009-0311')))).toBe(true);
    // The closing balance in the text is the CSV's.
    const closing = answer.text.match(/USD ([\d,]+\.\d{2})/)![1]!.replace(/,/g, '');
    expect(csv.bytes.toString('utf8')).toContain(closing);
    // A guessed URL is not a document.
    expect((await file(answer.attachments[0]!.url.replace(/\/documents\/[a-f0-9]+\//, `/documents/${'0'.repeat(64)}/`))).status).toBe(404);
  });

  test('"对账单" on WeChat: the latest statement, in Chinese; the month that has not ended is explained', async () => {
    const latest = await say('wechat', 'wxid_youyi_chen', '你好，请发一下对账单');
    expect(latest.text).toMatch(/^附上您2026年10月的对账单（PDF 和 CSV）。期末应付余额：CNY [\d,]+\.\d{2}。$/);
    expect(latest.attachments.map((a) => a.filename)).toEqual(['statement-B2B-001-2026-10.pdf', 'statement-B2B-001-2026-10.csv']);
    const notYet = await say('wechat', 'wxid_youyi_chen', '11月对账单');
    expect(notYet.text).toContain('2026年11月的对账单将在该月结束后生成');
    expect(notYet.attachments).toEqual([]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM statements WHERE customer_id = 'B2B-001'`)).rows[0].n).toBe(1);
  });

  test('"invoice": the latest invoice for a postpaid reseller; a prepaid one is told there are none', async () => {
    const prepaid = await say('whatsapp', '+84912345604', 'please send the latest invoice');
    expect(prepaid.text).toBe('Your account is prepaid, so there are no invoices: ask me for your statement instead.');
    const before = await say('wechat', 'wxid_youyi_chen', '发票');
    expect(before.text).toContain('您的账户还没有发票');
    const issued = await runInvoices(db.pool, { date: '2026-11-01', customerId: 'B2B-001', paymentTermsDays: 30, now: LATE_NOVEMBER });
    expect(issued.ok).toBe(true);
    const invoice = await say('wechat', 'wxid_youyi_chen', '请发发票');
    expect(invoice.text).toMatch(/^附上发票 INV-2026-00001，金额 CNY [\d,]+\.\d{2}（PDF 和 CSV），付款截止日 2026-12-01。/);
    expect(invoice.attachments.map((a) => a.filename)).toEqual(['INV-2026-00001.pdf', 'INV-2026-00001.csv']);
    expect((await file(invoice.attachments[0]!.url)).type).toBe('application/pdf');
  });

  test('"estado de cuenta" in web chat from a Spanish reseller with nothing on the account: a statement of zero, in Spanish, with its files', async () => {
    const replies = await chat.say('compras@viajesconecta.es', 'Hola, ¿me envían el estado de cuenta de octubre?');
    const last = replies.at(-1)!;
    expect(last.text).toBe('Le adjunto su estado de cuenta de octubre de 2026 (PDF y CSV). Saldo final disponible: EUR 0.00.');
    expect(last.files.map((f) => f.filename)).toEqual(['statement-B2B-003-2026-10.pdf', 'statement-B2B-003-2026-10.csv']);
    expect((await file(last.files[0]!.url)).type).toBe('application/pdf');
  });

  if (target === 'postgres') {
    test('esim-hub statements run --send: the files are written and each statement is sent once, however often it is run', async () => {
      const env = { DATABASE_URL: db.url };
      const args = ['statements', 'run', '--month', '2026-10', '--customer', 'B2B-004', '--out', `${require('node:os').tmpdir()}/esimhub-send-${Date.now()}`, '--send'];
      const first = await runCli(args, env);
      expect(first.code).toBe(0);
      expect(first.stdout.trim().split('\n').map((f) => f.split('/').at(-1))).toEqual(['statement-B2B-004-2026-10.pdf', 'statement-B2B-004-2026-10.csv']);
      expect(first.stderr).toContain('sent 1 of 1');
      const again = await runCli(args, env);
      expect(again.code).toBe(0);
      const sends = await db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound' AND channel_message_id LIKE 'statement:%:issued:%'`);
      expect(sends.rows[0].n).toBe(1);
    }, 60_000);
  }
});
