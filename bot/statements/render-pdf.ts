import PDFDocument from 'pdfkit';
import { formatGrouped } from '../../domain/money';
import { MOVEMENT_LABELS, type Statement, type StatementLine } from '../../domain/statements/statement';
import { longDate, put } from '../documents/pdf-text';
import { fontChain, type FontFace } from './font-runs';
import { subResellerOrderDetails, type SubResellerSection } from '../../domain/statements/sub-resellers';

// The statement as a PDF that reads like a bank statement: the company, the reseller (name, legal
// entity, id) and the period on top, a summary box, then one table row per movement with the
// running balance. The table breaks cleanly across pages: every page repeats the table header and
// starts with the balance brought forward; every page but the last ends with it carried forward.
// Totals and the closing balance close the table; "page N of M" on every page. pdfkit (MIT, the
// most used PDF library for Node, maintained) embeds only the glyphs used from the bundled fonts.

const PAGE = { size: 'A4' as const, layout: 'landscape' as const };
const MARGIN = 36;
const ROW_HEIGHT = 15;
const GREY = '#555555';
const RULE = '#999999';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (line: StatementLine, s: Statement) => string;
}

const money = formatGrouped;
const blankZero = (minor: number, currency: string) => (minor === 0 ? '' : money(minor, currency));

function columns(s: Statement): Column[] {
  const c = s.currency;
  return [
    { title: 'Date', width: 58, align: 'left', cell: (l) => l.date },
    { title: 'Type', width: 60, align: 'left', cell: (l) => MOVEMENT_LABELS[l.kind] },
    { title: 'Reference', width: 98, align: 'left', cell: (l) => l.reference },
    { title: 'Details', width: 196, align: 'left', cell: (l) => l.details },
    { title: `Charges ${c}`, width: 72, align: 'right', cell: (l) => blankZero(l.chargeMinor, c) },
    { title: `Credits ${c}`, width: 72, align: 'right', cell: (l) => blankZero(l.creditMinor, c) },
    { title: `Balance ${c}`, width: 80, align: 'right', cell: (l) => money(l.balanceMinor, c) },
    { title: 'Amount USD', width: 66, align: 'right', cell: (l) => money(l.chargeMinor !== 0 || l.chargeUsdMinor !== 0 ? l.chargeUsdMinor : l.creditUsdMinor, 'USD') },
    { title: 'Balance USD', width: 68, align: 'right', cell: (l) => money(l.balanceUsdMinor, 'USD') },
  ];
}

function periodText(s: Statement): string {
  return `${longDate(s.period.firstDay)} – ${longDate(s.period.lastDay)} (UTC)`;
}

export function balanceWording(s: Statement): { label: string; note: string } {
  return s.balanceMeaning === 'available'
    ? { label: 'Balance available', note: 'Prepaid account: the balance is money you paid us and have not yet spent (including amounts held for orders in progress). Charges reduce it, credits add to it. USD values are at the rate of the day each amount was booked.' }
    : { label: 'Balance due', note: 'Postpaid account: the balance is what you owe us. Charges add to it, credits reduce it; a negative balance due is a credit in your favour. USD values are at the rate of the day each amount was booked.' };
}

export interface PdfOptions {
  /** When the document is issued: printed, and the PDF's creation date (no clock is read here). */
  issuedAt: Date;
}

