import type { CatalogueIndex, CatalogueProduct } from './catalogue-index';

export interface ProductSpec {
  regionCode: string | null;
  type: 'esim' | 'sim';
  /** undefined: not said; null: unlimited. */
  dataGb: number | null | undefined;
  validityDays: number | undefined;
  /** How long the trip is, when no plan's days were said: a plan that lasts it is looked for. */
  tripDays?: number;
}

export interface Resolution {
  sku: string | null;
  /** When `sku` is null: the products it could be (empty when the region is unknown). */
  candidates: string[];
  /** not_sold: a place we do not sell; no_single_product: places to be covered by one product that none covers. */
  reason: 'resolved' | 'unknown_region' | 'ambiguous' | 'no_such_product' | 'not_sold' | 'no_single_product';
}

/** A product is never guessed: exactly one catalogue match resolves, anything else asks. */
export function resolveProduct(index: CatalogueIndex, spec: ProductSpec): Resolution {
  if (!spec.regionCode) return { sku: null, candidates: [], reason: 'unknown_region' };
  const inRegion = index.products.filter((p) => p.regionCode === spec.regionCode);
  const matches = inRegion.filter(
    (p: CatalogueProduct) =>
      p.type === spec.type &&
      (spec.dataGb === undefined || p.dataGb === spec.dataGb) &&
      (spec.validityDays === undefined || p.validityDays === spec.validityDays),
  );
  // "玩五天": a plan of the trip's days; "travelling 12 days": else the one plan of that size that lasts the trip.
  const tripDays = spec.tripDays;
  if (tripDays !== undefined) {
    const sameDays = matches.filter((p) => p.validityDays === tripDays);
    if (sameDays.length === 1) return { sku: sameDays[0]!.sku, candidates: [], reason: 'resolved' };
    const lasting = matches.filter((p) => p.validityDays >= tripDays);
    if (lasting.length === 1) return { sku: lasting[0]!.sku, candidates: [], reason: 'resolved' };
  }
  if (matches.length === 1) return { sku: matches[0]!.sku, candidates: [], reason: 'resolved' };
  if (matches.length > 1) return { sku: null, candidates: matches.map((p) => p.sku), reason: 'ambiguous' };
  const sameType = inRegion.filter((p) => p.type === spec.type);
  return { sku: null, candidates: (sameType.length > 0 ? sameType : inRegion).map((p) => p.sku), reason: 'no_such_product' };
}
