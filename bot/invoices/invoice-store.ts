import { sql as raw } from 'kysely';
import type { IsoDate } from '../../domain/dates';
import type { ChargedItem, DeliveredCharge, InvoiceCustomer, InvoiceDraft, InvoiceLine } from '../../domain/invoices/invoice';
import { mulDivRound } from '../../domain/money';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// Invoices in the database: the reseller as an invoice reads it, its postpaid charges that no
// invoice billed, the year's number, and the invoice kept as issued with its lines and the charges
// it billed. Every write here runs in the caller's transaction (bot/invoices/issue-invoice.ts).

export interface InvoiceCustomerRow extends InvoiceCustomer {
  accountType: 'prepaid' | 'postpaid';
  billingDay: number;
  active: boolean;
}

/** The reseller, locked when asked: two runs for one reseller queue instead of both invoicing. */
export async function invoiceCustomer(sql: Sql, customerId: string, lock = false): Promise<InvoiceCustomerRow | null> {
  const query = q
    .selectFrom('customers')
    .select(['customer_id', 'company', 'legal_entity', 'currency', 'account_type', 'billing_day', 'active', 'tax_number', 'invoice_note', 'zero_invoices'])
    .where('customer_id', '=', customerId);
  const [c] = await run(sql, lock ? query.forUpdate() : query);
  if (!c) return null;
  return {
    id: c.customer_id,
    company: c.company,
    legalEntity: c.legal_entity,
    currency: c.currency,
    taxNumber: c.tax_number,
    invoiceNote: c.invoice_note,
    zeroInvoices: c.zero_invoices,
    accountType: c.account_type,
    billingDay: c.billing_day,
    active: c.active,
  };
}

/** Active postpaid resellers, with their billing day. */
export async function postpaidResellers(sql: Sql): Promise<{ id: string; billingDay: number }[]> {
  const rows = await run(
    sql,
    q.selectFrom('customers').select(['customer_id', 'billing_day']).where('account_type', '=', 'postpaid').where('active', '=', true).orderBy('customer_id'),
  );
  return rows.map((r) => ({ id: r.customer_id, billingDay: r.billing_day }));
}

/** The reseller's latest invoice (by issue date), if any. */
export async function latestInvoice(sql: Sql, customerId: string): Promise<{ issueDate: IsoDate; periodEnd: IsoDate } | null> {
  const [row] = await run(
    sql,
    q.selectFrom('invoices')
      .select([raw<string>`to_char(issue_date, 'YYYY-MM-DD')`.as('issue_date'), raw<string>`to_char(period_end, 'YYYY-MM-DD')`.as('period_end')])
      .where('customer_id', '=', customerId)
      .orderBy('issue_date', 'desc')
      .limit(1),
  );
  return row ? { issueDate: row.issue_date, periodEnd: row.period_end } : null;
}

/**
 * The postpaid charges on the reseller's receivable (in its currency) booked before `cutoff` that no
 * invoice billed and nothing reversed, each with the order lines it charged: the eSIMs delivered
 * (part 0 of an order) or the SIM cards shipped (part 1), at the quote's printed unit price.
 */
