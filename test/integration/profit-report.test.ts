import { conversationKey, type ChannelName } from '../../channels/port';
import { poolSql } from '../../bot/db/sql';
import { profitByChannel } from '../../bot/reports/profit-by-channel';
import { actForReseller, pullConversation } from '../../bot/staff/queue';
import { addStaffUser } from '../../bot/staff/staff-users';
import { profitJson } from '../../domain/reports/profit';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 14: profit by channel, from orders placed through the pipeline on every channel over two
// months (the clock is an argument: the month is the bot's clock, nothing sleeps), checked against
// an independent reading of the postings, and through the CLI as finance runs it.

const OCTOBER = new Date('2026-10-14T09:00:00.000Z');
const NOVEMBER = new Date('2026-11-03T16:30:00.000Z');

describe.each(targets)('profit by channel on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = OCTOBER;

  const say = async (channel: ChannelName, address: string, text: string) => {
    await chat.receive(channel, address, text, clock);
  };
  const order = async (channel: ChannelName, address: string, text: string) => {
    await say(channel, address, text);
    await say(channel, address, 'yes');
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    // October: WhatsApp (Bangkok Roam, postpaid THB), WeChat (Youyi, postpaid CNY), email (Dubai, postpaid USD).
    await order('whatsapp', '+66812345601', 'Japan 10GB 15 days x 20');
    await order('wechat', 'wxid_youyi_chen', '泰国无限流量10天 30张');
    await order('email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D');
    // November: WhatsApp again, web chat (Dubai's address on the web), and staff ordering for Bangkok Roam.
    clock = NOVEMBER;
    await order('whatsapp', '+66812345602', 'Europe 10GB 30 days x 15');
    await order('web', 'ops@dubaitravelhub.ae', 'ESIM-TH-UNL-10D x 7');
    const staffId = await addStaffUser(db, { email: 'lan@esimhub.test', password: 'correct horse battery', role: 'staff' });
    const [conversation] = (await db.pool.query(`SELECT id FROM conversations WHERE conversation_key = $1`, [conversationKey('whatsapp', '+66812345601')])).rows as { id: number }[];
    const ticketId = await pullConversation(db, conversation!.id, staffId);
    await actForReseller(db, chat.bot, ticketId, staffId, 'Korea 5GB 30 days x 40');
    await chat.bot.idle();
    await actForReseller(db, chat.bot, ticketId, staffId, 'yes');
    await chat.bot.idle();
  }, 120_000);

  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  /** The same figures read another way: each order's revenue and cost summed from its own postings, attributed in code. */
  async function independently(start: string, end: string) {
    const { rows } = await db.pool.query(
      `SELECT o.reference, o.channel::text AS channel, o.placed_by_staff_id,
              (SELECT -sum(p.usd_minor) FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.account_id
                WHERE e.order_id = o.id AND a.code LIKE 'revenue_b2b:%' AND e.occurred_at >= $1 AND e.occurred_at < $2)::bigint AS revenue,
              (SELECT sum(p.usd_minor) FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.account_id
                WHERE e.order_id = o.id AND a.code = 'cogs_supplier' AND e.occurred_at >= $1 AND e.occurred_at < $2)::bigint AS cogs
       FROM orders o`,
      [start, end],
    );
    const by = new Map<string, { revenue: number; cogs: number; orders: number }>();
    for (const r of rows as { reference: string; channel: string; placed_by_staff_id: number | null; revenue: number | null; cogs: number | null }[]) {
      if (r.revenue === null && r.cogs === null) continue;
      const channel = r.placed_by_staff_id === null ? r.channel : 'staff';
      const seen = by.get(channel) ?? { revenue: 0, cogs: 0, orders: 0 };
      by.set(channel, { revenue: seen.revenue + Number(r.revenue ?? 0), cogs: seen.cogs + Number(r.cogs ?? 0), orders: seen.orders + (r.revenue === null ? 0 : 1) });
    }
    return by;
  }

  test('every order was delivered and booked in the month of its clock', async () => {
    const { rows } = await db.pool.query(`SELECT reference, status::text, to_char(delivered_at, 'YYYY-MM') AS month, placed_by_staff_id FROM orders ORDER BY id`);
    expect(rows.map((r) => [r.status, r.month])).toEqual([
      ['delivered', '2026-10'], ['delivered', '2026-10'], ['delivered', '2026-10'],
      ['delivered', '2026-11'], ['delivered', '2026-11'], ['delivered', '2026-11'],
    ]);
    expect(rows.filter((r) => r.placed_by_staff_id !== null)).toHaveLength(1);
  });

  test('each month agrees to the cent with the postings read independently, channel by channel', async () => {
    for (const [month, start, end, channels] of [
      ['2026-10', '2026-10-01', '2026-11-01', ['whatsapp', 'wechat', 'email']],
      ['2026-11', '2026-11-01', '2026-12-01', ['whatsapp', 'web', 'staff']],
    ] as const) {
      const report = await profitByChannel(poolSql(db.pool), month);
      const expected = await independently(start, end);
      expect([...expected.keys()].sort()).toEqual([...channels].sort());
      for (const line of report.lines) {
        const e = expected.get(line.channel) ?? { revenue: 0, cogs: 0, orders: 0 };
        expect({ channel: line.channel, revenue: line.revenueUsdMinor, cogs: line.cogsUsdMinor, orders: line.orders }).toEqual({ channel: line.channel, ...e });
        expect(line.profitUsdMinor).toBe(e.revenue - e.cogs);
      }
      for (const channel of channels) expect(report.lines.find((l) => l.channel === channel)!.revenueUsdMinor).toBeGreaterThan(0);
      expect(report.total.revenueUsdMinor).toBe([...expected.values()].reduce((s, e) => s + e.revenue, 0));
    }
  });

  test('a month with nothing booked is all zeros, not an error', async () => {
    const report = await profitByChannel(poolSql(db.pool), '2026-09');
    expect(report.total).toEqual({ revenueUsdMinor: 0, cogsUsdMinor: 0, profitUsdMinor: 0, orders: 0 });
  });

  if (target === 'postgres') {
    test('esim-hub report profit --json prints what the report says, as decimal strings; a bad month is named', async () => {
      const env = { DATABASE_URL: db.url };
      const run = await runCli(['report', 'profit', '--month', '2026-11', '--json'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout) as ReturnType<typeof profitJson>;
      expect(printed).toEqual(profitJson(await profitByChannel(poolSql(db.pool), '2026-11')));
      expect(printed.map((l) => l.channel)).toEqual(['whatsapp', 'wechat', 'email', 'web', 'staff']);
      for (const l of printed) expect(l.revenueUsd).toMatch(/^-?\d+\.\d{2}$/);
      const table = await runCli(['report', 'profit', '--month', '2026-11'], env);
      expect(table.stdout).toMatch(/Staff-placed\s+1\s+[\d,]+\.\d{2}/);
      const bad = await runCli(['report', 'profit', '--month', 'November'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('write it as YYYY-MM');
    }, 60_000);
  }
});
