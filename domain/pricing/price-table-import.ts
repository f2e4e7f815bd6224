import { checkTierTable, type VersionedTierPriceRow } from './quantity-breaks';
import type { Tier, TierPriceRow } from './types';
import { formatMinorAsDecimal } from '../money';

// Checking a catalogue or tier-price file before anything is written (issue 15): every bad row is
// named with its line, and one bad row refuses the whole file, so a table is never half-imported.

export interface CatalogueRow {
  line: number;
  sku: string;
  type: 'esim' | 'sim';
  regionCode: string;
  dataGb: number | null;
  validityDays: number;
  retailPriceMinor: number;
  supplierCostMinor: number;
  supplierPackageCode: string;
  active: boolean;
}

export interface TierPriceImportRow {
  line: number;
  sku: string;
  tier: Tier;
  minQty: number;
  unitPriceMinor: number;
}

const usd = (minor: number) => `${formatMinorAsDecimal(minor, 'USD')} USD`;

export function catalogueProblems(rows: readonly CatalogueRow[], ctx: { regions: ReadonlySet<string>; tierRowsInForce: readonly TierPriceRow[] }): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const at = `line ${row.line} (${row.sku})`;
    const first = seen.get(row.sku);
    if (first !== undefined) problems.push(`${at}: the SKU is already on line ${first}`);
    else seen.set(row.sku, row.line);
    if (!ctx.regions.has(row.regionCode)) problems.push(`${at}: unknown region ${row.regionCode}`);
    if (row.supplierCostMinor <= 0) problems.push(`${at}: the supplier cost must be above zero`);
    if (row.retailPriceMinor < row.supplierCostMinor) problems.push(`${at}: the retail price ${usd(row.retailPriceMinor)} is below the supplier cost ${usd(row.supplierCostMinor)}`);
    const under = ctx.tierRowsInForce.filter((t) => t.sku === row.sku && t.unitPriceMinor < row.supplierCostMinor);
    for (const t of under) problems.push(`${at}: the supplier cost ${usd(row.supplierCostMinor)} is above its ${t.tier} price from ${t.minQty} (${usd(t.unitPriceMinor)}); import new tier prices first`);
  }
  return problems;
}

export function tierPriceProblems(rows: readonly TierPriceImportRow[], ctx: { supplierCostOf: (sku: string) => number | undefined }): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    const cost = ctx.supplierCostOf(row.sku);
    const at = `line ${row.line} (${row.sku} ${row.tier} from ${row.minQty})`;
    if (cost === undefined) problems.push(`${at}: unknown SKU`);
    else if (row.unitPriceMinor < cost) problems.push(`${at}: the price ${usd(row.unitPriceMinor)} is below the supplier cost ${usd(cost)}`);
  }
  const lineOf = (sku: string, tier: Tier, minQty?: number) => rows.find((r) => r.sku === sku && r.tier === tier && (minQty === undefined || r.minQty === minQty))?.line ?? 0;
  for (const p of checkTierTable(rows)) {
    const minQty = 'minQty' in p ? p.minQty : undefined;
    const where = `line ${lineOf(p.sku, p.tier, minQty)} (${p.sku} ${p.tier}${minQty !== undefined ? ` from ${minQty}` : ''})`;
    const why = {
      duplicate_break: 'the same quantity break appears twice',
      price_rises_with_quantity: 'the price rises with the quantity: breaks must not get dearer',
      no_break_at_one: 'the table must start at quantity 1',
      min_qty_not_positive: 'a quantity break must be 1 or more',
    }[p.code];
    problems.push(`${where}: ${why}`);
  }
  return problems;
}

/** The rows a new table replaces: those in force for the SKUs and tiers the file names. */
export function replacedGroups(file: readonly TierPriceImportRow[], inForce: readonly VersionedTierPriceRow[]): Map<string, { before: VersionedTierPriceRow[]; after: TierPriceImportRow[] }> {
  const groups = new Map<string, { before: VersionedTierPriceRow[]; after: TierPriceImportRow[] }>();
  for (const row of file) {
    const key = `${row.sku} ${row.tier}`;
    const group = groups.get(key) ?? { before: inForce.filter((r) => r.sku === row.sku && r.tier === row.tier), after: [] };
    group.after.push(row);
    groups.set(key, group);
  }
  return groups;
}
