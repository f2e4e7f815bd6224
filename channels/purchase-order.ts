import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { Unzip, UnzipInflate } from 'fflate';
import { z } from 'zod';
import { INBOUND_LIMITS } from '../domain/intake/limits';
import { pdfPurchaseOrder } from './purchase-order-pdf';
import { tableLines } from '../domain/parsing/purchase-order-table';

// A purchase order sent as a file (an email attachment, a WhatsApp or WeChat document), CSV, XLSX
// or PDF, becomes order lines in the message text ("<product> x <quantity>"), which the same parser
// then reads as any typed order. A file over INBOUND_LIMITS.purchaseOrderBytes is not parsed (a
// person reads it), and at most purchaseOrderRows rows are read; more lines than an order may hold
// are then refused by the pipeline with one answer. A PDF's table is rebuilt from where its text
// stands (channels/purchase-order-pdf.ts); a scanned one has no text and goes to a person.

export { tableLines } from '../domain/parsing/purchase-order-table';

const rows = z.array(z.array(z.string()));

export function purchaseOrderLines(csv: string): string[] {
  try {
    const options = { relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'], to_line: INBOUND_LIMITS.purchaseOrderRows + 5 };
    return tableLines(rows.parse(parse(csv.replace(/^\uFEFF/, ''), options)));
  } catch {
    return [];
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue); // formula
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

/**
 * What a workbook may inflate to before ExcelJS reads it. A workbook is a zip: 400 KB can inflate
 * to 115 MB of sheet XML (1.5 million rows), which ExcelJS parses whole (seconds and gigabytes),
 * so the purchaseOrderBytes limit on the file alone does not bound the work. A real purchase
 * order of 500 rows inflates to well under 1 MB.
 */
export const XLSX_INFLATED_BYTES_MAX = 10 * 1024 * 1024;

/**
 * Whether a zip inflates to at most `max` bytes in all. It is inflated here, a few KB of input at a
 * time (so no chunk grows past a few MB) and stopped at `max`: the sizes a zip states can be forged.
 */
export function inflatesWithin(bytes: Uint8Array, max: number): boolean {
  let total = 0;
  let stop = false;
  const unzip = new Unzip((file) => {
    file.ondata = (error, chunk) => {
      if (error) stop = true;
      else if (!stop && (total += chunk.length) > max) stop = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !stop; at += 4096) unzip.push(bytes.subarray(at, at + 4096), at + 4096 >= bytes.length);
  } catch {
    return false; // not a zip fflate can read (ExcelJS could not either)
  }
  return total <= max;
}

/** The first worksheet with order lines. */
export async function xlsxPurchaseOrderLines(bytes: Buffer): Promise<string[]> {
  if (!inflatesWithin(bytes, XLSX_INFLATED_BYTES_MAX)) return [];
  // Loaded at the first workbook: ExcelJS takes a second to load, which every start would pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Excel = require('exceljs') as typeof ExcelJS;
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return [];
  }
  for (const sheet of workbook.worksheets) {
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (table.length > INBOUND_LIMITS.purchaseOrderRows + 5) return;
      const values = row.values as ExcelJS.CellValue[];
      table.push(values.slice(1, 50).map(cellText));
    });
    const lines = tableLines(table);
    if (lines.length > 0) return lines;
  }
  return [];
}

/** What a purchase order file gave: its order lines and, when the document names one, its PO number. */
export interface PurchaseOrder {
  lines: string[];
  /** The buyer's PO number from the document's header block (PDF only, for now). */
  poReference?: string;
}

/** A purchase order file read; null when the file is of another kind (an image, a Word file...). */
export async function readPurchaseOrder(file: { filename: string; mimeType: string; bytes: Buffer }): Promise<PurchaseOrder | null> {
  if (file.bytes.length > INBOUND_LIMITS.purchaseOrderBytes) return { lines: [] };
  if (/csv/i.test(file.mimeType) || /\.csv$/i.test(file.filename)) return { lines: purchaseOrderLines(file.bytes.toString('utf8')) };
  if (/spreadsheetml/i.test(file.mimeType) || /\.xlsx$/i.test(file.filename)) return { lines: await xlsxPurchaseOrderLines(file.bytes) };
  if (/\bpdf\b/i.test(file.mimeType) || /\.pdf$/i.test(file.filename)) return pdfPurchaseOrder(file.bytes);
  return null;
}

/**
 * A readable purchase order as it goes into the message text: a marker that says the order is here
 * (domain/parsing/message-text.ts reads it: the attachment is the order, the subject and the body
 * only add to it), its PO number, and one "<product> x <quantity>" line per row. Empty when the file
 * gave no lines: a person reads it.
 */
export function purchaseOrderSection(filename: string, po: PurchaseOrder | null): string {
  if (!po || po.lines.length === 0) return '';
  const name = filename.replace(/[\]\r\n]/g, ' ').slice(0, 120) || 'purchase order';
  return [`[Attachment: ${name}]`, ...(po.poReference ? [`PO number: ${po.poReference}`] : []), ...po.lines].join('\n');
}

/** Order lines from a file we can read as a purchase order; null when the file is of another kind. */
export async function purchaseOrderFromFile(file: { filename: string; mimeType: string; bytes: Buffer }): Promise<string[] | null> {
  return (await readPurchaseOrder(file))?.lines ?? null;
}
