import { sql as raw } from 'kysely';
import type { IsoDate } from '../../domain/dates';
import type { CorrectedInvoice, CreditNoteDraft, ReversedCharge } from '../../domain/invoices/credit-note';
import type { InvoiceCustomer, InvoiceLine } from '../../domain/invoices/invoice';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';
import { printedLineColumns } from './invoice-store';

// Credit notes in the database: the reversals of invoiced charges that no credit note credited, the
// invoice they correct as it was printed, and the credit note kept as issued with its lines and the
// reversals it credited (each once, by primary key). Writes run in the caller's transaction.

export interface PendingReversal extends ReversedCharge {
  customerId: string;
  invoiceId: number;
}

/**
 * Reversals booked before `cutoff` of charges an invoice billed, not yet credited, with what each
 * took off the reseller's receivable in the invoice's currency (a charge debits it; its reversal
 * credits it, so the amount is the postings' sum negated).
 */
export async function pendingReversals(sql: Sql, cutoff: string, filter: { customerId?: string; invoiceId?: number } = {}): Promise<PendingReversal[]> {
  let query = q
    .selectFrom('journal_entries as r')
    .innerJoin('invoice_charges as ic', 'ic.entry_id', 'r.reverses_entry_id')
    .innerJoin('invoices as i', 'i.id', 'ic.invoice_id')
    .innerJoin('postings as p', 'p.entry_id', 'r.id')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.id', '=', 'p.account_id').onRef('a.currency', '=', 'i.currency').on('a.code', '=', raw<string>`'receivable:' || i.customer_id`))
    .select((eb) => [
      'r.id as reversal_id',
      'ic.entry_id as charge_id',
      'r.occurred_at',
      'i.id as invoice_id',
      'i.customer_id',
      raw<number>`(-sum(${eb.ref('p.amount_minor')}))::bigint`.as('amount_minor'),
      raw<number>`(-sum(${eb.ref('p.usd_minor')}))::bigint`.as('usd_minor'),
    ])
    .where('r.occurred_at', '<', raw<Date>`${cutoff}::timestamptz`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('credit_note_reversals as cr').select('cr.entry_id').whereRef('cr.entry_id', '=', 'r.id'))));
  if (filter.customerId) query = query.where('i.customer_id', '=', filter.customerId);
  if (filter.invoiceId) query = query.where('i.id', '=', filter.invoiceId);
  const rows = await run(sql, query.groupBy(['r.id', 'ic.entry_id', 'i.id']).orderBy('r.occurred_at').orderBy('r.id'));
  return rows.map((r) => ({
    reversalEntryId: Number(r.reversal_id),
    chargeEntryId: Number(r.charge_id),
    occurredAt: r.occurred_at.toISOString(),
    amountMinor: Number(r.amount_minor),
    usdMinor: Number(r.usd_minor),
    customerId: r.customer_id,
    invoiceId: r.invoice_id,
  }));
}

