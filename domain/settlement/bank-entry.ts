import { createHash } from 'node:crypto';
import type { IsoDate } from '../dates';

// One line of a bank statement, whatever the file format: what the matcher and the importer read.

export type EntryDirection = 'credit' | 'debit';
export type EntryStatus = 'booked' | 'pending' | 'info';

export interface BankEntry {
  /** Stable across files: the bank's own reference, else a hash of what identifies the entry. */
  key: string;
  /** Our account the statement is for (IBAN or the bank's id); null when the file does not say. */
  account: string | null;
  direction: EntryDirection;
  /** A reversal (RvslInd): a debit that takes back an earlier credit, or the other way round. */
  reversal: boolean;
  status: EntryStatus;
  bookingDate: IsoDate | null;
  valueDate: IsoDate | null;
  amountMinor: number;
  currency: string;
  payerName: string | null;
  payerAccount: string | null;
  /** Unstructured remittance lines and structured creditor references, one per line. */
  remittance: string;
  bankReference: string | null;
  endToEndId: string | null;
  /** Where in the file it came from, for messages: "Stmt 1, Ntry 3, TxDtls 2" or "line 14". */
  location: string;
}

export class BankFileError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'BankFileError';
  }
}

/** The key of an entry the bank gave no reference for: the same entry in two files hashes the same. */
export function derivedEntryKey(parts: { account: string | null; date: IsoDate | null; amountMinor: number; currency: string; remittance: string; payerName: string | null; payerAccount: string | null }): string {
  const canonical = [parts.account ?? '', parts.date ?? '', parts.amountMinor, parts.currency, parts.remittance.replace(/\s+/g, ' ').trim().toLowerCase(), (parts.payerName ?? '').trim().toLowerCase(), parts.payerAccount ?? ''].join('|');
  return `h:${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

/** The key from a bank reference, scoped by our account (references are unique per account). */
export function referenceKey(account: string | null, reference: string): string {
  return `r:${account ?? ''}:${reference}`;
}

/**
 * Two entries of one file with the same derived key (the same payer paying the same amount twice
 * on one day, with the same text) are two payments: the second and later get #2, #3 ... The same
 * file imported again numbers them the same way.
 */
export function numberRepeatedKeys(entries: BankEntry[]): BankEntry[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const n = (seen.get(entry.key) ?? 0) + 1;
    seen.set(entry.key, n);
    return n === 1 ? entry : { ...entry, key: `${entry.key}#${n}` };
  });
}
