import type { IsoDate } from '../dates';

export const TIERS = ['tier_1', 'tier_2', 'tier_3'] as const;
export type Tier = (typeof TIERS)[number];

/** One row of product_price_tiers: from `minQty` cards up, each costs `unitPriceMinor` USD minor units. */
export interface TierPriceRow {
  sku: string;
  tier: Tier;
  minQty: number;
  unitPriceMinor: number;
}

/** One row of customer_specific_prices. */
export interface OverrideRow {
  id: number;
  customerId: string;
  sku: string;
  unitPriceMinor: number;
  reason: string;
  validFrom: IsoDate;
  validTo: IsoDate;
  approvedBy: string | null;
  approvedAt: string | null; // ISO instant
}
