import type { IsoDate } from '../dates';
import type { InvoiceCustomer, InvoiceLine } from './invoice';

// A credit note (issue 14): an invoice sent once never changes, so a charge it billed that the ledger
// later reversed (an order refunded or credited after invoicing) is corrected by a new document that
// names the invoice it corrects and credits exactly the lines that invoice printed for the charge.
// Pure: the store loads the reversals and the invoice's printed lines; this decides what the credit
// note says, and the renderers print exactly these numbers.

/** A reversal, on the reseller's receivable, of a charge an invoice billed. */
export interface ReversedCharge {
  /** The reversing journal entry. */
  reversalEntryId: number;
  /** The charge it reverses (billed by the invoice). */
  chargeEntryId: number;
  occurredAt: string;
  /** What the reversal took off the receivable, in the invoice's currency and in USD (positive). */
  amountMinor: number;
  usdMinor: number;
}

export interface CorrectedInvoice {
  id: number;
  number: string;
  issueDate: IsoDate;
  currency: string;
  /** Its printed lines (entryId: the charge each bills). */
  lines: readonly InvoiceLine[];
}

export interface CreditNoteDraft {
  issuerName: string;
  customer: InvoiceCustomer;
  /** The invoice it corrects; null for an order credited from the order desk that no invoice billed (a prepaid order). */
  invoice: { id: number; number: string; issueDate: IsoDate } | null;
  /** The order it credits, when staff credited one from the order desk (issue 19). */
  order?: { id: number; reference: string } | null;
  /** Where the amount went, in words for the closing line (set for order-desk credit notes). */
  settlement?: string | null;
  currency: string;
  issueDate: IsoDate;
  reason: string;
  /** Credited, as positive amounts: the invoice's lines of each reversed charge. */
  lines: InvoiceLine[];
  totalMinor: number;
  totalUsdMinor: number;
  /** The reversal entries it credits, each once. */
  reversalEntryIds: number[];
}

export interface CreditNoteInput {
  issuerName: string;
  customer: InvoiceCustomer;
  invoice: CorrectedInvoice;
  issueDate: IsoDate;
  /** Reversals of charges this invoice billed that no credit note credited yet. */
  reversals: readonly ReversedCharge[];
}

export type CreditNoteDecision =
  | { ok: true; creditNote: CreditNoteDraft }
  | { ok: false; code: 'nothing_to_credit' };

/** Reversals booked before the credit note's issue date (UTC), oldest first: the same run of a date sees the same ones. */
export function reversalsCovered(reversals: readonly ReversedCharge[], issueDate: IsoDate): ReversedCharge[] {
  const cutoff = `${issueDate}T00:00:00.000Z`;
  return reversals
    .filter((r) => new Date(r.occurredAt).toISOString() < cutoff)
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.reversalEntryId - b.reversalEntryId));
}

export function creditNoteReason(invoiceNumber: string, orderReferences: readonly string[]): string {
  const orders = [...new Set(orderReferences)];
  return `Corrects invoice ${invoiceNumber}: ${orders.length === 1 ? 'order' : 'orders'} ${orders.join(', ')} reversed after invoicing`;
}

export function decideCreditNote(input: CreditNoteInput): CreditNoteDecision {
  const { invoice } = input;
  const reversals = reversalsCovered(input.reversals, input.issueDate);
  if (reversals.length === 0) return { ok: false, code: 'nothing_to_credit' };
  const lines: InvoiceLine[] = [];
  for (const r of reversals) {
    const billed = invoice.lines.filter((l) => l.entryId === r.chargeEntryId);
    const billedMinor = billed.reduce((s, l) => s + l.lineMinor, 0);
    const billedUsd = billed.reduce((s, l) => s + l.lineUsdMinor, 0);
    // A reversal mirrors its charge: it takes back what the invoice printed for it, to the cent.
    if (billed.length === 0 || billedMinor !== r.amountMinor || billedUsd !== r.usdMinor) {
      throw new Error(`credit note for ${invoice.number}: reversal ${r.reversalEntryId} of charge ${r.chargeEntryId} takes back ${r.amountMinor}, the invoice printed ${billedMinor} for it`);
    }
    const date = new Date(r.occurredAt).toISOString().slice(0, 10);
    for (const l of billed) lines.push({ ...l, entryId: r.reversalEntryId, date });
  }
  const totalMinor = lines.reduce((s, l) => s + l.lineMinor, 0);
  const totalUsdMinor = lines.reduce((s, l) => s + l.lineUsdMinor, 0);
  return {
    ok: true,
    creditNote: {
      issuerName: input.issuerName,
      customer: input.customer,
      invoice: { id: invoice.id, number: invoice.number, issueDate: invoice.issueDate },
      currency: invoice.currency,
      issueDate: input.issueDate,
      reason: creditNoteReason(invoice.number, lines.map((l) => l.orderReference)),
      lines,
      totalMinor,
      totalUsdMinor,
      reversalEntryIds: reversals.map((r) => r.reversalEntryId),
    },
  };
}
