import { isIsoDate, type IsoDate } from '../dates';

// The invoice calendar: billing days, issue and due dates, and invoice numbers. Pure: the day is an
// argument, in UTC like every other date of the ledger.

/** Payment terms when INVOICE_PAYMENT_TERMS_DAYS is not set. */
export const PAYMENT_TERMS_DAYS_DEFAULT = 30;
/** A year holds at most this many invoices: the number has five digits. */
export const INVOICE_SEQUENCE_MAX = 99_999;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!isIsoDate(date)) throw new Error(`not a calendar day: ${JSON.stringify(date)}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether `date` is the reseller's billing day. A billing day the month does not have (29-31 in a
 * short month) is that month's last day, so a reseller billed on the 31st is billed every month.
 */
export function isBillingDay(billingDay: number, date: IsoDate): boolean {
  if (!Number.isInteger(billingDay) || billingDay < 1 || billingDay > 31) throw new Error(`billing day must be 1-31, got ${billingDay}`);
  if (!isIsoDate(date)) throw new Error(`not a calendar day: ${JSON.stringify(date)}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return day === Math.min(billingDay, daysInMonth(year, month));
}

/** Due date: the issue date plus the payment terms. */
export function dueDate(issueDate: IsoDate, paymentTermsDays: number): IsoDate {
  if (!Number.isInteger(paymentTermsDays) || paymentTermsDays < 0) throw new Error(`payment terms must be whole days, got ${paymentTermsDays}`);
  return addDays(issueDate, paymentTermsDays);
}

/** The counter (table `counters`) that numbers a year's invoices. */
export function invoiceCounterName(year: number): string {
  return `invoice_number:${year}`;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** INV-2026-00001: the year of the issue date and the invoice's place in that year. */
export function formatInvoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`invoice year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > INVOICE_SEQUENCE_MAX) throw new Error(`invoice sequence out of range: ${sequence}`);
  return `INV-${year}-${pad(sequence, 5)}`;
}

/** The counter that numbers a year's credit notes: their own series, also without gaps. */
export function creditNoteCounterName(year: number): string {
  return `credit_note_number:${year}`;
}

/** CN-2026-00001: a credit note's number, in its own series beside the invoices'. */
export function formatCreditNoteNumber(year: number, sequence: number): string {
  return formatInvoiceNumber(year, sequence).replace(/^INV-/, 'CN-');
}

export function parseInvoiceNumber(text: string): { year: number; sequence: number } | null {
  const match = /^INV-(\d{4})-(\d{5})$/.exec(text);
  if (!match) return null;
  const sequence = Number(match[2]);
  return sequence >= 1 ? { year: Number(match[1]), sequence } : null;
}

/**
 * Invoice numbers as people type them in a bank transfer's remittance text: `INV-2026-00001`,
 * `inv 2026 00001`, `INV2026-1`, `INV-2026-001`. Returned in the canonical spelling, each once.
 */
export function invoiceNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![A-Za-z0-9])inv[\s\-_./#:]*(\d{4})[\s\-_./#]*(\d{1,5})(?!\d)/gi)) {
    const year = Number(match[1]);
    const sequence = Number(match[2]);
    if (year >= 2000 && sequence >= 1) found.add(formatInvoiceNumber(year, sequence));
  }
  return [...found];
}
