import type { IsoDate } from '../dates';
import { addDays, dueDate } from './calendar';

// A postpaid reseller's invoice (issue 14): what was delivered on credit and not invoiced yet, line
// by line as the reseller checks it. Pure: the store loads the delivered charges (the ledger's
// postpaid charge entries on the reseller's receivable, with their orders' lines), this decides what
// the invoice says, and the renderers print exactly these numbers.
//
// What an invoice covers: every charge delivered before its issue date (UTC) that no invoice billed.
// The cut-off is the start of the issue date, not the moment it runs, so running the same date again
// (or on two processes) sees the same charges, all billed already, and makes nothing; a charge
// delivered on the issue date itself goes on the next invoice.
//
// Amounts add up as printed: a line is quantity x the printed unit price, in the reseller's currency
// (the quote's unit price, converted once and rounded), with the USD unit price and line alongside;
// the total is the sum of the printed lines. When an order was booked at an amount its printed lines
// do not reproduce (a quote priced before the quotes added up, or a partly delivered line), the
// difference is its own printed line, so the invoice still equals what the ledger charged.

export interface ChargedItem {
  sku: string;
  /** What was delivered (and charged) on this line. */
  quantity: number;
  /** In the reseller's currency: the quote's unit price. */
  unitPriceMinor: number;
  unitPriceUsdMinor: number;
}

/** One postpaid charge entry of the ledger: an order's delivered part booked on the receivable. */
export interface DeliveredCharge {
  entryId: number;
  orderReference: string;
  /** The reseller's own PO number of the order, printed with its lines. */
  customerReference?: string | null;
  occurredAt: string;
  /** What the ledger charged, in the reseller's currency and in USD. */
  amountMinor: number;
  usdMinor: number;
  items: readonly ChargedItem[];
}

export interface InvoiceCustomer {
  id: string;
  company: string;
  legalEntity: string;
  currency: string;
  taxNumber: string | null;
  invoiceNote: string | null;
  /** The reseller asked for an invoice even when nothing was delivered. */
  zeroInvoices: boolean;
}

export interface InvoiceLine {
  /** The charge entry the line bills. */
  entryId: number;
  orderReference: string;
  /** The reseller's PO number of the order: printed when the invoice is issued (not a stored column). */
  customerReference?: string;
  /** UTC day the charge was booked (delivered). */
  date: IsoDate;
  kind: 'item' | 'adjustment';
  sku: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  lineMinor: number;
  unitPriceUsdMinor: number;
  lineUsdMinor: number;
}

export interface InvoiceDraft {
  issuerName: string;
  customer: InvoiceCustomer;
  currency: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  paymentTermsDays: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  lines: InvoiceLine[];
  totalMinor: number;
  totalUsdMinor: number;
  /** The charge entries the invoice bills, each once. */
  entryIds: number[];
}

export interface InvoiceInput {
  issuerName: string;
  customer: InvoiceCustomer;
  issueDate: IsoDate;
  paymentTermsDays: number;
  /** The reseller's latest invoice, if any. */
  previous: { issueDate: IsoDate; periodEnd: IsoDate } | null;
  /** Charges on the reseller's receivable that no invoice billed (the store may include later ones). */
  unbilled: readonly DeliveredCharge[];
}

export type InvoiceDecision =
  | { ok: true; invoice: InvoiceDraft }
  /** An invoice of this date or later exists: running a date twice makes nothing new. */
  | { ok: false; code: 'already_invoiced' }
  /** Nothing delivered since the last invoice, and the reseller does not want zero invoices. */
  | { ok: false; code: 'nothing_to_invoice' };

/** Shown with the line that makes the printed lines come to what the ledger charged. */
export const ADJUSTMENT_DESCRIPTION = 'Rounding adjustment (as booked)';

/** The charges an invoice issued on `issueDate` covers: booked before that day (UTC), oldest first. */
export function chargesCovered(unbilled: readonly DeliveredCharge[], issueDate: IsoDate): DeliveredCharge[] {
  const cutoff = `${issueDate}T00:00:00.000Z`;
  return unbilled
    .filter((c) => new Date(c.occurredAt).toISOString() < cutoff)
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.entryId - b.entryId));
}

