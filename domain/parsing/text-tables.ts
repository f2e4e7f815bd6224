import { TOTAL_ROW, isHeaderRow, tableLines } from './purchase-order-table';

// A table pasted into a message ("| Line | Description | Qty |", or cells copied from a spreadsheet
// with tabs) is read like a purchase-order file's: a header row naming a product and a quantity
// column, then a "<product> x <quantity>" line per row, so "| 1 | Europe 3GB 15 days | 500 |" is 500
// cards, not 1. So are rows separated by commas or semicolons (a CSV pasted, or attached as text):
// those only when the first row is such a header, since a comma also separates an order's lines.
// Text without such a table comes back as it was.

const CELL_SEPARATOR = /\t|\|/;
const CSV_SEPARATOR = /[,;]/;

function cells(line: string, separator: RegExp = CELL_SEPARATOR): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(separator)
    .map((c) => c.trim());
}

/** Comma- or semicolon-separated rows from a header row that names a product and a quantity column. */
function csvTable(lines: string[], from: number): { rows: string[]; read: string[] } | null {
  const header = lines[from]!;
  const separator = header.includes(';') && !header.includes(',') ? /;/ : /,/;
  if (cells(header, separator).length < 2) return null;
  let j = from + 1;
  while (j < lines.length && separator.test(lines[j]!) && cells(lines[j]!, separator).length >= 2) j += 1;
  if (j - from < 2) return null;
  const read = tableLines(lines.slice(from, j).map((l) => cells(l, separator)));
  return read.length > 0 ? { rows: lines.slice(from, j), read } : null;
}

// Columns lined up with runs of spaces, as a PDF's text layer or a plain-text e-mail lays a table out:
// "Item  Descrição                 Qtd   Valor unit. R$" over "1     Tailândia 10GB 15 dias    32    39,90".
const ALIGNED_GAP = / {2,}|\t/;

/** Rows lined up under a header row that names a product and a quantity column, down to a blank line. */
function alignedTable(lines: string[], from: number): { rows: number; read: string[] } | null {
  const header = cells(lines[from]!, ALIGNED_GAP);
  if (header.length < 3 || !isHeaderRow(header)) return null;
  let j = from + 1;
  while (j < lines.length && lines[j]!.trim() !== '' && cells(lines[j]!, ALIGNED_GAP).length >= 2) j += 1;
  // A totals row ("Total  578.20", "合计  2,970"), whatever column its words fall under, ends the lines.
  const rows = lines.slice(from + 1, j).map((l) => cells(l, ALIGNED_GAP)).filter((row) => !row.some((c) => TOTAL_ROW.test(c)));
  if (rows.length === 0) return null;
  const read = tableLines([header, ...rows]);
  return read.length > 0 ? { rows: j - from, read } : null;
}

export function readTextTables(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!CELL_SEPARATOR.test(lines[i]!) || cells(lines[i]!).length < 2) {
      const csv = CSV_SEPARATOR.test(lines[i]!) ? csvTable(lines, i) : null;
      if (csv) {
        out.push(...csv.read);
        i += csv.rows.length;
        continue;
      }
      const aligned = ALIGNED_GAP.test(lines[i]!.trim()) ? alignedTable(lines, i) : null;
      if (aligned) {
        out.push(...aligned.read);
        i += aligned.rows;
        continue;
      }
      out.push(lines[i]!);
      i += 1;
      continue;
    }
    let j = i;
    while (j < lines.length && CELL_SEPARATOR.test(lines[j]!) && cells(lines[j]!).length >= 2) j += 1;
    // A markdown rule row ("|---|---|") is no row.
    const table = lines.slice(i, j).filter((l) => !/^[\s|:-]+$/.test(l)).map((l) => cells(l));
    const read = table.length >= 2 ? tableLines(table) : [];
    out.push(...(read.length > 0 ? read : lines.slice(i, j)));
    i = j;
  }
  return out.join('\n');
}
