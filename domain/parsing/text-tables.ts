import { tableLines } from './purchase-order-table';

// A table pasted into a message ("| Line | Description | Qty |", or cells copied from a spreadsheet
// with tabs) is read like a purchase-order file's: a header row naming a product and a quantity
// column, then a "<product> x <quantity>" line per row, so "| 1 | Europe 3GB 15 days | 500 |" is 500
// cards, not 1. Text without such a table comes back as it was.

const CELL_SEPARATOR = /\t|\|/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(CELL_SEPARATOR)
    .map((c) => c.trim());
}

export function readTextTables(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!CELL_SEPARATOR.test(lines[i]!) || cells(lines[i]!).length < 2) {
      out.push(lines[i]!);
      i += 1;
      continue;
    }
    let j = i;
    while (j < lines.length && CELL_SEPARATOR.test(lines[j]!) && cells(lines[j]!).length >= 2) j += 1;
    // A markdown rule row ("|---|---|") is no row.
    const table = lines.slice(i, j).filter((l) => !/^[\s|:-]+$/.test(l)).map(cells);
    const read = table.length >= 2 ? tableLines(table) : [];
    out.push(...(read.length > 0 ? read : lines.slice(i, j)));
    i = j;
  }
  return out.join('\n');
}
