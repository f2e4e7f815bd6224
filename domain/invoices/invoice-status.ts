// Where an issued invoice stands (issue 14): what deposits naming it brought and what credit notes
// took off it against its amount. Paid once the two cover it; void when credit notes alone took all
// of it back (nothing was ever owed); otherwise still issued, and overdue after its due date.

export type InvoiceStatus = 'issued' | 'paid' | 'void';

export interface InvoiceStanding {
  amountMinor: number;
  /** What deposits that named it (and were not undone) brought towards it. */
  paidMinor: number;
  /** What credit notes correcting it credited. */
  creditedMinor: number;
}

/** What is still to be paid on it (never below zero: more than it asked for stays a credit on the account). */
export function amountDue(s: InvoiceStanding): number {
  return Math.max(0, s.amountMinor - s.paidMinor - s.creditedMinor);
}

export function invoiceStatus(s: InvoiceStanding): InvoiceStatus {
  if (s.amountMinor > 0 && s.creditedMinor >= s.amountMinor && s.paidMinor === 0) return 'void';
  if (s.amountMinor > 0 && amountDue(s) === 0) return 'paid';
  return 'issued';
}