/** The printed lines of one charge: its items, and the difference to the ledger when there is one. */
export function linesOfCharge(charge: DeliveredCharge): InvoiceLine[] {
  const date = new Date(charge.occurredAt).toISOString().slice(0, 10);
  const base = { entryId: charge.entryId, orderReference: charge.orderReference, date, ...(charge.customerReference ? { customerReference: charge.customerReference } : {}) };
  const lines: InvoiceLine[] = charge.items
    .filter((item) => item.quantity > 0)
    .map((item) => ({
      ...base,
      kind: 'item',
      sku: item.sku,
      description: item.sku,
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor,
      lineMinor: item.quantity * item.unitPriceMinor,
      unitPriceUsdMinor: item.unitPriceUsdMinor,
      lineUsdMinor: item.quantity * item.unitPriceUsdMinor,
    }));
  const printed = lines.reduce((s, l) => s + l.lineMinor, 0);
  const printedUsd = lines.reduce((s, l) => s + l.lineUsdMinor, 0);
  if (printed !== charge.amountMinor || printedUsd !== charge.usdMinor) {
    const minor = charge.amountMinor - printed;
    const usd = charge.usdMinor - printedUsd;
    lines.push({ ...base, kind: 'adjustment', sku: '', description: ADJUSTMENT_DESCRIPTION, quantity: 1, unitPriceMinor: minor, lineMinor: minor, unitPriceUsdMinor: usd, lineUsdMinor: usd });
  }
  return lines;
}

/** What the invoice of `input.issueDate` says, or why there is none. */
export function decideInvoice(input: InvoiceInput): InvoiceDecision {
  const { customer, issueDate, previous } = input;
  if (previous && previous.issueDate >= issueDate) return { ok: false, code: 'already_invoiced' };
  const charges = chargesCovered(input.unbilled, issueDate);
  if (charges.length === 0 && !customer.zeroInvoices) return { ok: false, code: 'nothing_to_invoice' };
  for (const c of charges) {
    if (!Number.isSafeInteger(c.amountMinor) || !Number.isSafeInteger(c.usdMinor)) throw new Error(`invoice ${customer.id}: charge ${c.entryId} amounts are not integers`);
  }
  const periodEnd = addDays(issueDate, -1);
  const firstCharge = charges[0] ? new Date(charges[0].occurredAt).toISOString().slice(0, 10) : periodEnd;
  // Periods follow each other without a gap or an overlap; the first starts with the first charge.
  const periodStart = previous ? addDays(previous.periodEnd, 1) : firstCharge;
  const lines = charges.flatMap(linesOfCharge);
  const invoice: InvoiceDraft = {
    issuerName: input.issuerName,
    customer,
    currency: customer.currency,
    issueDate,
    dueDate: dueDate(issueDate, input.paymentTermsDays),
    paymentTermsDays: input.paymentTermsDays,
    periodStart: periodStart <= periodEnd ? periodStart : periodEnd,
    periodEnd,
    lines,
    totalMinor: lines.reduce((s, l) => s + l.lineMinor, 0),
    totalUsdMinor: lines.reduce((s, l) => s + l.lineUsdMinor, 0),
    entryIds: charges.map((c) => c.entryId),
  };
  // The invoice bills exactly what the ledger charged, and says so line by line.
  const charged = charges.reduce((s, c) => s + c.amountMinor, 0);
  if (invoice.totalMinor !== charged) throw new Error(`invoice ${customer.id} ${issueDate}: total ${invoice.totalMinor} is not the ${charged} charged`);
  assertInvoiceAddsUp(invoice);
  return { ok: true, invoice };
}

export type InvoiceProblem = 'line' | 'line_usd' | 'total' | 'total_usd' | 'not_integer' | 'dates';

/** What does not add up as printed; empty when everything does. */
export function invoiceProblems(inv: Pick<InvoiceDraft, 'lines' | 'totalMinor' | 'totalUsdMinor' | 'issueDate' | 'dueDate' | 'periodStart' | 'periodEnd'>): InvoiceProblem[] {
  const problems = new Set<InvoiceProblem>();
  for (const l of inv.lines) {
    for (const v of [l.quantity, l.unitPriceMinor, l.lineMinor, l.unitPriceUsdMinor, l.lineUsdMinor]) if (!Number.isSafeInteger(v)) problems.add('not_integer');
    if (l.quantity * l.unitPriceMinor !== l.lineMinor) problems.add('line');
    if (l.quantity * l.unitPriceUsdMinor !== l.lineUsdMinor) problems.add('line_usd');
  }
  if (inv.lines.reduce((s, l) => s + l.lineMinor, 0) !== inv.totalMinor) problems.add('total');
  if (inv.lines.reduce((s, l) => s + l.lineUsdMinor, 0) !== inv.totalUsdMinor) problems.add('total_usd');
  if (!(inv.periodStart <= inv.periodEnd && inv.periodEnd < inv.issueDate && inv.issueDate <= inv.dueDate)) problems.add('dates');
  return [...problems];
}

export function assertInvoiceAddsUp(inv: InvoiceDraft): void {
  const problems = invoiceProblems(inv);
  if (problems.length > 0) throw new Error(`invoice ${inv.customer.id} ${inv.issueDate} does not add up: ${problems.join(', ')}`);
}