export async function renderStatementPdf(s: Statement, options: PdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    ...PAGE,
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Statement ${s.customer.id} ${s.period.month}`, Author: s.issuerName, Subject: `Statement of account, ${s.period.month}`, CreationDate: options.issuedAt },
  });
  for (const face of Object.values(fontChain())) for (const f of face) doc.registerFont(f.name, f.file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const cols = columns(s);
  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const bottom = doc.page.height - MARGIN - 18; // room for the footer
  const wording = balanceWording(s);
  const c = s.currency;

  // Page one: who, what period, and the figures at a glance.
  put(doc, s.issuerName, left, MARGIN, { face: 'bold', size: 16 });
  put(doc, 'Statement of account', left, MARGIN + 22, { face: 'bold', size: 12 });
  put(doc, periodText(s), left, MARGIN + 40, { size: 10 });
  put(doc, `Issued ${options.issuedAt.toISOString().slice(0, 10)}`, left, MARGIN + 54, { size: 8.5, color: GREY });
  const boxX = left + 360;
  put(doc, s.customer.company, boxX, MARGIN, { face: 'bold', size: 12, width: right - boxX });
  put(doc, s.customer.legalEntity, boxX, MARGIN + 18, { size: 10, width: right - boxX });
  put(doc, `Reseller ID ${s.customer.id}`, boxX, MARGIN + 34, { size: 10 });
  put(doc, `Currency ${c} · ${s.customer.accountType} account`, boxX, MARGIN + 48, { size: 10 });

  let y = MARGIN + 76;
  const summary: [string, string, string][] = [
    [`Opening ${wording.label.toLowerCase()}`, money(s.openingMinor, c), money(s.openingUsdMinor, 'USD')],
    ['Charges', money(s.totals.chargesMinor, c), money(s.totals.chargesUsdMinor, 'USD')],
    ['Credits', money(s.totals.creditsMinor, c), money(s.totals.creditsUsdMinor, 'USD')],
    [`Closing ${wording.label.toLowerCase()}`, money(s.closingMinor, c), money(s.closingUsdMinor, 'USD')],
  ];
  doc.rect(left, y - 4, 430, summary.length * 15 + 24).strokeColor(RULE).lineWidth(0.5).stroke();
  put(doc, c, left + 200, y, { face: 'bold', width: 110, align: 'right' });
  put(doc, 'USD', left + 310, y, { face: 'bold', width: 110, align: 'right' });
  y += 15;
  summary.forEach(([label, amount, usd], i) => {
    const face: FontFace = i === 0 || i === summary.length - 1 ? 'bold' : 'regular';
    put(doc, label, left + 8, y, { face, size: 9.5 });
    put(doc, amount, left + 200, y, { face, size: 9.5, width: 110, align: 'right' });
    put(doc, usd, left + 310, y, { face, size: 9.5, width: 110, align: 'right' });
    y += 15;
  });
  y += 6;
  put(doc, wording.note, left, y + 4, { size: 8, color: GREY, width: right - left });
  y += 24;

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
  const forward = (label: string, balanceMinor: number, balanceUsdMinor: number) => {
    put(doc, label, left + 2, y, { face: 'bold' });
    const balanceX = left + cols.slice(0, 6).reduce((w, col) => w + col.width, 0);
    put(doc, money(balanceMinor, c), balanceX + 2, y, { face: 'bold', width: cols[6]!.width - 4, align: 'right' });
    put(doc, money(balanceUsdMinor, 'USD'), balanceX + cols[6]!.width + cols[7]!.width + 2, y, { face: 'bold', width: cols[8]!.width - 4, align: 'right' });
    y += ROW_HEIGHT;
  };
  const newPage = (balanceMinor: number, balanceUsdMinor: number) => {
    forward('Carried forward', balanceMinor, balanceUsdMinor);
    doc.addPage();
    y = MARGIN;
    put(doc, `${s.issuerName} · Statement of account · ${s.customer.company} (${s.customer.id}) · ${periodText(s)}`, left, y, { size: 8.5, color: GREY, width: right - left });
    y += 18;
    tableHeader();
    forward('Brought forward', balanceMinor, balanceUsdMinor);
  };

  tableHeader();
  forward(`Opening ${wording.label.toLowerCase()}`, s.openingMinor, s.openingUsdMinor);
  let balance = s.openingMinor;
  let balanceUsd = s.openingUsdMinor;
  for (const line of s.lines) {
    // Keep room for this row and the "carried forward" row under it.
    if (y + 2 * ROW_HEIGHT > bottom) newPage(balance, balanceUsd);
    let x = left;
    for (const col of cols) {
      put(doc, col.cell(line, s), x + 2, y, { width: col.width - 4, align: col.align });
      x += col.width;
    }
    y += ROW_HEIGHT;
    balance = line.balanceMinor;
    balanceUsd = line.balanceUsdMinor;
  }
  if (s.lines.length === 0) {
    put(doc, 'No movements in this period.', left + 2, y, { color: GREY });
    y += ROW_HEIGHT;
  }

  // Totals and the closing balance stay together on one page.
  if (y + 3 * ROW_HEIGHT + 6 > bottom) newPage(balance, balanceUsd);
  doc.moveTo(left, y).lineTo(right, y).strokeColor('black').lineWidth(0.7).stroke();
  y += 4;
  const chargesX = left + cols.slice(0, 4).reduce((w, col) => w + col.width, 0);
  put(doc, 'Totals of the period', left + 2, y, { face: 'bold' });
  put(doc, money(s.totals.chargesMinor, c), chargesX + 2, y, { face: 'bold', width: cols[4]!.width - 4, align: 'right' });
  put(doc, money(s.totals.creditsMinor, c), chargesX + cols[4]!.width + 2, y, { face: 'bold', width: cols[5]!.width - 4, align: 'right' });
  y += ROW_HEIGHT;
  forward(`Closing ${wording.label.toLowerCase()}`, s.closingMinor, s.closingUsdMinor);
  if (s.subResellers) y = subResellerTable(doc, s, s.subResellers, y, bottom);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    put(doc, `${s.customer.id} · ${s.period.month}`, left, doc.page.height - MARGIN - 8, { size: 8, color: GREY });
    put(doc, `Page ${i + 1} of ${range.count}`, right - 120, doc.page.height - MARGIN - 8, { size: 8, color: GREY, width: 120, align: 'right' });
  }
  doc.end();
  return done;
}

const SUB_COLUMNS = [
  { title: 'Delivered', width: 62, align: 'left' as const },
  { title: 'Sub-reseller', width: 170, align: 'left' as const },
  { title: 'Order', width: 90, align: 'left' as const },
  { title: 'Details', width: 250, align: 'left' as const },
  { title: 'Amount', width: 100, align: 'right' as const },
  { title: 'USD', width: 98, align: 'right' as const },
];

/** The parent's section: its sub-resellers' delivered orders, a subtotal per sub-reseller, a total. */
function subResellerTable(doc: PDFKit.PDFDocument, s: Statement, section: SubResellerSection, top: number, bottom: number): number {
  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  let y = top + 18;
  const row = (cells: string[], face: FontFace = 'regular') => {
    let x = left;
    SUB_COLUMNS.forEach((col, i) => {
      put(doc, cells[i] ?? '', x + 2, y, { face, width: col.width - 4, align: col.align });
      x += col.width;
    });
    y += ROW_HEIGHT;
  };
  const header = () => {
    put(doc, 'Orders of your sub-resellers', left, y, { face: 'bold', size: 11 });
    y += 15;
    put(doc, 'For information: these orders are charged to each sub-reseller\'s own account and are not part of your balance. Amounts in the currency of each order; USD at the rate of the day it was booked.', left, y, { size: 8, color: GREY, width: right - left });
    y += 20;
    row(SUB_COLUMNS.map((c) => c.title), 'bold');
    doc.moveTo(left, y - 2).lineTo(right, y - 2).strokeColor('black').lineWidth(0.7).stroke();
    y += 2;
  };
  const room = (rows: number) => {
    if (y + rows * ROW_HEIGHT <= bottom) return;
    doc.addPage();
    y = MARGIN;
    put(doc, `${s.issuerName} · Statement of account · ${s.customer.company} (${s.customer.id}) · ${periodText(s)}`, left, y, { size: 8.5, color: GREY, width: right - left });
    y += 18;
    header();
  };
  room(6);
  header();
  if (section.orders.length === 0) {
    put(doc, 'Your sub-resellers had no orders delivered in this period.', left + 2, y, { color: GREY });
    return y + ROW_HEIGHT;
  }
  for (const total of section.byReseller) {
    for (const o of section.orders.filter((x) => x.customerId === total.customerId)) {
      room(2);
      row([o.deliveredAt.slice(0, 10), `${o.company} (${o.customerId})`, o.reference, subResellerOrderDetails(o), `${o.currency} ${formatGrouped(o.totalMinor, o.currency)}`, formatGrouped(o.totalUsdMinor, 'USD')]);
    }
    room(2);
    row(['', `Subtotal ${total.customerId}`, `${total.orders} order${total.orders === 1 ? '' : 's'}`, `${total.units} unit${total.units === 1 ? '' : 's'}`, '', formatGrouped(total.totalUsdMinor, 'USD')], 'bold');
  }
  room(2);
  doc.moveTo(left, y - 2).lineTo(right, y - 2).strokeColor('black').lineWidth(0.7).stroke();
  row(['', 'All sub-resellers', `${section.orders.length} order${section.orders.length === 1 ? '' : 's'}`, `${section.units} unit${section.units === 1 ? '' : 's'}`, '', formatGrouped(section.totalUsdMinor, 'USD')], 'bold');
  return y;
}
