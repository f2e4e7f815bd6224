import { tierRowsInForce } from '../../domain/pricing/quantity-breaks';

// Issue 15: a SKU and tier's price table is replaced whole from its effective date, never mixed.
const row = (tier: 'tier_1' | 'tier_2', minQty: number, price: number, effectiveFrom: string) => ({ sku: 'ESIM-JP-10GB-15D', tier, minQty, unitPriceMinor: price, effectiveFrom });

test('the latest table on or before the day, per SKU and tier, whole', () => {
  const rows = [row('tier_1', 1, 1177, '2000-01-01'), row('tier_1', 500, 1083, '2000-01-01'), row('tier_1', 1, 1120, '2026-12-01'), row('tier_2', 1, 1367, '2000-01-01')];
  expect(tierRowsInForce(rows, '2026-11-30').map((r) => [r.tier, r.minQty, r.unitPriceMinor])).toEqual([['tier_1', 1, 1177], ['tier_1', 500, 1083], ['tier_2', 1, 1367]]);
  expect(tierRowsInForce(rows, '2026-12-01').map((r) => [r.tier, r.minQty, r.unitPriceMinor])).toEqual([['tier_1', 1, 1120], ['tier_2', 1, 1367]]);
  expect(tierRowsInForce([row('tier_1', 1, 1120, '2027-01-01')], '2026-12-01')).toEqual([]);
});
