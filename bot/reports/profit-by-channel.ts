import { sql as raw } from 'kysely';
import { monthSpan, type Month } from '../../domain/reports/month';
import { PROFIT_CHANNELS, profitReport, type ChannelFigures, type ProfitChannel, type ProfitReport } from '../../domain/reports/profit';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// The month's revenue and cost of goods from the ledger's postings, by channel: entries booked
// (occurred_at) in the month, attributed through their order (staff-placed when staff confirmed it,
// else the order's channel); revenue with no order falls back to the entry's channel, and retail
// revenue is its own line. Sums in USD minor units: the ledger keeps each posting's USD value.

const channelOf = raw<string>`CASE WHEN a.code = 'revenue_retail' THEN 'retail'
  WHEN o.placed_by_staff_id IS NOT NULL THEN 'staff'
  ELSE coalesce(o.channel::text, e.channel::text, nullif(split_part(a.code, ':', 2), ''), 'unassigned') END`;

export async function profitByChannel(sql: Sql, month: Month): Promise<ProfitReport> {
  const { start, end } = monthSpan(month);
  const rows = await run(
    sql,
    q
      .selectFrom('postings as p')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .leftJoin('orders as o', 'o.id', 'e.order_id')
      .select((eb) => [
        channelOf.as('channel'),
        // revenue is credited (negative postings): earned = -sum
        eb.cast<number>(raw`coalesce(-sum(p.usd_minor) FILTER (WHERE a.type = 'revenue'), 0)`, 'bigint').as('revenue'),
        eb.cast<number>(raw`coalesce(sum(p.usd_minor) FILTER (WHERE a.code = 'cogs_supplier'), 0)`, 'bigint').as('cogs'),
        eb.cast<number>(raw`count(DISTINCT e.order_id) FILTER (WHERE a.type = 'revenue')`, 'int4').as('orders'),
      ])
      .where((eb) => eb.or([eb('a.type', '=', 'revenue'), eb('a.code', '=', 'cogs_supplier')]))
      .where('e.occurred_at', '>=', new Date(start))
      .where('e.occurred_at', '<', new Date(end))
      .groupBy(channelOf),
  );
  const figures: ChannelFigures[] = rows.map((r) => {
    if (!(PROFIT_CHANNELS as readonly string[]).includes(r.channel)) throw new Error(`ledger: postings of ${month} name an unknown channel ${JSON.stringify(r.channel)}`);
    return { channel: r.channel as ProfitChannel, revenueUsdMinor: r.revenue, cogsUsdMinor: r.cogs, orders: r.orders };
  });
  return profitReport(month, figures);
}
