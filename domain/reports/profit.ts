import { formatMinorAsDecimal } from '../money';

// Gross profit by sales channel for one month, in USD, from the ledger: revenue is what the
// revenue accounts were credited (B2B per channel; retail apart), cost of goods what the supplier
// cost account was debited for the same orders. Supplier payments and deposits move no revenue or
// cost and so never appear. An order staff placed for a reseller counts as "staff", whatever
// channel its conversation is on.

/** `unassigned`: a cost booked without an order (never by the bot; possible by hand), shown so the total still agrees with the ledger. */
export const PROFIT_CHANNELS = ['whatsapp', 'wechat', 'email', 'web', 'staff', 'retail', 'unassigned'] as const;
export type ProfitChannel = (typeof PROFIT_CHANNELS)[number];

/** What the ledger says for one channel (USD minor units; revenue as earned, cost as spent). */
export interface ChannelFigures {
  channel: ProfitChannel;
  revenueUsdMinor: number;
  cogsUsdMinor: number;
  /** Orders with revenue booked in the month. */
  orders: number;
}

export interface ProfitLine extends ChannelFigures {
  profitUsdMinor: number;
}

export interface ProfitReport {
  month: string;
  lines: ProfitLine[];
  total: Omit<ProfitLine, 'channel'>;
}

const B2B: readonly ProfitChannel[] = ['whatsapp', 'wechat', 'email', 'web', 'staff'];

/** One line per B2B channel (zero when nothing was sold there), retail only when it has figures, and the total. */
export function profitReport(month: string, figures: readonly ChannelFigures[]): ProfitReport {
  const byChannel = new Map<ProfitChannel, ChannelFigures>();
  for (const f of figures) {
    const seen = byChannel.get(f.channel);
    byChannel.set(f.channel, seen ? { channel: f.channel, revenueUsdMinor: seen.revenueUsdMinor + f.revenueUsdMinor, cogsUsdMinor: seen.cogsUsdMinor + f.cogsUsdMinor, orders: seen.orders + f.orders } : f);
  }
  const channels = PROFIT_CHANNELS.filter((c) => B2B.includes(c) || byChannel.has(c));
  const lines = channels.map((channel): ProfitLine => {
    const f = byChannel.get(channel) ?? { channel, revenueUsdMinor: 0, cogsUsdMinor: 0, orders: 0 };
    return { ...f, channel, profitUsdMinor: f.revenueUsdMinor - f.cogsUsdMinor };
  });
  const total = lines.reduce(
    (t, l) => ({ revenueUsdMinor: t.revenueUsdMinor + l.revenueUsdMinor, cogsUsdMinor: t.cogsUsdMinor + l.cogsUsdMinor, profitUsdMinor: t.profitUsdMinor + l.profitUsdMinor, orders: t.orders + l.orders }),
    { revenueUsdMinor: 0, cogsUsdMinor: 0, profitUsdMinor: 0, orders: 0 },
  );
  return { month, lines, total };
}

const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');

/** `esim-hub report profit --json`: one element per channel, amounts as decimal strings. */
export function profitJson(report: ProfitReport): { channel: ProfitChannel; revenueUsd: string; cogsUsd: string; profitUsd: string; orders: number }[] {
  return report.lines.map((l) => ({ channel: l.channel, revenueUsd: usd(l.revenueUsdMinor), cogsUsd: usd(l.cogsUsdMinor), profitUsd: usd(l.profitUsdMinor), orders: l.orders }));
}

const LABELS: Record<ProfitChannel, string> = { whatsapp: 'WhatsApp', wechat: 'WeChat', email: 'Email', web: 'Web chat', staff: 'Staff-placed', retail: 'Retail', unassigned: 'Not attributed' };

/** The same as a table for people: right-aligned amounts with thousands separators, and the margin. */
export function profitTable(report: ProfitReport): string {
  const grouped = (minor: number) => usd(minor).replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',');
  const margin = (l: Omit<ProfitLine, 'channel'>) => (l.revenueUsdMinor === 0 ? '-' : `${((l.profitUsdMinor * 100) / l.revenueUsdMinor).toFixed(1)}%`);
  const rows = [
    ['Channel', 'Orders', 'Revenue USD', 'Cost USD', 'Profit USD', 'Margin'],
    ...report.lines.map((l) => [LABELS[l.channel], String(l.orders), grouped(l.revenueUsdMinor), grouped(l.cogsUsdMinor), grouped(l.profitUsdMinor), margin(l)]),
    ['Total', String(report.total.orders), grouped(report.total.revenueUsdMinor), grouped(report.total.cogsUsdMinor), grouped(report.total.profitUsdMinor), margin(report.total)],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [`Gross profit by channel, ${report.month} (UTC)`, line(rows[0]!), ...rows.slice(1, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(rows.at(-1)!)].join('\n');
}
