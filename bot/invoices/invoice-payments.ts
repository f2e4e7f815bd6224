import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';
import { amountDueSql, refreshInvoiceStatus } from './invoice-standing';

// A deposit staff matched by hand towards an invoice (one the remittance named, or one staff chose),
// and the same undone: the deposit's amount counts towards the invoice, or stops counting (the row
// is kept, marked withdrawn), and the invoice's status follows. Runs in the staff action's transaction.

export interface PayableInvoice {
  id: number;
  number: string;
  /** The orders it billed: a postpaid deposit pays these first. */
  orderIds: number[];
}

/** The reseller's issued or paid invoice of these numbers (the first found); null when none is theirs. */
export async function resellerInvoice(sql: Sql, customerId: string, numbers: readonly string[]): Promise<PayableInvoice | null> {
  if (numbers.length === 0) return null;
  const [row] = await run(
    sql,
    q.selectFrom('invoices as i')
      .select(['i.id', 'i.number', raw<number[]>`ARRAY(SELECT DISTINCT e.order_id FROM invoice_charges ic JOIN journal_entries e ON e.id = ic.entry_id WHERE ic.invoice_id = i.id AND e.order_id IS NOT NULL)`.as('order_ids')])
      .where('i.customer_id', '=', customerId)
      .where('i.number', 'in', [...numbers])
      .where('i.status', '<>', 'void')
      .orderBy('i.issue_date')
      .limit(1),
  );
  return row ? { id: row.id, number: row.number, orderIds: row.order_ids.map(Number) } : null;
}

export async function recordInvoicePayment(sql: Sql, input: { invoiceId: number; depositId: number; amountMinor: number; now: Date }): Promise<void> {
  await run(
    sql,
    q.insertInto('invoice_payments')
      .values({ deposit_id: input.depositId, invoice_id: input.invoiceId, amount_minor: input.amountMinor, created_at: input.now })
      .onConflict((oc) => oc.column('deposit_id').doUpdateSet({ invoice_id: input.invoiceId, amount_minor: input.amountMinor, created_at: input.now, withdrawn_at: null })),
  );
  await refreshInvoiceStatus(sql, [input.invoiceId], input.now);
}

/** The deposit no longer pays the invoice it paid (its match was undone); returns that invoice's number. */
export async function withdrawInvoicePayment(sql: Sql, depositId: number, now: Date): Promise<string | null> {
  const [row] = await run(
    sql,
    q.updateTable('invoice_payments as ip')
      .set({ withdrawn_at: now })
      .from('invoices as i')
      .whereRef('i.id', '=', 'ip.invoice_id')
      .where('ip.deposit_id', '=', depositId)
      .where('ip.withdrawn_at', 'is', null)
      .returning(['ip.invoice_id', 'i.number']),
  );
  if (!row) return null;
  await refreshInvoiceStatus(sql, [row.invoice_id], now);
  return row.number;
}

/** The reseller's invoices with something still due, oldest first (what staff may match a deposit to). */
export async function invoicesDue(sql: Sql, customerId: string): Promise<{ number: string; currency: string; dueMinor: number; dueDate: string }[]> {
  const rows = await run(
    sql,
    q.selectFrom('invoices as i')
      .select(['i.number', 'i.currency', amountDueSql.as('due_minor'), raw<string>`to_char(i.due_date, 'YYYY-MM-DD')`.as('due_date')])
      .where('i.customer_id', '=', customerId)
      .where('i.status', '=', 'issued')
      .where(raw<boolean>`${amountDueSql} > 0`)
      .orderBy('i.issue_date')
      .orderBy('i.id'),
  );
  return rows.map((r) => ({ number: r.number, currency: r.currency, dueMinor: Number(r.due_minor), dueDate: r.due_date }));
}
