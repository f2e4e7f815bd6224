import { INBOUND_LIMITS } from '../intake/limits';
import { spellOutNumbers } from './number-words';

// The line table of a purchase order, whatever file it came in (CSV, XLSX, PDF): a header row
// naming a product column and a quantity column, in English, Chinese, Spanish or Portuguese, then
// one order line per row; totals rows are no order lines.

// A destination column ("Destino", "Country", "国家") names the product as well as a product column.
export const PRODUCT_COLUMN = /^(sku|product|item|description|plan|package|destination|country|region|regi[oó]n|regi[ãa]o|pacote|paquete|产品|套餐|商品|品名|国家|國家|目的地|地区|地區|区域|區域|地点|地點|producto|produto|destino|pa[ií]s|descripci[oó]n|descri[cç][aã]o|art[ií]culo)/i;
// Whole words: "Country" is no "Count" column.
export const QUANTITY_COLUMN = /^(?:qty|qtys|quantity|quantities|pcs|units|count|cantidad|cantidades|quantidade|quantidades|cant\.?|qtd|qtde|quant\.|unidades|unid\.?|uds\.?)(?![a-z])|^(?:数量|數量|张数|張數)/i;
// Columns that say more about the product: its days and its data, read with the product cell.
const DAYS_COLUMN = /^(days|validity|duration|d[ií]as|validez|validade|vig[eê]ncia|dura[cç][aã]o|天数|天數|有效期)/i;
const DATA_COLUMN = /^(data|gb|gigas?|size|datos|dados|流量)/i;
export const TOTAL_ROW = /^(sub-?\s*)?totals?\b|^(合计|总计|總計|小计)|^total general/i;

/**
 * Whether a row names a product and a quantity column. A quantity cell with a number in it ("qty 22" in "Item 1  eSIM Turkey
 * 5GB 30D  qty 22") is a row's count, labelled, not a column's name.
 */
export function isHeaderRow(row: readonly string[]): boolean {
  return row.some((h) => PRODUCT_COLUMN.test(h.trim())) && row.some((h) => QUANTITY_COLUMN.test(h.trim()) && !/\d/.test(h));
}

/**
 * A quantity cell as digits, or '' when it is not a whole number: "1,000" and "1 000" as written in
 * English and Chinese, "1.000" as in Spanish and Portuguese (a quantity is never a fraction).
 */
export function quantityDigits(cell: string): string {
  const digits = countDigits(cell);
  if (digits !== '') return digits;
  // "一百二十", "veinte", "forty": a count written in words.
  const spelled = spellOutNumbers(cell.trim());
  return spelled === cell.trim() ? '' : countDigits(spelled);
}

function countDigits(cell: string): string {
  // "200 nos", "50 pcs", "30张": the count, without its unit.
  const digits = cell.replace(/\s*(?:nos?\.?|pcs\.?|pieces|units?|unidades|unid\.?|un\.?|und\.?|ea\.?|each|张|張|个|個|片|枚)$/i, '').replace(/[\s,]/g, '');
  if (/^\d+$/.test(digits)) return digits;
  return /^\d{1,3}(\.\d{3})+$/.test(digits) ? digits.replace(/\./g, '') : '';
}

// Words that can only be a product's: a SKU, a data size, "unlimited" in our languages.
const NAMES_A_PRODUCT = /(?<![\p{L}])e?sim-[a-z]|\d+(?:[.,]\d+)?\s*(?:gb|g|gigas?)(?![\p{L}])|(?<![\p{L}])(?:unlimited|ilimitad[oa]s?|unl)(?![\p{L}])|无限|無限|不限/iu;

/** Lines from a table whose first row (within the first five) names a product and a quantity column. */
export function tableLines(table: string[][]): string[] {
  const headerIndex = table.slice(0, 5).findIndex(isHeaderRow);
  if (headerIndex < 0) return [];
  const header = table[headerIndex]!.map((h) => h.trim());
  const quantity = header.findIndex((h) => QUANTITY_COLUMN.test(h));
  // Every column that names the product ("Destino | Pacote", "Item | Description"): a row's product
  // is their words together, but a SKU alone when one is written, and never a line number.
  const products = header.flatMap((h, i) => (i !== quantity && PRODUCT_COLUMN.test(h) ? [i] : []));
  const days = header.findIndex((h, i) => !products.includes(i) && DAYS_COLUMN.test(h));
  const data = header.findIndex((h, i) => !products.includes(i) && DATA_COLUMN.test(h));
  const productText = (row: string[]) => {
    const named = products.map((i) => (row[i] ?? '').trim()).filter((c) => c && !/^\d{1,3}$/.test(c));
    return named.find((c) => /^e?sim-[a-z]+-[a-z0-9]+-\d+d$/i.test(c)) ?? named.join(' ');
  };
  const described = (row: string[]) => {
    const parts = [productText(row)];
    const d = (row[data] ?? '').trim();
    if (data >= 0 && d) parts.push(/^\d+(\.\d+)?$/.test(d) ? `${d}GB` : d);
    // "15", "15 días", "15天": the days of the plan.
    const v = /^(\d{1,3})\s*(?:days?|d[ií]as?|天|日)?$/iu.exec((row[days] ?? '').trim())?.[1];
    if (days >= 0 && v) parts.push(`${v} days`);
    return parts.join(' ').slice(0, 200);
  };
  return table
    .slice(headerIndex + 1, headerIndex + 1 + INBOUND_LIMITS.purchaseOrderRows)
    // A row with words in its product column only ("Terms: net 30. Please confirm this order by
    // email." under a PDF's table) is no line; one with a count cell in words, or more cells, is; and so is a row
    // with every cell of the header written, the count's left empty, whose words name a product by its SKU, size or
    // "unlimited" ("ESIM-VN-5GB-30D,Vietnam 5GB,", ";Austrália 10GB"; a PDF's footer row has every cell too).
    .map((row) => {
      const words = productText(row);
      const isLine = words && (row.some((c, i) => !products.includes(i) && c.trim() !== '') || (row.length >= 2 && row.length >= header.length && NAMES_A_PRODUCT.test(words)));
      return { product: isLine ? described(row) : '', quantity: quantityDigits(row[quantity] ?? '') };
    })
    .filter((r) => r.product && !TOTAL_ROW.test(r.product))
    // A quantity cell of hundreds of digits is kept to 12 of them: still far over any order limit,
    // so the reseller is told it is too large, but the line stays short. A row whose count is empty or
    // not a number ("印尼5GB,,数量待定", "Vietnam 5GB | TBC") is a line whose count is to be asked, never dropped.
    .map((r) => (r.quantity === '' ? r.product : `${r.product} x ${r.quantity.slice(0, 12)}`));
}
