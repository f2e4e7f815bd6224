import { parse } from 'csv-parse/sync';
import { z } from 'zod';

// A purchase order sent as a CSV file (an email attachment, a WhatsApp or WeChat document) becomes order lines in the message text
// ("<product> x <quantity>"), which the same parser then reads as any typed order.

const PRODUCT_COLUMN = /^(sku|product|item|description|plan|package|产品|套餐|商品|producto|produto)/i;
const QUANTITY_COLUMN = /^(qty|quantity|pcs|units|count|数量|cantidad|quantidade)/i;
const rows = z.array(z.array(z.string()));

export function purchaseOrderLines(csv: string): string[] {
  let table: string[][];
  try {
    table = rows.parse(parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'] }));
  } catch {
    return [];
  }
  const header = table[0] ?? [];
  const product = header.findIndex((h) => PRODUCT_COLUMN.test(h));
  const quantity = header.findIndex((h) => QUANTITY_COLUMN.test(h));
  if (product < 0 || quantity < 0) return [];
  return table
    .slice(1)
    .map((row) => ({ product: row[product] ?? '', quantity: (row[quantity] ?? '').replace(/[\s,]/g, '') }))
    .filter((r) => r.product && /^\d+$/.test(r.quantity))
    .map((r) => `${r.product} x ${r.quantity}`);
}
