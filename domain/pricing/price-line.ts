import type { IsoDate } from '../dates';
import { tierRowFor } from './quantity-breaks';
import type { OverrideRow, Tier, TierPriceRow } from './types';

export interface PriceLineInput {
  sku: string;
  quantity: number;
  tier: Tier;
  today: IsoDate;
  /** Tier rows of this SKU (other SKUs are ignored). */
  tierRows: readonly TierPriceRow[];
  /** This customer's overrides for this SKU, approved or not (the decision says why each is ignored). */
  overrides: readonly OverrideRow[];
  supplierCostMinor: number;
  /** A commission reseller buys at the retail price (and earns its commission on it); margin resellers at their tier. */
  retail?: { unitPriceMinor: number } | null;
}

export interface PricingDecision {
  sku: string;
  quantity: number;
  currency: 'USD';
  unitPriceMinor: number;
  lineTotalMinor: number;
  source: 'tier' | 'override' | 'retail';
  tierRow: TierPriceRow;
  overrideId: number | null;
  floorApplied: boolean;
  reasons: string[];
}

export type PriceLineResult =
  | { ok: true; decision: PricingDecision }
  | { ok: false; code: 'quantity_must_be_positive' | 'quantity_must_be_whole' | 'no_tier_price'; sku: string };

export type OverrideStatus = 'active' | 'not_approved' | 'not_yet_valid' | 'expired';

/** An override applies only when approved and `valid_from <= today <= valid_to` (dates, UTC). */
export function overrideStatus(override: OverrideRow, today: IsoDate): OverrideStatus {
  if (!override.approvedBy || !override.approvedAt) return 'not_approved';
  if (today < override.validFrom) return 'not_yet_valid';
  if (today > override.validTo) return 'expired';
  return 'active';
}

function usd(minor: number): string {
  return (minor / 100).toFixed(2);
}

/**
 * The unit price of one order line, with the rule that won and why (SPEC "The order flow", step 4).
 * Checked in this order: quantity, tier price, customer-specific price, supplier-cost floor.
 */
export function priceLine(input: PriceLineInput): PriceLineResult {
  const { sku, quantity, tier, today } = input;
  if (!Number.isInteger(quantity)) return { ok: false, code: 'quantity_must_be_whole', sku };
  if (quantity <= 0) return { ok: false, code: 'quantity_must_be_positive', sku };

  const tierRow = tierRowFor(input.tierRows, sku, tier, quantity);
  if (!tierRow) return { ok: false, code: 'no_tier_price', sku };

  const reasons = [`${tier} price for ${quantity} (break from ${tierRow.minQty}): ${usd(tierRow.unitPriceMinor)} USD`];
  let unitPriceMinor = tierRow.unitPriceMinor;
  let source: PricingDecision['source'] = 'tier';
  let overrideId: number | null = null;

  let best: OverrideRow | null = null;
  for (const override of input.overrides) {
    if (override.sku !== sku) continue;
    const status = overrideStatus(override, today);
    if (status !== 'active') {
      reasons.push(`customer price #${override.id} (${usd(override.unitPriceMinor)}) ignored: ${status.replace(/_/g, ' ')}`);
      continue;
    }
    if (best === null || override.unitPriceMinor < best.unitPriceMinor) best = override;
  }
  if (best) {
    // A reseller never pays more than their tier price for that quantity, even with an override.
    if (best.unitPriceMinor < unitPriceMinor) {
      unitPriceMinor = best.unitPriceMinor;
      source = 'override';
      overrideId = best.id;
      reasons.push(`customer price #${best.id} applies: ${usd(best.unitPriceMinor)} USD (${best.reason})`);
    } else {
      reasons.push(`customer price #${best.id} (${usd(best.unitPriceMinor)}) is not below the tier price: tier price kept`);
    }
  }

  if (input.retail) {
    // Commission resellers sell at retail on our behalf: the retail price, whatever the tier or an override.
    unitPriceMinor = input.retail.unitPriceMinor;
    source = 'retail';
    overrideId = null;
    reasons.push(`commission reseller: retail price ${usd(unitPriceMinor)} USD (the commission is paid monthly)`);
  }

  let floorApplied = false;
  if (unitPriceMinor < input.supplierCostMinor) {
    // Prices below cost are refused where they are set; this floor only guards against bad data.
    unitPriceMinor = input.supplierCostMinor;
    floorApplied = true;
    reasons.push(`raised to the supplier cost ${usd(input.supplierCostMinor)} USD: never sold below cost`);
  }

  return {
    ok: true,
    decision: {
      sku,
      quantity,
      currency: 'USD',
      unitPriceMinor,
      lineTotalMinor: unitPriceMinor * quantity,
      source,
      tierRow,
      overrideId,
      floorApplied,
      reasons,
    },
  };
}
