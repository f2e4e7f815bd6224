import { suggestTiers, tierForMonthlyCards } from '../../domain/resellers/tier-suggestion';

// Issue 15: the handbook's bands, averaged over three months, with sub-resellers counted for their parent.
test('bands: more than 2,000 cards a month tier 1, 500 to 2,000 tier 2, under 500 tier 3', () => {
  expect([0, 499, 500, 2000, 2001].map(tierForMonthlyCards)).toEqual(['tier_3', 'tier_3', 'tier_2', 'tier_2', 'tier_1']);
});

test("a sub-reseller's cards count for its parent (and the parent's parent); only changes are suggested", () => {
  const suggestions = suggestTiers([
    { customerId: 'B2B-001', tier: 'tier_3', parentCustomerId: null, cards: [100, 100, 100] },
    { customerId: 'B2B-002', tier: 'tier_3', parentCustomerId: 'B2B-001', cards: [300, 300, 300] },
    { customerId: 'B2B-003', tier: 'tier_3', parentCustomerId: 'B2B-002', cards: [200, 200, 200] },
    { customerId: 'B2B-004', tier: 'tier_1', parentCustomerId: null, cards: [2001, 2001, 2001] },
  ]);
  expect(suggestions).toEqual([
    { customerId: 'B2B-001', currentTier: 'tier_3', suggestedTier: 'tier_2', averageCards: 600 },
    { customerId: 'B2B-002', currentTier: 'tier_3', suggestedTier: 'tier_2', averageCards: 500 },
  ]);
});

test('a loop of parents counts nobody twice', () => {
  expect(suggestTiers([
    { customerId: 'B2B-001', tier: 'tier_3', parentCustomerId: 'B2B-002', cards: [400, 400, 400] },
    { customerId: 'B2B-002', tier: 'tier_3', parentCustomerId: 'B2B-001', cards: [200, 200, 200] },
  ]).map((s) => [s.customerId, s.averageCards])).toEqual([['B2B-001', 600], ['B2B-002', 600]]);
});
