import { sql as raw } from 'kysely';
import { monthSpan, type Month } from '../../domain/reports/month';
import { PROFIT_CHANNELS, profitReport, type ChannelFigures, type ProfitChannel, type ProfitReport } from '../../domain/reports/profit';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// Each month's revenue and cost of goods from the ledger's postings, by channel: entries booked
// (occurred_at, UTC) in the month, attributed through their order (staff-placed when staff confirmed
// it, else the order's channel); revenue with no order falls back to the entry's channel, and
// retail revenue is its own line. Sums in USD minor units: the ledger keeps each posting's USD value.

const channelOf = raw<string>`CASE WHEN a.code = 'revenue_retail' THEN 'retail'
  WHEN o.placed_by_staff_id IS NOT NULL THEN 'staff'
  ELSE coalesce(o.channel::text, e.channel::text, nullif(split_part(a.code, ':', 2), ''), 'unassigned') END`;
const monthOf = raw<string>`to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM')`;

/** The months from `first` to `last` inclusive, oldest first. */
export function monthsBetween(first: Month, last: Month): Month[] {
  const months: Month[] = [];
  for (let m = first; m <= last; m = monthSpan(m).end.slice(0, 7)) months.push(m);
  return months;
}

/** `count` months ending with `last`, oldest first; a month with nothing booked has zero lines. */
export async function profitByMonths(sql: Sql, last: Month, count: number): Promise<ProfitReport[]> {
  const first = new Date(monthSpan(last).start);
  first.setUTCMonth(first.getUTCMonth() - (count - 1));
  const months = monthsBetween(first.toISOString().slice(0, 7), last);
  const rows = await run(
    sql,
    q
      .selectFrom('postings as p')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .leftJoin('orders as o', 'o.id', 'e.order_id')
      .select((eb) => [
        monthOf.as('month'),
        channelOf.as('channel'),
        // revenue is credited (negative postings): earned = -sum
        eb.cast<number>(raw`coalesce(-sum(p.usd_minor) FILTER (WHERE a.type = 'revenue'), 0)`, 'bigint').as('revenue'),
        eb.cast<number>(raw`coalesce(sum(p.usd_minor) FILTER (WHERE a.code = 'cogs_supplier'), 0)`, 'bigint').as('cogs'),
        eb.cast<number>(raw`count(DISTINCT e.order_id) FILTER (WHERE a.type = 'revenue')`, 'int4').as('orders'),
      ])
      .where((eb) => eb.or([eb('a.type', '=', 'revenue'), eb('a.code', '=', 'cogs_supplier')]))
      .where('e.occurred_at', '>=', new Date(monthSpan(months[0]!).start))
      .where('e.occurred_at', '<', new Date(monthSpan(last).end))
      .groupBy([monthOf, channelOf]),
  );
  return months.map((month) => {
    const figures: ChannelFigures[] = rows
      .filter((r) => r.month === month)
      .map((r) => {
        if (!(PROFIT_CHANNELS as readonly string[]).includes(r.channel)) throw new Error(`ledger: postings of ${month} name an unknown channel ${JSON.stringify(r.channel)}`);
        return { channel: r.channel as ProfitChannel, revenueUsdMinor: r.revenue, cogsUsdMinor: r.cogs, orders: r.orders };
      });
    return profitReport(month, figures);
  });
}

export async function profitByChannel(sql: Sql, month: Month): Promise<ProfitReport> {
  return (await profitByMonths(sql, month, 1))[0]!;
}
