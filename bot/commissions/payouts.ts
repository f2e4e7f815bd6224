import { stringify } from 'csv-stringify/sync';
import { sql as raw } from 'kysely';
import { commissionOf, formatRate } from '../../domain/commissions/commission';
import * as events from '../../domain/ledger/events';
import { formatMinorAsDecimal } from '../../domain/money';
import { can, refusal, type StaffRole } from '../../domain/staff/roles';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { postEntry } from '../ledger/ledger-store';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';
import { textCell } from '../reports/csv-text';

// Commission payouts (issue 15): on the 1st the month before is snapshotted per commission reseller
// as a pending payout (sales from the ledger's revenue on its orders, times its rate); finance
// approves it (commission expense against commission payable) and marks it paid with the transfer
// reference (payable against bank). Each step books the ledger in the same transaction, once.

export class PayoutError extends Error {}

const monthDate = (month: string) => `${month}-01`;
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Pending payouts for `month` (YYYY-MM, ended) of every active commission reseller with sales; run again, it adds nothing. */
export async function snapshotCommissions(db: Database, month: string, now: Date): Promise<{ created: number }> {
  // A month not yet over would be kept short, and the full one could never replace it.
  if (monthDate(nextMonth(month)) > now.toISOString().slice(0, 10)) throw new PayoutError(`${month} has not ended yet: its commission is worked out from the 1st of the month after`);
  const sql = poolSql(db.pool);
  const sales = await run(
    sql,
    q.selectFrom('customers as c')
      .select((eb) => [
        'c.customer_id', 'c.currency', 'c.commission_rate_bp',
        // Revenue is credited: its postings are negative; reversals of it count back.
        eb.selectFrom('postings as p').innerJoin('ledger_accounts as a', 'a.id', 'p.account_id').innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
          .select(raw<number>`coalesce(-sum(p.amount_minor), 0)::bigint`.as('v'))
          .whereRef('e.customer_id', '=', 'c.customer_id').where('a.type', '=', 'revenue').whereRef('a.currency', '=', 'c.currency')
          .where('e.occurred_at', '>=', raw<Date>`${monthDate(month)}::timestamptz`).where('e.occurred_at', '<', raw<Date>`${monthDate(nextMonth(month))}::timestamptz`)
          .$asScalar().$notNull().as('sales'),
        eb.selectFrom('postings as p').innerJoin('ledger_accounts as a', 'a.id', 'p.account_id').innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
          .select(raw<number>`coalesce(-sum(p.usd_minor), 0)::bigint`.as('v'))
          .whereRef('e.customer_id', '=', 'c.customer_id').where('a.type', '=', 'revenue').whereRef('a.currency', '=', 'c.currency')
          .where('e.occurred_at', '>=', raw<Date>`${monthDate(month)}::timestamptz`).where('e.occurred_at', '<', raw<Date>`${monthDate(nextMonth(month))}::timestamptz`)
          .$asScalar().$notNull().as('sales_usd'),
      ])
      // Deactivated since: what it sold while active is still owed.
      .where('c.reseller_type', '=', 'commission'),
  );
  const rows = sales
    .map((s) => ({ s, c: commissionOf({ salesMinor: Number(s.sales), salesUsdMinor: Number(s.sales_usd), rateBp: s.commission_rate_bp }) }))
    .filter(({ c }) => c.amountMinor > 0);
  if (rows.length === 0) return { created: 0 };
  const inserted = await run(
    sql,
    q.insertInto('commission_payouts')
      .values(rows.map(({ s, c }) => ({ customer_id: s.customer_id, month: raw<Date>`${monthDate(month)}::date`, currency: s.currency, amount_minor: c.amountMinor, usd_minor: c.usdMinor, sales_minor: Number(s.sales), rate_bp: s.commission_rate_bp, status: 'pending' as const, created_at: now })))
      .onConflict((oc) => oc.columns(['customer_id', 'month']).doNothing())
      .returning('id'),
  );
  return { created: inserted.length };
}

