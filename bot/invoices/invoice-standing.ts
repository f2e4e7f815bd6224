import { sql as raw } from 'kysely';
import { invoiceStatus } from '../../domain/invoices/invoice-status';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// An invoice's status follows what was paid towards it and what credit notes took off it
// (domain/invoices/invoice-status.ts). Called in the transaction that changed either: a deposit
// naming it (bank file or staff match), a match undone, a credit note issued.

export async function refreshInvoiceStatus(sql: Sql, invoiceIds: readonly number[], now: Date): Promise<void> {
  if (invoiceIds.length === 0) return;
  const rows = await run(
    sql,
    q.selectFrom('invoices as i')
      .select((eb) => [
        'i.id',
        'i.status',
        'i.amount_minor',
        eb.selectFrom('invoice_payments as ip').select(raw<number>`coalesce(sum(ip.amount_minor), 0)::bigint`.as('v')).whereRef('ip.invoice_id', '=', 'i.id').where('ip.withdrawn_at', 'is', null).$asScalar().$notNull().as('paid_minor'),
        eb.selectFrom('credit_notes as cn').select(raw<number>`coalesce(sum(cn.amount_minor), 0)::bigint`.as('v')).whereRef('cn.invoice_id', '=', 'i.id').$asScalar().$notNull().as('credited_minor'),
      ])
      .where('i.id', 'in', [...new Set(invoiceIds)])
      .forUpdate(),
  );
  for (const row of rows) {
    const status = invoiceStatus({ amountMinor: Number(row.amount_minor), paidMinor: Number(row.paid_minor), creditedMinor: Number(row.credited_minor) });
    if (status === row.status) continue;
    await run(sql, q.updateTable('invoices').set({ status, paid_at: status === 'paid' ? now : null }).where('id', '=', row.id));
  }
}

/** What is still to be paid on each invoice (amount less payments and credit notes, never below zero), as SQL for reports. */
export const amountDueSql = raw<number>`greatest(0, i.amount_minor
  - coalesce((SELECT sum(ip.amount_minor) FROM invoice_payments ip WHERE ip.invoice_id = i.id AND ip.withdrawn_at IS NULL), 0)
  - coalesce((SELECT sum(cn.amount_minor) FROM credit_notes cn WHERE cn.invoice_id = i.id), 0))::bigint`;
