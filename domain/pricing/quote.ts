import type { IsoDate } from '../dates';
import { convertFromUsd, pickFxRate, type FxRateRow } from './fx';
import { priceLine, type PricingDecision } from './price-line';
import type { OverrideRow, Tier, TierPriceRow } from './types';

export interface QuoteRequestLine {
  sku: string;
  quantity: number;
}

export interface QuoteInput {
  customer: { id: string; tier: Tier; currency: string; resellerType?: 'margin' | 'commission' };
  lines: QuoteRequestLine[];
  today: IsoDate;
  tierRows: readonly TierPriceRow[];
  overrides: readonly OverrideRow[];
  supplierCostMinor: ReadonlyMap<string, number>;
  /** Retail prices (USD minor units), which commission resellers buy at. */
  retailPriceMinor?: ReadonlyMap<string, number>;
  fxRows: readonly FxRateRow[];
}

export interface QuotedLine {
  sku: string;
  quantity: number;
  /** The USD pricing: unit and line in USD minor units, and why. */
  decision: PricingDecision;
  /** In the quote's currency: the USD unit price converted and rounded. */
  unitPriceMinor: number;
  /** quantity x unitPriceMinor, exactly. */
  lineTotalMinor: number;
}

export interface BuiltQuote {
  currency: string;
  unitsPerUsdScaled: number;
  fxRateDate: IsoDate | null;
  fxStale: boolean;
  lines: QuotedLine[];
  totalUsdMinor: number;
  totalMinor: number;
}

export type QuoteResult =
  | { ok: true; quote: BuiltQuote }
  | { ok: false; code: 'unknown_sku' | 'quantity_must_be_positive' | 'quantity_must_be_whole' | 'no_tier_price'; sku: string }
  | { ok: false; code: 'no_fx_rate'; currency: string };

/** Prices every line from the tables (never from text), in USD and the reseller's currency. */
export function buildQuote(input: QuoteInput): QuoteResult {
  const fx = pickFxRate(input.fxRows, input.customer.currency, input.today);
  if (!fx.ok) return { ok: false, code: 'no_fx_rate', currency: input.customer.currency };
  const lines: QuotedLine[] = [];
  for (const line of input.lines) {
    const cost = input.supplierCostMinor.get(line.sku);
    if (cost === undefined) return { ok: false, code: 'unknown_sku', sku: line.sku };
    const priced = priceLine({
      sku: line.sku,
      quantity: line.quantity,
      tier: input.customer.tier,
      today: input.today,
      tierRows: input.tierRows.filter((r) => r.sku === line.sku),
      overrides: input.overrides.filter((o) => o.sku === line.sku && o.customerId === input.customer.id),
      supplierCostMinor: cost,
      retail: input.customer.resellerType === 'commission' && input.retailPriceMinor?.has(line.sku) ? { unitPriceMinor: input.retailPriceMinor.get(line.sku)! } : null,
    });
    if (!priced.ok) return priced;
    // The unit price is converted once and rounded; the line is what the reseller can check on the
    // quote (quantity x the printed unit price), not a separate conversion of the USD line.
    const unitPriceMinor = convertFromUsd(priced.decision.unitPriceMinor, fx.currency, fx.unitsPerUsdScaled);
    lines.push({ sku: line.sku, quantity: line.quantity, decision: priced.decision, unitPriceMinor, lineTotalMinor: unitPriceMinor * line.quantity });
  }
  const totalUsdMinor = lines.reduce((sum, l) => sum + l.decision.lineTotalMinor, 0);
  const totalMinor = lines.reduce((sum, l) => sum + l.lineTotalMinor, 0);
  return {
    ok: true,
    quote: {
      currency: fx.currency,
      unitsPerUsdScaled: fx.unitsPerUsdScaled,
      fxRateDate: fx.rateDate,
      fxStale: fx.stale,
      lines,
      totalUsdMinor,
      totalMinor,
    },
  };
}
