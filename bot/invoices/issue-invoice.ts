import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { formatInvoiceNumber, invoiceCounterName, isBillingDay, yearOf } from '../../domain/invoices/calendar';
import { decideInvoice } from '../../domain/invoices/invoice';
import type { IsoDate } from '../../domain/dates';
import { poolSql, transaction } from '../db/sql';
import { invoiceCustomer, invoicesIssuedOn, keepInvoice, latestInvoice, postpaidResellers, takeInvoiceSequence, unbilledCharges, type KeptInvoice } from './invoice-store';
import type { KeptCreditNote } from './credit-note-store';
import { issueCreditNotes, writeCreditNoteFiles } from './issue-credit-notes';
import { renderInvoiceCsv } from './render-csv';
import { renderInvoicePdf } from './render-pdf';
import { ISSUER_NAME } from '../documents/issuer';

// Issuing a postpaid reseller's invoice as of a date: one transaction that locks the reseller, reads
// what was delivered before that date and not invoiced, takes the year's next number, keeps the
// invoice with its lines, the charges it bills and its documents (CSV text, PDF bytes and their
// SHA-256). Running a date again makes nothing new (the invoice of that date is returned as kept);
// a run on a later date bills only what was delivered since. Two processes running at once queue on
// the reseller's row; the charges' primary key would refuse a second billing anyway.


export interface IssueInvoiceInput {
  customerId: string;
  issueDate: IsoDate;
  paymentTermsDays: number;
  /** When the run happens: the invoice's issued_at and the PDF's creation date. */
  now: Date;
  issuerName?: string;
}

export type IssueInvoiceResult =
  | { ok: true; created: boolean; invoice: KeptInvoice }
  | { ok: false; code: 'customer_not_found' | 'not_postpaid' | 'nothing_to_invoice' };

export async function issueInvoice(pool: pg.Pool, input: IssueInvoiceInput): Promise<IssueInvoiceResult> {
  return transaction(pool, async (sql) => {
    const customer = await invoiceCustomer(sql, input.customerId, true);
    if (!customer) return { ok: false, code: 'customer_not_found' };
    if (customer.accountType !== 'postpaid') return { ok: false, code: 'not_postpaid' };
    const decision = decideInvoice({
      issuerName: input.issuerName ?? ISSUER_NAME,
      customer,
      issueDate: input.issueDate,
      paymentTermsDays: input.paymentTermsDays,
      previous: await latestInvoice(sql, customer.id),
      unbilled: await unbilledCharges(sql, customer, `${input.issueDate}T00:00:00.000Z`),
    });
    if (!decision.ok) {
      if (decision.code === 'already_invoiced') {
        const [same] = await invoicesIssuedOn(sql, customer.id, input.issueDate);
        if (same) return { ok: true, created: false, invoice: same };
      }
      return { ok: false, code: 'nothing_to_invoice' };
    }
    const inv = decision.invoice;
    const year = yearOf(inv.issueDate);
    const number = formatInvoiceNumber(year, await takeInvoiceSequence(sql, invoiceCounterName(year)));
    const csv = renderInvoiceCsv(inv, number);
    const pdf = await renderInvoicePdf(inv, number, { issuedAt: input.now });
    const kept = await keepInvoice(sql, inv, number, { csv, pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex') }, input.now);
    return { ok: true, created: true, invoice: kept };
  });
}

export interface RunInvoicesInput {
  date: IsoDate;
  /** Only this reseller, whatever its billing day; else every active postpaid reseller whose billing day `date` is. */
  customerId?: string;
  paymentTermsDays: number;
  now: Date;
  /** Where the files go; nothing is written when absent. */
  outDir?: string;
  issuerName?: string;
}

export interface InvoiceDocument {
  customerId: string;
  created: boolean;
  invoice: KeptInvoice;
  files: string[];
}

export interface CreditNoteDocument {
  customerId: string;
  creditNote: KeptCreditNote;
  files: string[];
}

export type RunInvoicesResult =
  | { ok: true; documents: InvoiceDocument[]; creditNotes: CreditNoteDocument[]; skipped: { customerId: string; code: string }[] }
  | { ok: false; code: 'customer_not_found' | 'not_postpaid'; message: string };

export function invoiceFileName(number: string, ext: 'pdf' | 'csv'): string {
  return `${number}.${ext}`;
}

export async function runInvoices(pool: pg.Pool, input: RunInvoicesInput): Promise<RunInvoicesResult> {
  let customerIds: string[];
  if (input.customerId) {
    customerIds = [input.customerId];
  } else {
    const resellers = await postpaidResellers(poolSql(pool));
    customerIds = resellers.filter((r) => isBillingDay(r.billingDay, input.date)).map((r) => r.id);
  }
  const documents: InvoiceDocument[] = [];
  const skipped: { customerId: string; code: string }[] = [];
  for (const customerId of customerIds) {
    const result = await issueInvoice(pool, { customerId, issueDate: input.date, paymentTermsDays: input.paymentTermsDays, now: input.now, ...(input.issuerName ? { issuerName: input.issuerName } : {}) });
    if (!result.ok) {
      if (input.customerId && result.code !== 'nothing_to_invoice') {
        return { ok: false, code: result.code, message: result.code === 'customer_not_found' ? `no reseller ${customerId}` : `${customerId} is not a postpaid reseller: it gets statements, not invoices` };
      }
      skipped.push({ customerId, code: result.code });
      continue;
    }
    const files = input.outDir ? await writeInvoiceFiles(input.outDir, result.invoice) : [];
    documents.push({ customerId, created: result.created, invoice: result.invoice, files });
  }
  // Charges reversed after an invoice billed them are credited the same day, whatever the billing day.
  const creditNotes: CreditNoteDocument[] = [];
  for (const note of await issueCreditNotes(pool, { issueDate: input.date, now: input.now, ...(input.customerId ? { customerId: input.customerId } : {}), ...(input.issuerName ? { issuerName: input.issuerName } : {}) })) {
    creditNotes.push({ customerId: note.customerId, creditNote: note, files: input.outDir ? await writeCreditNoteFiles(input.outDir, note) : [] });
  }
  return { ok: true, documents, creditNotes, skipped };
}

export async function writeInvoiceFiles(outDir: string, invoice: KeptInvoice): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const files: string[] = [];
  if (invoice.pdf.length > 0) {
    const pdfPath = path.resolve(outDir, invoiceFileName(invoice.number, 'pdf'));
    await fs.writeFile(pdfPath, invoice.pdf);
    files.push(pdfPath);
  }
  const csvPath = path.resolve(outDir, invoiceFileName(invoice.number, 'csv'));
  await fs.writeFile(csvPath, invoice.csv, 'utf8');
  files.push(csvPath);
  return files;
}
