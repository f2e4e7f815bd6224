import { INBOUND_LIMITS } from '../domain/intake/limits';
import { readPdfText, PDF_TEXT_LIMITS, type PdfTextItem, type PdfTextLimits } from './pdf-text';
import { isHeaderRow, PRODUCT_COLUMN, tableLines, TOTAL_ROW } from '../domain/parsing/purchase-order-table';

// A PDF purchase order -> order lines, through the same table reading as a CSV or XLSX one. A PDF
// has no rows or cells, only runs of text placed on a page: rows are rebuilt from the runs' baselines
// (y), cells from the gaps between runs along a row (x), and columns from the header row of the
// line table (a product/SKU/description column and a quantity column). Everything above that
// header is the document's header block, where the PO number is looked for. A scan (an image, no
// text) or a PDF without a recognisable line table gives no lines: a person reads it, as before.

/** A cell: its text and where it spans along the row. */
export interface PdfCell {
  text: string;
  left: number;
  right: number;
}

export interface PdfRow {
  page: number;
  /** Baseline, from the top of the page. */
  y: number;
  /** Font size of the row's tallest run: what "close" means along and across the row. */
  size: number;
  cells: PdfCell[];
}

/** Runs whose baselines are within this share of the font size are on one row. */
const SAME_ROW = 0.35;
/** Runs closer than this share of the font size are one cell (words of a description); farther apart, two cells. */
const SAME_CELL = 0.6;
/** Above this share of the font size, two runs of one cell are joined with a space. */
const WORD_GAP = 0.12;

/** The runs of text as rows of cells, top to bottom, page by page; each row's cells left to right. */
export function pdfRows(items: readonly PdfTextItem[]): PdfRow[] {
  const sorted = items
    .filter((i) => i.text.trim() !== '' && i.height > 0)
    .slice()
    .sort((a, b) => a.page - b.page || a.y - b.y || a.x - b.x);
  const grouped: { page: number; y: number; size: number; items: PdfTextItem[] }[] = [];
  for (const item of sorted) {
    const row = grouped[grouped.length - 1];
    if (row && row.page === item.page && Math.abs(item.y - row.y) <= SAME_ROW * Math.max(row.size, item.height)) {
      row.items.push(item);
      row.size = Math.max(row.size, item.height);
    } else grouped.push({ page: item.page, y: item.y, size: item.height, items: [item] });
  }
  return grouped.map((row) => {
    const cells: PdfCell[] = [];
    for (const item of row.items.sort((a, b) => a.x - b.x)) {
      const last = cells[cells.length - 1];
      const gap = last ? item.x - last.right : Infinity;
      if (last && gap < SAME_CELL * row.size) {
        const space = gap > WORD_GAP * row.size && !/\s$/.test(last.text) && !/^\s/.test(item.text);
        last.text += (space ? ' ' : '') + item.text;
        last.right = Math.max(last.right, item.x + item.width);
      } else cells.push({ text: item.text, left: item.x, right: item.x + item.width });
    }
    for (const cell of cells) cell.text = cell.text.replace(/\s+/g, ' ').trim();
    return { page: row.page, y: row.y, size: row.size, cells: cells.filter((c) => c.text !== '') };
  });
}

interface Columns {
  header: PdfRow;
  /** Where each column ends along the row (the last one: no end). */
  bounds: number[];
}

function columnsOf(header: PdfRow): Columns {
  const bounds = header.cells.map((cell, i) => {
    const next = header.cells[i + 1];
    return next ? (cell.right + next.left) / 2 : Infinity;
  });
  return { header, bounds };
}

/** The column a cell falls in: the one it overlaps most (a number right-aligned under its header, a description wider than it). */
function columnOf(cell: PdfCell, columns: Columns): number {
  let best = 0;
  let bestOverlap = -Infinity;
  columns.bounds.forEach((end, i) => {
    const start = i === 0 ? -Infinity : columns.bounds[i - 1]!;
    const overlap = Math.min(cell.right, end) - Math.max(cell.left, start);
    if (overlap > bestOverlap) {
      best = i;
      bestOverlap = overlap;
    }
  });
  return best;
}

/** The row as cells of the table's columns (two runs in one column are joined). */
function placeRow(row: PdfRow, columns: Columns): string[] {
  const placed = columns.header.cells.map(() => '');
  for (const cell of row.cells) {
    const i = columnOf(cell, columns);
    placed[i] = placed[i] ? `${placed[i]} ${cell.text}` : cell.text;
  }
  return placed;
}

export interface PdfTable {
  /** The header row first, then the rows below it (on later pages too), as cells of its columns. */
  table: string[][];
  /** Where the first header row is among the rows; -1: none. */
  headerRow: number;
}

/**
 * The line table: from the first row that names a product and a quantity column to the end of the
 * document. A header repeated on a later page sets the columns again (and is no order line); a
 * product description wrapped onto the next line is joined to its line; totals rows are left out.
 */
