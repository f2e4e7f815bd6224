import type { Tier, TierPriceRow } from './types';

/** The row with the highest `minQty` not above `quantity`, for this SKU and tier (SPEC step 4). */
export function tierRowFor(rows: readonly TierPriceRow[], sku: string, tier: Tier, quantity: number): TierPriceRow | null {
  let best: TierPriceRow | null = null;
  for (const row of rows) {
    if (row.sku !== sku || row.tier !== tier || row.minQty > quantity) continue;
    if (best === null || row.minQty > best.minQty) best = row;
  }
  return best;
}

export type TierTableProblem =
  | { code: 'duplicate_break'; sku: string; tier: Tier; minQty: number }
  | { code: 'price_rises_with_quantity'; sku: string; tier: Tier; minQty: number }
  | { code: 'no_break_at_one'; sku: string; tier: Tier }
  | { code: 'min_qty_not_positive'; sku: string; tier: Tier; minQty: number };

/** A price table is sane when every SKU/tier starts at 1 and never gets dearer as quantity grows. */
export function checkTierTable(rows: readonly TierPriceRow[]): TierTableProblem[] {
  const groups = new Map<string, TierPriceRow[]>();
  for (const row of rows) {
    const key = `${row.sku}\u0000${row.tier}`;
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  const problems: TierTableProblem[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.minQty - b.minQty);
    const first = sorted[0]!;
    if (first.minQty !== 1) problems.push({ code: 'no_break_at_one', sku: first.sku, tier: first.tier });
    sorted.forEach((row, index) => {
      if (row.minQty < 1) problems.push({ code: 'min_qty_not_positive', sku: row.sku, tier: row.tier, minQty: row.minQty });
      const previous = sorted[index - 1];
      if (!previous) return;
      if (previous.minQty === row.minQty) problems.push({ code: 'duplicate_break', sku: row.sku, tier: row.tier, minQty: row.minQty });
      else if (row.unitPriceMinor > previous.unitPriceMinor) {
        problems.push({ code: 'price_rises_with_quantity', sku: row.sku, tier: row.tier, minQty: row.minQty });
      }
    });
  }
  return problems;
}

/** A tier price row with the day its table takes effect (YYYY-MM-DD). */
export interface VersionedTierPriceRow extends TierPriceRow {
  effectiveFrom: string;
}

/**
 * The tables in force on `day`: for each SKU and tier, the rows of the latest effective_from on or
 * before it (a table scheduled for later is not used yet; an older one is replaced whole, never
 * mixed row by row).
 */
export function tierRowsInForce<R extends VersionedTierPriceRow>(rows: readonly R[], day: string): R[] {
  const latest = new Map<string, string>();
  for (const row of rows) {
    if (row.effectiveFrom > day) continue;
    const key = `${row.sku}\u0000${row.tier}`;
    const seen = latest.get(key);
    if (seen === undefined || row.effectiveFrom > seen) latest.set(key, row.effectiveFrom);
  }
  return rows.filter((row) => latest.get(`${row.sku}\u0000${row.tier}`) === row.effectiveFrom);
}