/** The invoice as it was printed (its lines, and the reseller as billed), for the credit note that corrects it. */
export async function invoiceAsPrinted(sql: Sql, invoiceId: number): Promise<{ invoice: CorrectedInvoice; billedTo: InvoiceCustomer & { issuerName: string | null } } | null> {
  const [row] = await run(
    sql,
    q.selectFrom('invoices as i')
      .innerJoin('customers as c', 'c.customer_id', 'i.customer_id')
      .select(['i.id', 'i.number', 'i.currency', 'i.billed_to', 'i.customer_id', 'c.zero_invoices', raw<string>`to_char(i.issue_date, 'YYYY-MM-DD')`.as('issue_date')])
      .where('i.id', '=', invoiceId),
  );
  if (!row) return null;
  const lines = await run(
    sql,
    q.selectFrom('invoice_lines')
      .select(['entry_id', 'order_reference', 'kind', 'sku', 'description', 'quantity', 'unit_price_minor', 'line_minor', 'unit_price_usd_minor', 'line_usd_minor', raw<string>`to_char(date, 'YYYY-MM-DD')`.as('date')])
      .where('invoice_id', '=', invoiceId)
      .orderBy('position'),
  );
  const printed = row.billed_to as { company?: string; legalEntity?: string; taxNumber?: string | null; invoiceNote?: string | null; issuerName?: string | null };
  return {
    invoice: {
      id: row.id,
      number: row.number,
      issueDate: row.issue_date,
      currency: row.currency,
      lines: lines.map(
        (l): InvoiceLine => ({
          entryId: Number(l.entry_id),
          orderReference: l.order_reference,
          date: l.date,
          kind: l.kind === 'adjustment' ? 'adjustment' : 'item',
          sku: l.sku,
          description: l.description,
          quantity: l.quantity,
          unitPriceMinor: Number(l.unit_price_minor),
          lineMinor: Number(l.line_minor),
          unitPriceUsdMinor: Number(l.unit_price_usd_minor),
          lineUsdMinor: Number(l.line_usd_minor),
        }),
      ),
    },
    billedTo: {
      id: row.customer_id,
      company: printed.company ?? '',
      legalEntity: printed.legalEntity ?? '',
      currency: row.currency,
      taxNumber: printed.taxNumber ?? null,
      invoiceNote: printed.invoiceNote ?? null,
      zeroInvoices: row.zero_invoices,
      issuerName: printed.issuerName ?? null,
    },
  };
}

export interface KeptCreditNote {
  id: number;
  number: string;
  customerId: string;
  invoiceNumber: string | null;
  issueDate: IsoDate;
  currency: string;
  amountMinor: number;
  amountUsdMinor: number;
  csv: string;
  pdf: Buffer;
  pdfSha256: string;
}

/** Keeps the credit note as issued: the row, its printed lines, and the reversals it credits. */
export async function keepCreditNote(sql: Sql, cn: CreditNoteDraft, number: string, documents: { csv: string; pdf: Buffer; pdfSha256: string }, now: Date): Promise<KeptCreditNote> {
  const billedTo = { company: cn.customer.company, legalEntity: cn.customer.legalEntity, taxNumber: cn.customer.taxNumber, invoiceNote: cn.customer.invoiceNote, issuerName: cn.issuerName };
  const [row] = await run(
    sql,
    q.insertInto('credit_notes')
      .values({
        number,
        customer_id: cn.customer.id,
        invoice_id: cn.invoice?.id ?? null,
        order_id: cn.order?.id ?? null,
        issue_date: raw<Date>`${cn.issueDate}::date`,
        currency: cn.currency,
        amount_minor: cn.totalMinor,
        amount_usd_minor: cn.totalUsdMinor,
        reason: cn.reason,
        billed_to: JSON.stringify(billedTo),
        csv_text: documents.csv,
        pdf_bytes: documents.pdf,
        pdf_sha256: documents.pdfSha256,
        issued_at: now,
      })
      .returning(['id']),
  );
  const id = row!.id;
  await run(
    sql,
    q.insertInto('credit_note_lines').values(
      cn.lines.map((l, i) => ({ credit_note_id: id, ...printedLineColumns(i + 1, l) })),
    ),
  );
  if (cn.reversalEntryIds.length > 0) await run(sql, q.insertInto('credit_note_reversals').values(cn.reversalEntryIds.map((entryId) => ({ entry_id: entryId, credit_note_id: id }))));
  return {
    id,
    number,
    customerId: cn.customer.id,
    invoiceNumber: cn.invoice?.number ?? null,
    issueDate: cn.issueDate,
    currency: cn.currency,
    amountMinor: cn.totalMinor,
    amountUsdMinor: cn.totalUsdMinor,
    csv: documents.csv,
    pdf: documents.pdf,
    pdfSha256: documents.pdfSha256,
  };
}