export async function unbilledCharges(sql: Sql, customer: { id: string; currency: string }, cutoff: string): Promise<DeliveredCharge[]> {
  // sum() of int8 is numeric: cast back to int8, which arrives as a number.
  const charges = await run(
    sql,
    q.selectFrom('journal_entries as e')
      .innerJoin('postings as p', 'p.entry_id', 'e.id')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .innerJoin('orders as o', 'o.id', 'e.order_id')
      .select((eb) => [
        'e.id',
        'e.idempotency_key',
        'e.occurred_at',
        'o.id as order_id',
        'o.reference',
        'o.customer_reference',
        raw<number>`sum(${eb.ref('p.amount_minor')})::bigint`.as('amount_minor'),
        raw<number>`sum(${eb.ref('p.usd_minor')})::bigint`.as('usd_minor'),
      ])
      .where('a.code', '=', `receivable:${customer.id}`)
      .where('a.currency', '=', customer.currency)
      .where('e.kind', '=', 'order_revenue')
      .where('e.occurred_at', '<', raw<Date>`${cutoff}::timestamptz`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('invoice_charges as ic').select('ic.entry_id').whereRef('ic.entry_id', '=', 'e.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('journal_entries as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'e.id'))))
      .groupBy(['e.id', 'o.id'])
      .orderBy('e.occurred_at')
      .orderBy('e.id'),
  );
  if (charges.length === 0) return [];
  const orderIds = [...new Set(charges.map((c) => c.order_id))];
  const lines = await run(
    sql,
    q.selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .innerJoin('products as p', 'p.sku', 'l.sku')
      .leftJoin('quote_lines as ql', (j) => j.onRef('ql.quote_id', '=', 'o.quote_id').onRef('ql.sku', '=', 'l.sku'))
      .select(['l.order_id', 'l.sku', 'l.quantity', 'l.quantity_delivered', 'l.unit_price_usd_minor', 'ql.unit_price_minor', 'p.type', 'o.currency', 'o.total_minor', 'o.total_usd_minor'])
      .where('l.order_id', 'in', orderIds)
      .orderBy('l.id'),
  );
  return charges.map((c) => {
    // charge:<order reference>:<part>: part 0 books the eSIMs delivered, part 1 the SIM cards shipped.
    const part = Number(/:(\d+)$/.exec(c.idempotency_key)?.[1] ?? 0);
    const items: ChargedItem[] = lines
      .filter((l) => l.order_id === c.order_id && (part === 1 ? l.type === 'sim' : l.type === 'esim'))
      .map((l) => ({
        sku: l.sku,
        quantity: part === 1 ? l.quantity : l.quantity_delivered,
        unitPriceMinor: unitPriceOf(l),
        unitPriceUsdMinor: Number(l.unit_price_usd_minor),
      }));
    return {
      entryId: Number(c.id),
      orderReference: c.reference,
      customerReference: c.customer_reference,
      occurredAt: c.occurred_at.toISOString(),
      amountMinor: Number(c.amount_minor),
      usdMinor: Number(c.usd_minor),
      items,
    };
  });
}

/** The quote's printed unit price; an order without a quote line converts its USD unit price at the order's own rate. */
function unitPriceOf(l: { unit_price_minor: number | null; unit_price_usd_minor: number; currency: string; total_minor: number; total_usd_minor: number }): number {
  if (l.unit_price_minor !== null) return Number(l.unit_price_minor);
  if (l.currency === 'USD' || Number(l.total_usd_minor) === 0) return Number(l.unit_price_usd_minor);
  return mulDivRound(Number(l.unit_price_usd_minor), Number(l.total_minor), Number(l.total_usd_minor));
}

/**
 * The next number of the year, from the `counters` row (created at the first invoice of the year).
 * The upsert locks the row until the transaction ends, so numbers are taken one at a time, and a
 * transaction that fails gives its number back: the year's invoices have no gap.
 */
export async function takeInvoiceSequence(sql: Sql, counterName: string): Promise<number> {
  const [row] = await run(
    sql,
    q.insertInto('counters')
      .values({ name: counterName, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: raw<number>`counters.value + 1` }))
      .returning('value'),
  );
  return Number(row!.value);
}

export interface KeptInvoice {
  id: number;
  number: string;
  customerId: string;
  issueDate: IsoDate;
  currency: string;
  amountMinor: number;
  amountUsdMinor: number;
  status: 'issued' | 'paid' | 'void';
  csv: string;
  pdf: Buffer;
  pdfSha256: string;
}

const KEPT = ['id', 'number', 'customer_id', 'currency', 'amount_minor', 'amount_usd_minor', 'status', 'csv_text', 'pdf_bytes', 'pdf_sha256'] as const;

