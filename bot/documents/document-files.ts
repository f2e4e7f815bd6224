import { invoiceFileName } from '../invoices/issue-invoice';
import { statementFileName } from '../statements/run-statements';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// Statement, invoice and credit note files by unguessable token (/documents/<token>/<file name>), as eSIM files
// are: the bytes kept when the document was issued, never rendered again. What a reseller is sent
// links here (web chat) or is uploaded from here (email, WhatsApp, WeChat).

export interface DocumentFile {
  contentType: string;
  filename: string;
  bytes: Buffer;
}

const DOCUMENT_PATH = /^\/documents\/([a-f0-9]{32,64})\/([A-Za-z0-9._-]{1,100})$/;

const month = (d: Date) => d.toISOString().slice(0, 7);

/** The file behind a document URL or path (absolute or relative, query ignored); null if unknown. */
export async function documentFile(sql: Sql, url: string): Promise<DocumentFile | null> {
  const match = DOCUMENT_PATH.exec(new URL(url, 'http://local').pathname);
  if (!match) return null;
  const [, token, name] = match as unknown as [string, string, string];
  const [statement] = await run(sql, q.selectFrom('statements').select(['customer_id', 'period_start', 'csv_text', 'pdf_bytes']).where('access_token', '=', token));
  if (statement) {
    return pick(name, statementFileName(statement.customer_id, month(statement.period_start), 'pdf'), statementFileName(statement.customer_id, month(statement.period_start), 'csv'), statement.pdf_bytes, statement.csv_text);
  }
  const [invoice] = await run(sql, q.selectFrom('invoices').select(['number', 'csv_text', 'pdf_bytes']).where('access_token', '=', token));
  if (invoice) return pick(name, invoiceFileName(invoice.number, 'pdf'), invoiceFileName(invoice.number, 'csv'), invoice.pdf_bytes, invoice.csv_text);
  const [note] = await run(sql, q.selectFrom('credit_notes').select(['number', 'csv_text', 'pdf_bytes']).where('access_token', '=', token));
  if (note) return pick(name, invoiceFileName(note.number, 'pdf'), invoiceFileName(note.number, 'csv'), note.pdf_bytes, note.csv_text);
  return null;
}

function pick(name: string, pdfName: string, csvName: string, pdf: Buffer | null, csv: string): DocumentFile | null {
  if (name === pdfName && pdf) return { contentType: 'application/pdf', filename: pdfName, bytes: pdf };
  if (name === csvName) return { contentType: 'text/csv; charset=utf-8', filename: csvName, bytes: Buffer.from(csv, 'utf8') };
  return null;
}

/** Where a document's file is served. */
export const documentUrl = (token: string, filename: string) => `/documents/${token}/${filename}`;

/** The attachments of a document as a reply carries them: the PDF (when kept) and the CSV. */
export function documentAttachments(token: string, pdfName: string | null, csvName: string): { kind: 'file'; filename: string; mimeType: string; url: string }[] {
  return [
    ...(pdfName ? [{ kind: 'file' as const, filename: pdfName, mimeType: 'application/pdf', url: documentUrl(token, pdfName) }] : []),
    { kind: 'file' as const, filename: csvName, mimeType: 'text/csv', url: documentUrl(token, csvName) },
  ];
}
