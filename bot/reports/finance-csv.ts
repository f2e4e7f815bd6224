import { stringify } from 'csv-stringify/sync';
import { formatMinorAsDecimal } from '../../domain/money';
import { AGEING_BUCKETS } from '../../domain/receivables/ageing';
import { profitJson, type ProfitReport } from '../../domain/reports/profit';
import type { Receivables } from './receivables';
import { textCell } from './csv-text';

// The finance pages' CSV exports: one row per line shown, a total row, amounts as plain decimals
// (no thousands separator) so a spreadsheet reads them as numbers that add up to the total row.

const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');

export function receivablesCsv(r: Receivables): string {
  const header = ['customer_id', 'company', 'account_type', 'currency', 'outstanding', 'outstanding_usd', ...AGEING_BUCKETS.map((b) => `usd_${b.replace('+', '_plus').replace('-', '_')}_days`), 'oldest_days', 'credit_used_usd', 'credit_limit_usd', 'overdue_invoices'];
  const rows = r.rows.map((row) => [
    row.customerId, textCell(row.company), row.accountType, row.currency, formatMinorAsDecimal(row.outstandingMinor, row.currency), usd(row.outstandingUsdMinor),
    ...AGEING_BUCKETS.map((b) => usd(row.buckets[b])), row.oldestDays ?? '', usd(row.creditUsedUsdMinor), usd(row.creditLimitUsdMinor), row.overdueInvoices,
  ]);
  const total = ['TOTAL', `as of ${r.asOf}`, '', 'USD', '', usd(r.totals.outstandingUsdMinor), ...AGEING_BUCKETS.map((b) => usd(r.totals.buckets[b])), '', usd(r.totals.creditUsedUsdMinor), usd(r.totals.creditLimitUsdMinor), r.totals.overdueInvoices];
  return stringify([header, ...rows, total]);
}

export function profitCsv(reports: readonly ProfitReport[]): string {
  const rows = reports.flatMap((report) => [
    ...profitJson(report).map((l) => [report.month, l.channel, l.orders, l.revenueUsd, l.cogsUsd, l.profitUsd]),
    [report.month, 'TOTAL', report.total.orders, usd(report.total.revenueUsdMinor), usd(report.total.cogsUsdMinor), usd(report.total.profitUsdMinor)],
  ]);
  return stringify([['month', 'channel', 'orders', 'revenue_usd', 'cogs_usd', 'profit_usd'], ...rows]);
}
