import { sql as raw } from 'kysely';
import type { IsoDate } from '../../domain/dates';
import { ageReceivable, AGEING_BUCKETS, type AgeingBucket, type ReceivableMovement } from '../../domain/receivables/ageing';
import type { Sql } from '../db/sql';
import { amountDueSql } from '../invoices/invoice-standing';
import { q, run } from '../store/query-builder';
import { unbookedUsdMinor, unsettledOrder } from '../store/orders';

// Receivables as finance looks at them: per reseller what is owed (from the ledger's receivable
// account), how old it is (domain/receivables/ageing), how much credit is used (the ledger's USD
// balance plus postpaid orders confirmed and not yet delivered: the figure the bot decides a
// postpaid order with) and the invoices past their due date with what is still due on them
// (less deposits that named them and credit notes).

export interface ReceivableRow {
  customerId: string;
  company: string;
  accountType: 'prepaid' | 'postpaid';
  currency: string;
  outstandingMinor: number;
  /** The open charges at the USD value they were booked at (the buckets add up to it). */
  outstandingUsdMinor: number;
  buckets: Record<AgeingBucket, number>;
  oldestDays: number | null;
  creditLimitUsdMinor: number;
  creditUsedUsdMinor: number;
  overdueInvoices: number;
  overdueMinor: number;
}

export interface Receivables {
  asOf: IsoDate;
  rows: ReceivableRow[];
  totals: { outstandingUsdMinor: number; buckets: Record<AgeingBucket, number>; creditUsedUsdMinor: number; creditLimitUsdMinor: number; overdueInvoices: number };
}

export async function receivables(sql: Sql, asOf: IsoDate): Promise<Receivables> {
  const end = new Date(`${asOf}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const [customers, movements, inFlight, overdue] = await Promise.all([
    run(sql, q.selectFrom('customers').select(['customer_id', 'company', 'account_type', 'currency', 'credit_limit_minor']).orderBy('customer_id')),
    run(
      sql,
      q
        .selectFrom('postings as p')
        .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
        .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
        .select(['a.customer_id', raw<string>`to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'), 'p.amount_minor', 'p.usd_minor'])
        .where('a.code', 'like', 'receivable:%')
        .where('e.occurred_at', '<', end)
        .orderBy('e.occurred_at')
        .orderBy('p.id'),
    ),
    run(
      sql,
      q
        .selectFrom('orders')
        .select((eb) => ['customer_id', eb.cast<number>(eb.fn.sum(unbookedUsdMinor), 'bigint').as('usd')])
        .where('payment_method', '=', 'postpaid')
        .where(unsettledOrder)
        .groupBy('customer_id'),
    ),
    run(
      sql,
      q
        .selectFrom('invoices as i')
        .select((eb) => ['i.customer_id', eb.fn.countAll<number>().as('n'), raw<number>`sum(${amountDueSql})::bigint`.as('minor')])
        .where('i.status', '=', 'issued')
        .where('i.due_at', '<', end)
        .where(raw<boolean>`${amountDueSql} > 0`)
        .groupBy('i.customer_id'),
    ),
  ]);
  const byCustomer = new Map<string, ReceivableMovement[]>();
  const ledgerUsd = new Map<string, number>();
  for (const m of movements) {
    if (m.customer_id === null) continue;
    const list = byCustomer.get(m.customer_id) ?? [];
    list.push({ day: m.day, minor: m.amount_minor, usdMinor: m.usd_minor });
    byCustomer.set(m.customer_id, list);
    ledgerUsd.set(m.customer_id, (ledgerUsd.get(m.customer_id) ?? 0) + m.usd_minor);
  }
  const flying = new Map(inFlight.map((r) => [r.customer_id, r.usd]));
  const late = new Map(overdue.map((r) => [r.customer_id, r]));
  const rows: ReceivableRow[] = [];
  for (const c of customers) {
    const ageing = ageReceivable(byCustomer.get(c.customer_id) ?? [], asOf);
    const creditUsed = (ledgerUsd.get(c.customer_id) ?? 0) + (flying.get(c.customer_id) ?? 0);
    // Prepaid resellers owe nothing by design; they are listed only if something is owed after all.
    if (c.account_type === 'prepaid' && ageing.outstandingMinor === 0 && creditUsed <= 0) continue;
    rows.push({
      customerId: c.customer_id,
      company: c.company,
      accountType: c.account_type,
      currency: c.currency,
      outstandingMinor: ageing.outstandingMinor,
      outstandingUsdMinor: ageing.outstandingUsdMinor,
      buckets: Object.fromEntries(AGEING_BUCKETS.map((b) => [b, ageing.buckets[b].usdMinor])) as Record<AgeingBucket, number>,
      oldestDays: ageing.oldestDays,
      creditLimitUsdMinor: c.credit_limit_minor,
      creditUsedUsdMinor: Math.max(0, creditUsed),
      overdueInvoices: late.get(c.customer_id)?.n ?? 0,
      overdueMinor: late.get(c.customer_id)?.minor ?? 0,
    });
  }
  const sum = (f: (r: ReceivableRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    asOf,
    rows,
    totals: {
      outstandingUsdMinor: sum((r) => r.outstandingUsdMinor),
      buckets: Object.fromEntries(AGEING_BUCKETS.map((b) => [b, sum((r) => r.buckets[b])])) as Record<AgeingBucket, number>,
      creditUsedUsdMinor: sum((r) => r.creditUsedUsdMinor),
      creditLimitUsdMinor: sum((r) => r.creditLimitUsdMinor),
      overdueInvoices: sum((r) => r.overdueInvoices),
    },
  };
}
