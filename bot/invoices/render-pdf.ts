import PDFDocument from 'pdfkit';
import type { CreditNoteDraft } from '../../domain/invoices/credit-note';
import type { InvoiceCustomer, InvoiceDraft, InvoiceLine } from '../../domain/invoices/invoice';
import { formatGrouped } from '../../domain/money';
import { longDate, put } from '../documents/pdf-text';
import { fontChain } from '../statements/font-runs';

// Invoices and credit notes as PDFs, one layout: the issuer, the document's title and number, its
// dates; the reseller billed (name, legal entity, id, tax number where set); one table row per
// printed line (order, date, product, quantity x unit price = amount, USD alongside), the header
// repeated on every page; the total; closing lines (the invoice note, how to pay, or what a credit
// note corrects). Set in the bundled fonts of the statements (bot/statements/font-runs.ts), so
// Chinese, Thai and accented names print.

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

function columns(currency: string): Column[] {
  const c = currency;
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

/** What one billing document prints; the layout is the same for every kind. */
interface BillingDocumentView {
  issuerName: string;
  customer: InvoiceCustomer;
  currency: string;
  /** "Invoice INV-2026-00001", "Credit note CN-2026-00001". */
  title: string;
  number: string;
  /** Under the title: dates, what it corrects. */
  facts: string[];
  lines: readonly InvoiceLine[];
  emptyText: string;
  totalLabel: string;
  totalMinor: number;
  totalUsdMinor: number;
  /** After the total. */
  closing: string[];
  issuedAt: Date;
}

export interface InvoicePdfOptions {
  /** The PDF's creation date (no clock is read here). */
  issuedAt: Date;
}

export function renderInvoicePdf(inv: InvoiceDraft, number: string, options: InvoicePdfOptions): Promise<Buffer> {
  const c = inv.currency;
  return renderBillingPdf({
    issuerName: inv.issuerName,
    customer: inv.customer,
    currency: c,
    title: `Invoice ${number}`,
    number,
    facts: [
      `Issue date ${longDate(inv.issueDate)}`,
      `Due date ${longDate(inv.dueDate)} (${inv.paymentTermsDays} days)`,
      `Delivered ${longDate(inv.periodStart)} – ${longDate(inv.periodEnd)} (UTC)`,
    ],
    lines: inv.lines,
    emptyText: 'Nothing was delivered in this period.',
    totalLabel: `Total ${c}`,
    totalMinor: inv.totalMinor,
    totalUsdMinor: inv.totalUsdMinor,
    closing: [...yourReferences(inv.lines), ...(inv.customer.invoiceNote ? [inv.customer.invoiceNote] : []), `Please pay ${c} ${money(inv.totalMinor, c)} by ${longDate(inv.dueDate)} and quote ${number} with your payment.`],
    issuedAt: options.issuedAt,
  });
}

/** "Your references: ORD-000123 PO-2026-1187, ..." for the orders that came with the reseller's own PO number. */
function yourReferences(lines: readonly InvoiceLine[]): string[] {
  const pairs = [...new Map(lines.filter((l) => l.customerReference).map((l) => [l.orderReference, `${l.orderReference} ${l.customerReference}`])).values()];
  return pairs.length > 0 ? [`Your references: ${pairs.join(', ')}`] : [];
}

export function renderCreditNotePdf(cn: CreditNoteDraft, number: string, options: InvoicePdfOptions): Promise<Buffer> {
  const c = cn.currency;
  return renderBillingPdf({
    issuerName: cn.issuerName,
    customer: cn.customer,
    currency: c,
    title: `Credit note ${number}`,
    number,
    facts: [
      `Issue date ${longDate(cn.issueDate)}`,
      ...(cn.invoice ? [`Corrects invoice ${cn.invoice.number}`, `of ${longDate(cn.invoice.issueDate)}`] : []),
      ...(cn.order ? [`Credits order ${cn.order.reference}`] : []),
    ],
    lines: cn.lines,
    emptyText: '',
    totalLabel: `Total credited ${c}`,
    totalMinor: cn.totalMinor,
    totalUsdMinor: cn.totalUsdMinor,
    closing: [cn.reason, cn.settlement ?? (cn.invoice ? `${c} ${money(cn.totalMinor, c)} is credited to your account against invoice ${cn.invoice.number}.` : `${c} ${money(cn.totalMinor, c)} is credited to your account.`)],
    issuedAt: options.issuedAt,
  });
}

async function renderBillingPdf(view: BillingDocumentView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: view.title, Author: view.issuerName, Subject: `${view.title} for ${view.customer.id}`, CreationDate: view.issuedAt },
  });
  for (const face of Object.values(fontChain())) for (const f of face) doc.registerFont(f.name, f.file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const cols = columns(view.currency);
  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const bottom = doc.page.height - MARGIN - 18;
  const c = view.currency;
  const customer = view.customer;

  put(doc, view.issuerName, left, MARGIN, { face: 'bold', size: 16 });
  put(doc, view.title, left, MARGIN + 22, { face: 'bold', size: 13 });
  const boxX = left + 280;
  view.facts.forEach((fact, i) => put(doc, fact, left, MARGIN + 42 + 14 * i, { size: 10 }));
  put(doc, 'Bill to', boxX, MARGIN, { size: 8.5, color: GREY });
  put(doc, customer.company, boxX, MARGIN + 12, { face: 'bold', size: 12, width: right - boxX });
  put(doc, customer.legalEntity, boxX, MARGIN + 30, { size: 10, width: right - boxX });
  put(doc, `Reseller ID ${customer.id}`, boxX, MARGIN + 46, { size: 10 });
  if (customer.taxNumber) put(doc, `Tax number ${customer.taxNumber}`, boxX, MARGIN + 60, { size: 10, width: right - boxX });

  const top = MARGIN + Math.max(100, 42 + 14 * view.facts.length + 16);
  let y = top;
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
    put(doc, `${view.issuerName} · ${view.title} · ${customer.company} (${customer.id})`, left, y, { size: 8.5, color: GREY, width: right - left });
    y += 18;
    tableHeader();
  };

  tableHeader();
  for (const line of view.lines) {
    if (y + ROW_HEIGHT > bottom) newPage();
    let x = left;
    for (const col of cols) {
      put(doc, col.cell(line), x + 2, y, { width: col.width - 4, align: col.align });
      x += col.width;
    }
    y += ROW_HEIGHT;
  }
  if (view.lines.length === 0 && view.emptyText) {
    put(doc, view.emptyText, left + 2, y, { color: GREY });
    y += ROW_HEIGHT;
  }

  // The total and the closing lines stay together on one page.
  if (y + ROW_HEIGHT * (view.closing.length + 3) > bottom) newPage();
  doc.moveTo(left, y).lineTo(right, y).strokeColor('black').lineWidth(0.7).stroke();
  y += 4;
  const amountX = left + cols.slice(0, 5).reduce((w, col) => w + col.width, 0);
  put(doc, view.totalLabel, left + 2, y, { face: 'bold', size: 10 });
  put(doc, money(view.totalMinor, c), amountX + 2, y, { face: 'bold', size: 10, width: cols[5]!.width - 4, align: 'right' });
  put(doc, money(view.totalUsdMinor, 'USD'), amountX + cols[5]!.width + 2, y, { face: 'bold', size: 10, width: cols[6]!.width - 4, align: 'right' });
  y += ROW_HEIGHT + 8;
  for (const text of view.closing) {
    put(doc, text, left, y, { size: 9, width: right - left });
    y += ROW_HEIGHT;
  }
  put(doc, `USD values at the rates of the orders, for information.`, left, y, { size: 8, color: GREY, width: right - left });
  doc.rect(left, top - 4, right - left, 0).strokeColor(RULE).lineWidth(0.3).stroke();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    put(doc, `${view.number} · ${customer.id}`, left, doc.page.height - MARGIN - 8, { size: 8, color: GREY });
    put(doc, `Page ${i + 1} of ${range.count}`, right - 120, doc.page.height - MARGIN - 8, { size: 8, color: GREY, width: 120, align: 'right' });
  }
  doc.end();
  return done;
}
