import PDFDocument from 'pdfkit';
import type { InvoiceDraft, InvoiceLine } from '../../domain/invoices/invoice';
import { formatGrouped } from '../../domain/money';
import { longDate, put } from '../documents/pdf-text';
import { fontChain } from '../statements/font-runs';

// The invoice as a PDF: the issuer, "Invoice INV-2026-00001", issue and due dates, the period; the
// reseller billed (name, legal entity, id, tax number where set); one table row per printed line
// (order, date, product, quantity x unit price = amount, USD alongside), the header repeated on
// every page; the total; the reseller's invoice note where set; how to pay. Set in the bundled fonts
// of the statements (bot/statements/font-runs.ts), so Chinese, Thai and accented names print.

const MARGIN = 40;
const ROW_HEIGHT = 15;
const GREY = '#555555';
const RULE = '#999999';

const money = formatGrouped;

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (l: InvoiceLine) => string;
}

function columns(inv: InvoiceDraft): Column[] {
  const c = inv.currency;
  return [
    { title: 'Order', width: 66, align: 'left', cell: (l) => l.orderReference },
    { title: 'Date', width: 56, align: 'left', cell: (l) => l.date },
    { title: 'Product', width: 138, align: 'left', cell: (l) => l.description },
    { title: 'Qty', width: 36, align: 'right', cell: (l) => String(l.quantity) },
    { title: `Unit ${c}`, width: 64, align: 'right', cell: (l) => money(l.unitPriceMinor, c) },
    { title: `Amount ${c}`, width: 76, align: 'right', cell: (l) => money(l.lineMinor, c) },
    { title: 'Amount USD', width: 79, align: 'right', cell: (l) => money(l.lineUsdMinor, 'USD') },
  ];
}

export interface InvoicePdfOptions {
  /** The PDF's creation date (no clock is read here). */
  issuedAt: Date;
}

export async function renderInvoicePdf(inv: InvoiceDraft, number: string, options: InvoicePdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Invoice ${number}`, Author: inv.issuerName, Subject: `Invoice ${number} for ${inv.customer.id}`, CreationDate: options.issuedAt },
  });
  for (const face of Object.values(fontChain())) for (const f of face) doc.registerFont(f.name, f.file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const cols = columns(inv);
  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const bottom = doc.page.height - MARGIN - 18;
  const c = inv.currency;

  put(doc, inv.issuerName, left, MARGIN, { face: 'bold', size: 16 });
  put(doc, `Invoice ${number}`, left, MARGIN + 22, { face: 'bold', size: 13 });
  put(doc, `Issue date ${longDate(inv.issueDate)}`, left, MARGIN + 42, { size: 10 });
  put(doc, `Due date ${longDate(inv.dueDate)} (${inv.paymentTermsDays} days)`, left, MARGIN + 56, { size: 10 });
  put(doc, `Delivered ${longDate(inv.periodStart)} – ${longDate(inv.periodEnd)} (UTC)`, left, MARGIN + 70, { size: 10 });
  const boxX = left + 280;
  put(doc, 'Bill to', boxX, MARGIN, { size: 8.5, color: GREY });
  put(doc, inv.customer.company, boxX, MARGIN + 12, { face: 'bold', size: 12, width: right - boxX });
  put(doc, inv.customer.legalEntity, boxX, MARGIN + 30, { size: 10, width: right - boxX });
  put(doc, `Reseller ID ${inv.customer.id}`, boxX, MARGIN + 46, { size: 10 });
  if (inv.customer.taxNumber) put(doc, `Tax number ${inv.customer.taxNumber}`, boxX, MARGIN + 60, { size: 10, width: right - boxX });

  let y = MARGIN + 100;
  const tableHeader = () => {
    let x = left;
    for (const col of cols) {
      put(doc, col.title, x + 2, y, { face: 'bold', width: col.width - 4, align: col.align });
      x += col.width;
    }
    y += ROW_HEIGHT - 2;
    doc.moveTo(left, y).lineTo(right, y).strokeColor('black').lineWidth(0.7).stroke();
    y += 3;
  };
  const newPage = () => {
    doc.addPage();
    y = MARGIN;
    put(doc, `${inv.issuerName} · Invoice ${number} · ${inv.customer.company} (${inv.customer.id})`, left, y, { size: 8.5, color: GREY, width: right - left });
    y += 18;
    tableHeader();
  };

  tableHeader();
  for (const line of inv.lines) {
    if (y + ROW_HEIGHT > bottom) newPage();
    let x = left;
    for (const col of cols) {
      put(doc, col.cell(line), x + 2, y, { width: col.width - 4, align: col.align });
      x += col.width;
    }
    y += ROW_HEIGHT;
  }
  if (inv.lines.length === 0) {
    put(doc, 'Nothing was delivered in this period.', left + 2, y, { color: GREY });
    y += ROW_HEIGHT;
  }

  // The total, the note and how to pay stay together on one page.
  const note = inv.customer.invoiceNote;
  if (y + ROW_HEIGHT * (note ? 5 : 4) > bottom) newPage();
  doc.moveTo(left, y).lineTo(right, y).strokeColor('black').lineWidth(0.7).stroke();
  y += 4;
  const amountX = left + cols.slice(0, 5).reduce((w, col) => w + col.width, 0);
  put(doc, `Total ${c}`, left + 2, y, { face: 'bold', size: 10 });
  put(doc, money(inv.totalMinor, c), amountX + 2, y, { face: 'bold', size: 10, width: cols[5]!.width - 4, align: 'right' });
  put(doc, money(inv.totalUsdMinor, 'USD'), amountX + cols[5]!.width + 2, y, { face: 'bold', size: 10, width: cols[6]!.width - 4, align: 'right' });
  y += ROW_HEIGHT + 8;
  if (note) {
    put(doc, note, left, y, { size: 9, width: right - left });
    y += ROW_HEIGHT;
  }
  put(doc, `Please pay ${c} ${money(inv.totalMinor, c)} by ${longDate(inv.dueDate)} and quote ${number} with your payment.`, left, y, { size: 9, width: right - left });
  y += ROW_HEIGHT;
  put(doc, `USD values at the rates of the orders, for information.`, left, y, { size: 8, color: GREY, width: right - left });
  doc.rect(left, MARGIN + 96, right - left, 0).strokeColor(RULE).lineWidth(0.3).stroke();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    put(doc, `${number} · ${inv.customer.id}`, left, doc.page.height - MARGIN - 8, { size: 8, color: GREY });
    put(doc, `Page ${i + 1} of ${range.count}`, right - 120, doc.page.height - MARGIN - 8, { size: 8, color: GREY, width: 120, align: 'right' });
  }
  doc.end();
  return done;
}