export type PayoutStatus = 'pending' | 'approved' | 'paid';
export const PAYOUT_STATUSES: readonly PayoutStatus[] = ['pending', 'approved', 'paid'];

export interface PayoutRow {
  id: number;
  customerId: string;
  month: string;
  currency: string;
  sales: string;
  rate: string;
  amount: string;
  amountUsd: string;
  status: PayoutStatus;
  transferReference: string | null;
}

export interface PayoutFilter {
  month?: string;
  customerId?: string;
  status?: PayoutStatus;
}

/** The payouts that fit the filter, newest month first, with the reseller's name and who approved and paid them. */
async function payoutRows(db: Database, filter: PayoutFilter & { id?: number }) {
  let query = q
    .selectFrom('commission_payouts as p')
    .innerJoin('customers as c', 'c.customer_id', 'p.customer_id')
    .leftJoin('staff_users as a', 'a.id', 'p.approved_by_id')
    .leftJoin('staff_users as b', 'b.id', 'p.paid_by_id')
    .selectAll('p')
    .select([raw<string>`to_char(p.month, 'YYYY-MM')`.as('month_text'), 'c.company', 'a.email as approved_by', 'b.email as paid_by'])
    .orderBy('p.month', 'desc')
    .orderBy('p.customer_id');
  if (filter.id !== undefined) query = query.where('p.id', '=', filter.id);
  if (filter.month) query = query.where('p.month', '=', raw<Date>`${monthDate(filter.month)}::date`);
  if (filter.customerId) query = query.where('p.customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  return run(poolSql(db.pool), query);
}

function payoutRow(p: Awaited<ReturnType<typeof payoutRows>>[number]): PayoutRow {
  return {
    id: p.id,
    customerId: p.customer_id,
    month: p.month_text,
    currency: p.currency,
    sales: formatMinorAsDecimal(Number(p.sales_minor), p.currency),
    rate: formatRate(p.rate_bp),
    amount: formatMinorAsDecimal(Number(p.amount_minor), p.currency),
    amountUsd: formatMinorAsDecimal(Number(p.usd_minor), 'USD'),
    status: p.status,
    transferReference: p.transfer_reference,
  };
}

export async function listPayouts(db: Database, filter: PayoutFilter = {}): Promise<PayoutRow[]> {
  return (await payoutRows(db, filter)).map(payoutRow);
}

/** A payout as the staff app's payouts page shows it: the row, the reseller's name, who approved and paid it and when. */
export interface PayoutView extends PayoutRow {
  company: string;
  approvedBy: string | null;
  approvedAt: string | null;
  paidBy: string | null;
  paidAt: string | null;
}

export interface PayoutTotals {
  count: number;
  /** The commission in USD over every row: the sum of the USD column. */
  amountUsd: string;
  /** Per currency: the commission column's subtotal and its USD. */
  byCurrency: { currency: string; count: number; amount: string; amountUsd: string }[];
}

const iso = (at: Date | string | null) => (at === null ? null : new Date(at).toISOString());

/** The payouts page's list: views and totals summed in minor units (never from the printed decimals). */
export async function payoutsPage(db: Database, filter: PayoutFilter = {}): Promise<{ payouts: PayoutView[]; totals: PayoutTotals }> {
  const rows = await payoutRows(db, filter);
  const byCurrency = new Map<string, { count: number; minor: number; usdMinor: number }>();
  let usdMinor = 0;
  for (const p of rows) {
    const sum = byCurrency.get(p.currency) ?? { count: 0, minor: 0, usdMinor: 0 };
    sum.count += 1;
    sum.minor += Number(p.amount_minor);
    sum.usdMinor += Number(p.usd_minor);
    byCurrency.set(p.currency, sum);
    usdMinor += Number(p.usd_minor);
  }
  return {
    payouts: rows.map((p) => ({ ...payoutRow(p), company: p.company, approvedBy: p.approved_by, approvedAt: iso(p.approved_at), paidBy: p.paid_by, paidAt: iso(p.paid_at) })),
    totals: {
      count: rows.length,
      amountUsd: formatMinorAsDecimal(usdMinor, 'USD'),
      byCurrency: [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, s]) => ({ currency, count: s.count, amount: formatMinorAsDecimal(s.minor, currency), amountUsd: formatMinorAsDecimal(s.usdMinor, 'USD') })),
    },
  };
}

