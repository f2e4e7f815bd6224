import { stringify } from 'csv-stringify/sync';
import { formatMinorAsDecimal } from '../../domain/money';
import type { Statement } from '../../domain/statements/statement';
import { subResellerOrderDetails } from '../../domain/statements/sub-resellers';

// The statement as CSV, for the reseller's accounting software: one row per movement between an
// opening and a closing row, amounts as plain decimals (no grouping), the USD values alongside.
// `balance_is` says how to read every balance: "available" (prepaid: money in the reseller's favour)
// or "due" (postpaid: what the reseller owes; negative is a credit in their favour).
// A parent reseller's file then lists its sub-resellers' delivered orders (type `sub_reseller_order`,
// in the order's own currency, amounts only in `order_amount`/`order_amount_usd`): they are charged
// to the sub-reseller, so they leave charge, credit and balance empty and a sum of those stays right.

export const STATEMENT_CSV_COLUMNS = [
  'customer_id',
  'period',
  'date',
  'type',
  'reference',
  'details',
  'currency',
  'charge',
  'credit',
  'balance',
  'balance_is',
  'charge_usd',
  'credit_usd',
  'balance_usd',
  'sub_reseller_id',
  'order_amount',
  'order_amount_usd',
] as const;

export function renderStatementCsv(s: Statement): string {
  const money = (minor: number) => formatMinorAsDecimal(minor, s.currency);
  const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');
  const base = { customer_id: s.customer.id, period: s.period.month, currency: s.currency, balance_is: s.balanceMeaning, sub_reseller_id: '', order_amount: '', order_amount_usd: '' };
  const rows: Record<(typeof STATEMENT_CSV_COLUMNS)[number], string>[] = [
    { ...base, date: s.period.firstDay, type: 'opening_balance', reference: '', details: 'Opening balance', charge: '', credit: '', balance: money(s.openingMinor), charge_usd: '', credit_usd: '', balance_usd: usd(s.openingUsdMinor) },
    ...s.lines.map((l) => ({
      ...base,
      date: l.date,
      type: l.kind,
      reference: l.reference,
      details: l.details,
      charge: l.chargeMinor ? money(l.chargeMinor) : '',
      credit: l.creditMinor ? money(l.creditMinor) : '',
      balance: money(l.balanceMinor),
      charge_usd: l.chargeMinor || l.chargeUsdMinor ? usd(l.chargeUsdMinor) : '',
      credit_usd: l.creditMinor || l.creditUsdMinor ? usd(l.creditUsdMinor) : '',
      balance_usd: usd(l.balanceUsdMinor),
    })),
    {
      ...base,
      date: s.period.lastDay,
      type: 'closing_balance',
      reference: '',
      details: 'Closing balance (totals of the month in charge and credit)',
      charge: money(s.totals.chargesMinor),
      credit: money(s.totals.creditsMinor),
      balance: money(s.closingMinor),
      charge_usd: usd(s.totals.chargesUsdMinor),
      credit_usd: usd(s.totals.creditsUsdMinor),
      balance_usd: usd(s.closingUsdMinor),
    },
    ...(s.subResellers?.orders ?? []).map((o) => ({
      ...base,
      date: o.deliveredAt.slice(0, 10),
      type: 'sub_reseller_order',
      reference: o.reference,
      details: `${o.company}: ${subResellerOrderDetails(o)}`,
      currency: o.currency,
      charge: '',
      credit: '',
      balance: '',
      balance_is: '',
      charge_usd: '',
      credit_usd: '',
      balance_usd: '',
      sub_reseller_id: o.customerId,
      order_amount: formatMinorAsDecimal(o.totalMinor, o.currency),
      order_amount_usd: usd(o.totalUsdMinor),
    })),
  ];
  return stringify(rows, { header: true, columns: [...STATEMENT_CSV_COLUMNS], record_delimiter: '\r\n' });
}
