import { sql as raw, type InferResult } from 'kysely';
import { z } from 'zod';
import { formatMinorAsDecimal } from '../../domain/money';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { openOrdersOf } from '../store/deposits';
import { q, run } from '../store/query-builder';

// What staff see of deposits: the list (those waiting for them first) and one deposit with the
// open orders of the resellers it could go to. Amounts as decimal strings in their currency.

export interface DepositRow {
  id: number;
  status: 'matched' | 'for_staff' | 'not_ours' | 'reversed';
  source: string;
  fileName: string | null;
  valueDate: string;
  amount: string;
  currency: string;
  usd: string;
  payerName: string | null;
  payerAccount: string | null;
  remittance: string;
  customerId: string | null;
  company: string | null;
  orderRef: string | null;
  matchRule: string | null;
  reviewReason: string | null;
  candidates: { customerId: string; orderReference: string | null; why: string }[];
  credited: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  importedAt: string;
  released: string[];
}

const deposits = () =>
  q
    .selectFrom('bank_deposits as d')
    .leftJoin('customers as c', 'c.customer_id', 'd.customer_id')
    .leftJoin('orders as o', 'o.id', 'd.order_id')
    .leftJoin('staff_users as s', 's.id', 'd.decided_by_staff_id')
    .select((eb) => [
      'd.id', 'd.status', 'd.source', 'd.file_name', eb.fn<string>('to_char', ['d.value_date', raw.lit('YYYY-MM-DD')]).as('value_date'), 'd.amount_minor',
      'd.currency', 'd.usd_minor', 'd.payer_name', 'd.payer_account', 'd.remittance_text', 'd.customer_id', 'c.company', 'o.reference as order_ref',
      'd.match_rule', 'd.review_reason', 'd.candidates', 'd.credited_minor', 'c.currency as customer_currency', 's.email as decided_by', 'd.decided_at', 'd.note', 'd.imported_at',
      eb.selectFrom('payment_allocations as pa')
        .innerJoin('orders as ao', 'ao.id', 'pa.order_id')
        .select((a) => a.fn.coalesce(a.fn.jsonAgg('ao.reference').orderBy('ao.id'), raw<string[]>`'[]'`).as('references'))
        .whereRef('pa.deposit_id', '=', 'd.id')
        .as('released'),
    ]);

function toRow(r: InferResult<ReturnType<typeof deposits>>[number]): DepositRow {
  const money = (v: number | null, currency: string) => (v === null ? null : formatMinorAsDecimal(v, currency));
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    fileName: r.file_name,
    valueDate: r.value_date,
    amount: money(r.amount_minor, r.currency)!,
    currency: r.currency,
    usd: money(r.usd_minor, 'USD')!,
    payerName: r.payer_name,
    payerAccount: r.payer_account,
    remittance: r.remittance_text,
    customerId: r.customer_id,
    company: r.company,
    orderRef: r.order_ref,
    matchRule: r.match_rule,
    reviewReason: r.review_reason,
    // jsonb written by the matcher and the undo (domain/settlement), in this shape.
    candidates: (r.candidates as DepositRow['candidates'] | null) ?? [],
    credited: r.customer_currency ? money(r.credited_minor, r.customer_currency) : null,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    note: r.note,
    importedAt: r.imported_at.toISOString(),
    released: r.released ?? [],
  };
}

export const depositFilter = z.object({
  status: z.enum(['matched', 'for_staff', 'not_ours', 'reversed']).optional(),
  customer: z.string().trim().max(20).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function listDeposits(db: Database, filter: z.infer<typeof depositFilter>): Promise<DepositRow[]> {
  let query = deposits();
  if (filter.status) query = query.where('d.status', '=', filter.status);
  if (filter.customer) query = query.where('d.customer_id', '=', (eb) => eb.fn<string>('upper', [eb.val(filter.customer)]));
  const text = filter.q ? `%${filter.q}%` : null;
  if (text) query = query.where((eb) => eb.or([eb('d.payer_name', 'ilike', text), eb('d.remittance_text', 'ilike', text), eb('d.bank_reference', 'ilike', text)]));
  const rows = await run(poolSql(db.pool), query.orderBy((eb) => eb('d.status', '=', raw.lit<'for_staff'>('for_staff')), 'desc').orderBy('d.id', 'desc').limit(filter.limit));
  return rows.map(toRow);
}

export async function depositView(db: Database, id: number): Promise<(DepositRow & { openOrders: { customerId: string; orderRef: string; open: string; currency: string }[] }) | null> {
  const [row] = await run(poolSql(db.pool), deposits().where('d.id', '=', id));
  if (!row) return null;
  const deposit = toRow(row);
  const ids = [...new Set([deposit.customerId, ...deposit.candidates.map((c) => c.customerId)].filter((x): x is string => !!x))];
  const open = await openOrdersOf(poolSql(db.pool), ids);
  return { ...deposit, openOrders: open.map((o) => ({ customerId: o.customer_id, orderRef: o.reference, open: formatMinorAsDecimal(o.open_minor, o.currency), currency: o.currency })) };
}