export function payoutsCsv(rows: readonly PayoutRow[]): string {
  return stringify(
    rows.map((p) => ({ payout_id: String(p.id), customer_id: p.customerId, month: p.month, currency: p.currency, sales: p.sales, rate: p.rate, commission: p.amount, commission_usd: p.amountUsd, status: p.status, transfer_reference: textCell(p.transferReference) })),
    { header: true, columns: ['payout_id', 'customer_id', 'month', 'currency', 'sales', 'rate', 'commission', 'commission_usd', 'status', 'transfer_reference'] },
  );
}

async function movePayout(db: Database, id: number, to: 'approved' | 'paid', staff: { staffId: number; role: StaffRole }, now: Date, transferReference?: string): Promise<PayoutRow> {
  if (!can(staff.role, 'money')) throw new PayoutError(refusal(staff.role, 'money'));
  await transaction(db.pool, async (sql) => {
    const [p] = await run(sql, q.selectFrom('commission_payouts').selectAll().select(raw<string>`to_char(month, 'YYYY-MM')`.as('month_text')).where('id', '=', id).forUpdate());
    if (!p) throw new PayoutError(`no payout ${id}`);
    const from = to === 'approved' ? 'pending' : 'approved';
    if (p.status !== from) throw new PayoutError(`payout ${id} is ${p.status}; only ${from === 'approved' ? 'an approved' : 'a pending'} payout can be ${to === 'approved' ? 'approved' : 'marked paid'}`);
    const amount = { customerId: p.customer_id, currency: p.currency, amountMinor: Number(p.amount_minor), usdMinor: Number(p.usd_minor) };
    const posted = await postEntry(sql, to === 'approved' ? events.commissionApproved(amount, id, p.month_text, now.toISOString()) : events.commissionPaid(amount, id, transferReference!, now.toISOString()));
    if (!posted.ok) throw new PayoutError(`the ledger refused it (${posted.code})`);
    await run(
      sql,
      q.updateTable('commission_payouts')
        .set(to === 'approved' ? { status: 'approved', approved_at: now, approved_by_id: staff.staffId } : { status: 'paid', paid_at: now, paid_by_id: staff.staffId, transfer_reference: transferReference! })
        .where('id', '=', id),
    );
    await recordAudit(sql, { by: staff.staffId, action: `commission.${to === 'approved' ? 'approve' : 'pay'}`, subject: `payout:${id}`, customerId: p.customer_id, before: { status: p.status }, after: { status: to, amount: `${p.currency} ${formatMinorAsDecimal(Number(p.amount_minor), p.currency)}`, ...(transferReference ? { transferReference } : {}) }, at: now });
  });
  return payoutRow((await payoutRows(db, { id }))[0]!);
}

export async function approvePayout(db: Database, id: number, staff: { staffId: number; role: StaffRole }, now = new Date()): Promise<PayoutRow> {
  return movePayout(db, id, 'approved', staff, now);
}

export async function payPayout(db: Database, id: number, transferReference: string, staff: { staffId: number; role: StaffRole }, now = new Date()): Promise<PayoutRow> {
  const reference = transferReference.trim();
  if (reference.length < 3 || reference.length > 140) throw new PayoutError('the transfer reference is required (3 to 140 characters), as the bank shows it');
  return movePayout(db, id, 'paid', staff, now, reference);
}