function kept(row: { id: number; number: string; customer_id: string; issue_date: string; currency: string; amount_minor: number; amount_usd_minor: number; status: 'issued' | 'paid' | 'void'; csv_text: string; pdf_bytes: Buffer | null; pdf_sha256: string | null }): KeptInvoice {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    issueDate: row.issue_date,
    currency: row.currency,
    amountMinor: Number(row.amount_minor),
    amountUsdMinor: Number(row.amount_usd_minor),
    status: row.status,
    csv: row.csv_text,
    pdf: row.pdf_bytes ?? Buffer.alloc(0),
    pdfSha256: row.pdf_sha256 ?? '',
  };
}

/** The reseller's invoice issued on `issueDate` (at most one: a later run of the date makes nothing). */
export async function invoicesIssuedOn(sql: Sql, customerId: string, issueDate: IsoDate): Promise<KeptInvoice[]> {
  const rows = await run(
    sql,
    q.selectFrom('invoices')
      .select([...KEPT, raw<string>`to_char(issue_date, 'YYYY-MM-DD')`.as('issue_date')])
      .where('customer_id', '=', customerId)
      .where('issue_date', '=', raw<Date>`${issueDate}::date`)
      .orderBy('id'),
  );
  return rows.map(kept);
}

/** Keeps the invoice as issued: the row, its printed lines, and the charges it bills (each once, by primary key). */
export async function keepInvoice(sql: Sql, inv: InvoiceDraft, number: string, documents: { csv: string; pdf: Buffer | null; pdfSha256: string | null }, now: Date): Promise<KeptInvoice> {
  const billedTo = { company: inv.customer.company, legalEntity: inv.customer.legalEntity, taxNumber: inv.customer.taxNumber, invoiceNote: inv.customer.invoiceNote, issuerName: inv.issuerName };
  const [row] = await run(
    sql,
    q.insertInto('invoices')
      .values({
        number,
        customer_id: inv.customer.id,
        period_start: raw<Date>`${inv.periodStart}::date`,
        period_end: raw<Date>`${inv.periodEnd}::date`,
        currency: inv.currency,
        amount_minor: inv.totalMinor,
        amount_usd_minor: inv.totalUsdMinor,
        status: 'issued',
        issued_at: now,
        // Due at the end of the due date (UTC): overdue from the day after.
        due_at: raw<Date>`${`${inv.dueDate}T23:59:59.999Z`}::timestamptz`,
        issue_date: raw<Date>`${inv.issueDate}::date`,
        due_date: raw<Date>`${inv.dueDate}::date`,
        payment_terms_days: inv.paymentTermsDays,
        billed_to: JSON.stringify(billedTo),
        csv_text: documents.csv,
        pdf_bytes: documents.pdf,
        pdf_sha256: documents.pdfSha256,
      })
      .returning([...KEPT, raw<string>`to_char(issue_date, 'YYYY-MM-DD')`.as('issue_date')]),
  );
  const invoice = kept(row!);
  if (inv.lines.length > 0) {
    await run(sql, q.insertInto('invoice_lines').values(inv.lines.map((l, i) => ({ invoice_id: invoice.id, ...printedLineColumns(i + 1, l) }))));
  }
  if (inv.entryIds.length > 0) {
    await run(sql, q.insertInto('invoice_charges').values(inv.entryIds.map((entryId) => ({ entry_id: entryId, invoice_id: invoice.id }))));
  }
  return invoice;
}

/** The columns of one printed line, as invoice_lines and credit_note_lines both keep them. */
export function printedLineColumns(position: number, l: InvoiceLine) {
  return {
    position,
    entry_id: l.entryId,
    order_reference: l.orderReference,
    date: raw<Date>`${l.date}::date`,
    kind: l.kind,
    sku: l.sku,
    description: l.description,
    quantity: l.quantity,
    unit_price_minor: l.unitPriceMinor,
    line_minor: l.lineMinor,
    unit_price_usd_minor: l.unitPriceUsdMinor,
    line_usd_minor: l.lineUsdMinor,
  };
}
