import { commissionOf, formatRate, parseRatePercent } from '../../domain/commissions/commission';

// Issue 15: a commission is the month's sales times the reseller's rate, rounded to the minor unit.
test('20% of 189.90 is 37.98; 17.5% of 189.90 rounds to 33.23; no sales, no commission', () => {
  expect(commissionOf({ salesMinor: 18_990, salesUsdMinor: 18_990, rateBp: 2000 })).toEqual({ amountMinor: 3798, usdMinor: 3798 });
  expect(commissionOf({ salesMinor: 18_990, salesUsdMinor: 18_990, rateBp: 1750 })).toEqual({ amountMinor: 3323, usdMinor: 3323 });
  expect(commissionOf({ salesMinor: -500, salesUsdMinor: -500, rateBp: 2000 })).toEqual({ amountMinor: 0, usdMinor: 0 });
  expect(() => commissionOf({ salesMinor: 100, salesUsdMinor: 100, rateBp: 10_001 })).toThrow('out of range');
});

test('rates as people type them', () => {
  expect(['20', '17.5', '17.50%', '0', '100', '100.01', '-1', '1,5', 'twenty'].map(parseRatePercent)).toEqual([2000, 1750, 1750, 0, 10_000, null, null, null, null]);
  expect([2000, 1750, 5].map(formatRate)).toEqual(['20%', '17.50%', '0.05%']);
});
