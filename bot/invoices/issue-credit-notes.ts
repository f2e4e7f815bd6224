import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { IsoDate } from '../../domain/dates';
import { decideCreditNote } from '../../domain/invoices/credit-note';
import { creditNoteCounterName, formatCreditNoteNumber, yearOf } from '../../domain/invoices/calendar';
import { poolSql, transaction } from '../db/sql';
import { invoiceAsPrinted, keepCreditNote, pendingReversals, type KeptCreditNote } from './credit-note-store';
import { refreshInvoiceStatus } from './invoice-standing';
import { invoiceCustomer, takeInvoiceSequence } from './invoice-store';
import { renderCreditNoteCsv } from './render-csv';
import { renderCreditNotePdf } from './render-pdf';
import { ISSUER_NAME } from '../documents/issuer';

// Credit notes as of a date: for every invoice with charges the ledger reversed before that date
// and no credit note credited yet, one credit note that names the invoice, credits exactly the
// lines it printed for those charges, and takes its amount off what the invoice asks for. Each in
// its own transaction that locks the reseller, so two runs (or two processes) credit a reversal
// once; running a date again makes nothing new.

export interface IssueCreditNotesInput {
  issueDate: IsoDate;
  customerId?: string;
  now: Date;
  issuerName?: string;
}

export async function issueCreditNotes(pool: pg.Pool, input: IssueCreditNotesInput): Promise<KeptCreditNote[]> {
  const cutoff = `${input.issueDate}T00:00:00.000Z`;
  const pending = await pendingReversals(poolSql(pool), cutoff, input.customerId ? { customerId: input.customerId } : {});
  const invoices = [...new Map(pending.map((p) => [p.invoiceId, p.customerId])).entries()];
  const issued: KeptCreditNote[] = [];
  for (const [invoiceId, customerId] of invoices) {
    const kept = await transaction(pool, async (sql) => {
      await invoiceCustomer(sql, customerId, true);
      const reversals = await pendingReversals(sql, cutoff, { invoiceId });
      const printed = await invoiceAsPrinted(sql, invoiceId);
      if (!printed || reversals.length === 0) return null;
      const decision = decideCreditNote({
        issuerName: printed.billedTo.issuerName ?? input.issuerName ?? ISSUER_NAME,
        customer: printed.billedTo,
        invoice: printed.invoice,
        issueDate: input.issueDate,
        reversals,
      });
      if (!decision.ok) return null;
      const cn = decision.creditNote;
      const year = yearOf(cn.issueDate);
      const number = formatCreditNoteNumber(year, await takeInvoiceSequence(sql, creditNoteCounterName(year)));
      const csv = renderCreditNoteCsv(cn, number);
      const pdf = await renderCreditNotePdf(cn, number, { issuedAt: input.now });
      const note = await keepCreditNote(sql, cn, number, { csv, pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex') }, input.now);
      await refreshInvoiceStatus(sql, [invoiceId], input.now);
      return note;
    });
    if (kept) issued.push(kept);
  }
  return issued;
}

export async function writeCreditNoteFiles(outDir: string, note: KeptCreditNote): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const pdfPath = path.resolve(outDir, `${note.number}.pdf`);
  const csvPath = path.resolve(outDir, `${note.number}.csv`);
  await fs.writeFile(pdfPath, note.pdf);
  await fs.writeFile(csvPath, note.csv, 'utf8');
  return [pdfPath, csvPath];
}
