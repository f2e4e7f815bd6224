import { readSeedData } from '../../bot/db/seed-data';
import type { OverrideRow, TierPriceRow } from '../../domain/pricing/types';

// The wholesaler's real reference data (prisma/seed), shaped for the pure pricing functions.

const data = readSeedData();

export const tierRows: TierPriceRow[] = data.priceTiers.map((r) => ({
  sku: r.sku,
  tier: r.tier,
  minQty: r.min_qty,
  unitPriceMinor: r.unit_price_usd,
}));

export const overrides: OverrideRow[] = data.specificPrices.map((r, index) => ({
  id: index + 1,
  customerId: r.customer_id,
  sku: r.sku,
  unitPriceMinor: r.unit_price_usd,
  reason: r.reason,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  approvedBy: r.approved_by || null,
  approvedAt: r.approved_by ? `${r.valid_from}T00:00:00.000Z` : null,
}));

export function customer(id: string) {
  const row = data.customers.find((c) => c.customer_id === id);
  if (!row) throw new Error(`no customer ${id} in the seed data`);
  return row;
}

export function supplierCost(sku: string): number {
  const row = data.catalogue.find((c) => c.sku === sku);
  if (!row) throw new Error(`no SKU ${sku} in the seed data`);
  return row.supplier_cost_usd;
}

export const fxRows = data.fxRates;
export const seedData = data;