export function pdfTable(rows: readonly PdfRow[]): PdfTable {
  const isHeader = (row: PdfRow) => isHeaderRow(row.cells.map((c) => c.text));
  const headerRow = rows.findIndex(isHeader);
  if (headerRow < 0) return { table: [], headerRow };
  const first = rows[headerRow]!;
  const headerTexts = first.cells.map((c) => c.text);
  // The columns that name the product (SKU, description): the ones a long text wraps in.
  const textColumns = new Set(headerTexts.flatMap((h, i) => (PRODUCT_COLUMN.test(h) ? [i] : [])));
  let columns = columnsOf(first);
  const table: string[][] = [headerTexts];
  let previous: { row: PdfRow; cells: string[] } | null = null;
  for (const row of rows.slice(headerRow + 1)) {
    if (table.length > INBOUND_LIMITS.purchaseOrderRows + 1) break;
    if (isHeader(row)) {
      // Same columns, maybe placed a little differently on this page.
      if (row.cells.length === first.cells.length) columns = columnsOf(row);
      previous = null;
      continue;
    }
    const cells = placeRow(row, columns);
    if (cells.some((c) => TOTAL_ROW.test(c))) {
      previous = null;
      continue;
    }
    // A second line of a description: text only in the product columns, on the next line down.
    const wrapped =
      previous !== null &&
      previous.row.page === row.page &&
      row.y - previous.row.y <= 1.4 * Math.max(row.size, previous.row.size) &&
      cells.every((c, i) => c === '' || textColumns.has(i));
    if (wrapped) {
      cells.forEach((c, i) => {
        if (c !== '') previous!.cells[i] = previous!.cells[i] ? `${previous!.cells[i]} ${c}` : c;
      });
      previous!.row = row;
      continue;
    }
    table.push(cells);
    previous = { row, cells };
  }
  return { table, headerRow };
}

// The PO number a header block names: the label, then the number in the same cell, the next cell,
// or (in a boxed header) the cell just under the label.
const PO_LABELS = [
  String.raw`p\.?\s?o\.?\s*(?:no\.?|n[º°o]\.?|number|num\.?|#|ref(?:erence)?\.?)`, // PO No., P.O. Number, PO #
  String.raw`purchase\s+order(?:\s*(?:no\.?|number|num\.?|#|ref(?:erence)?\.?))?`,
  String.raw`(?:orden|ordem|pedido)\s+de\s+compra(?:\s*(?:n[º°o]\.?|n[uú]mero|#))?`,
  String.raw`(?:n[º°o]\.?|n[uú]mero)\s+(?:de|del|do|da)\s+(?:pedido|orden|ordem)(?:\s+de\s+compra)?`,
  String.raw`pedido\s*(?:n[º°o]\.?|n[uú]mero|#)`,
  '(?:采购)?订?单编?号码?', // 采购单号, 采购订单号, 订单编号, 订单号码... (not 运单号: a letter before it)
  '采购编号',
];
const PO_LABEL = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${PO_LABELS.join('|')})(?![a-z])\s*[:：#.]?\s*`, 'giu');
/** A label that says a number follows ("PO No.", "Pedido nº", "订单号", "Orden de compra:"), not a bare title ("PURCHASE ORDER"). */
const NUMBER_LABEL = /(?<![\p{L}])(?:no|n[º°o]|num|number|n[uú]mero|ref|reference)(?![\p{L}])|号|[:：#]/iu;
const PO_VALUE = /^[A-Za-z0-9][A-Za-z0-9\-_/.]{0,39}/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

function poValue(text: string): string | null {
  const value = PO_VALUE.exec(text)?.[0].replace(/[./-]+$/, '');
  return value && /\d/.test(value) && !DATE_LIKE.test(value) ? value : null;
}

/** The PO number named in these rows (the document's header block), if any. */
export function poReferenceIn(rows: readonly PdfRow[]): string | undefined {
  for (const [r, row] of rows.entries()) {
    for (const [c, cell] of row.cells.entries()) {
      for (const match of cell.text.matchAll(PO_LABEL)) {
        const rest = cell.text.slice(match.index + match[0].length);
        const labelled = NUMBER_LABEL.test(match[0]);
        if (rest.trim() !== '') {
          const value = poValue(rest);
          // After a bare title, only what looks like a reference ("Purchase Order PO-7781", not "Purchase Order 2 of 3").
          if (value && (labelled || value.length >= 4)) return value;
          continue;
        }
        if (!labelled) continue;
        // The label ends its cell: the number is the next cell of the row, or the cell under it.
        const next = row.cells[c + 1];
        const nextValue = next && poValue(next.text);
        if (nextValue) return nextValue;
        const below = rows[r + 1];
        const under = below?.cells.find((b) => b.left < cell.right && b.right > cell.left);
        const underValue = below && below.page === row.page && below.y - row.y <= 2.5 * row.size && under ? poValue(under.text) : null;
        if (underValue) return underValue;
      }
    }
  }
  return undefined;
}

export interface PdfPurchaseOrder {
  lines: string[];
  poReference?: string;
}

/** Rows of the header block searched for a PO number when the PDF has no line table. */
const HEADER_BLOCK_ROWS = 40;

/** Order lines (and the PO number) of a PDF purchase order; no lines when it has no text or no line table. */
export async function pdfPurchaseOrder(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfPurchaseOrder> {
  const text = await readPdfText(bytes, limits);
  if (!text || text.items.length === 0) return { lines: [] };
  const rows = pdfRows(text.items);
  const { table, headerRow } = pdfTable(rows);
  const poReference = poReferenceIn(rows.slice(0, headerRow >= 0 ? headerRow : HEADER_BLOCK_ROWS));
  return { lines: table.length > 0 ? tableLines(table) : [], ...(poReference ? { poReference } : {}) };
}
