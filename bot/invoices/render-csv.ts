import { stringify } from 'csv-stringify/sync';
import type { CreditNoteDraft } from '../../domain/invoices/credit-note';
import type { InvoiceDraft, InvoiceLine } from '../../domain/invoices/invoice';
import { formatMinorAsDecimal } from '../../domain/money';

// The invoice as CSV, for the reseller's accounting software: one `line` row per printed line
// (quantity x unit price = line total, in the invoice's currency, USD alongside) and one `total`
// row, whose line totals are the sums of the lines. Amounts are plain decimals, no grouping.

export const INVOICE_CSV_COLUMNS = [
  'record',
  'invoice_number',
  'issue_date',
  'due_date',
  'customer_id',
  'tax_number',
  'order_reference',
  'date',
  'sku',
  'description',
  'quantity',
  'unit_price',
  'line_total',
  'currency',
  'unit_price_usd',
  'line_total_usd',
  'your_reference',
] as const;

/** One printed line as CSV cells, the same on an invoice and a credit note. */
function lineCells(l: InvoiceLine, money: (minor: number) => string, usd: (minor: number) => string) {
  return {
    record: 'line',
    order_reference: l.orderReference,
    date: l.date,
    sku: l.sku,
    description: l.description,
    quantity: String(l.quantity),
    unit_price: money(l.unitPriceMinor),
    line_total: money(l.lineMinor),
    unit_price_usd: usd(l.unitPriceUsdMinor),
    line_total_usd: usd(l.lineUsdMinor),
    your_reference: l.customerReference ?? '',
  };
}

export function renderInvoiceCsv(inv: InvoiceDraft, number: string): string {
  const money = (minor: number) => formatMinorAsDecimal(minor, inv.currency);
  const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');
  const base = { invoice_number: number, issue_date: inv.issueDate, due_date: inv.dueDate, customer_id: inv.customer.id, tax_number: inv.customer.taxNumber ?? '', currency: inv.currency };
  const rows: Record<(typeof INVOICE_CSV_COLUMNS)[number], string>[] = [
    ...inv.lines.map((l) => ({ ...base, ...lineCells(l, money, usd) })),
    {
      ...base,
      record: 'total',
      order_reference: '',
      date: '',
      sku: '',
      description: `Total ${inv.periodStart} to ${inv.periodEnd}`,
      quantity: '',
      unit_price: '',
      line_total: money(inv.totalMinor),
      unit_price_usd: '',
      line_total_usd: usd(inv.totalUsdMinor),
      your_reference: '',
    },
  ];
  return stringify(rows, { header: true, columns: [...INVOICE_CSV_COLUMNS] });
}

// A credit note as CSV: the same rows as an invoice's, naming the invoice it corrects; amounts are
// what is credited (positive), and the `total` row is the sum of the lines.
export const CREDIT_NOTE_CSV_COLUMNS = [
  'record',
  'credit_note_number',
  'corrects_invoice',
  'issue_date',
  'customer_id',
  'tax_number',
  'order_reference',
  'date',
  'sku',
  'description',
  'quantity',
  'unit_price',
  'line_total',
  'currency',
  'unit_price_usd',
  'line_total_usd',
] as const;

export function renderCreditNoteCsv(cn: CreditNoteDraft, number: string): string {
  const money = (minor: number) => formatMinorAsDecimal(minor, cn.currency);
  const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');
  const base = { credit_note_number: number, corrects_invoice: cn.invoice?.number ?? '', issue_date: cn.issueDate, customer_id: cn.customer.id, tax_number: cn.customer.taxNumber ?? '', currency: cn.currency };
  const rows: Record<(typeof CREDIT_NOTE_CSV_COLUMNS)[number], string>[] = [
    ...cn.lines.map((l) => ({ ...base, ...lineCells(l, money, usd) })),
    { ...base, record: 'total', order_reference: '', date: '', sku: '', description: cn.reason, quantity: '', unit_price: '', line_total: money(cn.totalMinor), unit_price_usd: '', line_total_usd: usd(cn.totalUsdMinor) },
  ];
  return stringify(rows, { header: true, columns: [...CREDIT_NOTE_CSV_COLUMNS] });
}
