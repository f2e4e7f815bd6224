// Tier suggestions (issue 15, the handbook's bands): a reseller's average cards a month over the
// last three months, its sub-resellers' cards (and theirs, all the way down) counted for it too;
// more than 2,000 a month is tier 1, 500 to 2,000 tier 2, under 500 tier 3. A suggestion is made only
// where the band differs from the reseller's tier; staff accept or dismiss it.

export type Tier = 'tier_1' | 'tier_2' | 'tier_3';

export function tierForMonthlyCards(cards: number): Tier {
  if (cards > 2000) return 'tier_1';
  if (cards >= 500) return 'tier_2';
  return 'tier_3';
}

export interface ResellerVolume {
  customerId: string;
  tier: Tier;
  parentCustomerId: string | null;
  /** Cards delivered in each of the three months. */
  cards: readonly number[];
}

export interface TierSuggestion {
  customerId: string;
  currentTier: Tier;
  suggestedTier: Tier;
  /** Whole cards a month, own and sub-resellers', rounded down. */
  averageCards: number;
}

export function suggestTiers(resellers: readonly ResellerVolume[]): TierSuggestion[] {
  const children = new Map<string, string[]>();
  for (const r of resellers) if (r.parentCustomerId) children.set(r.parentCustomerId, [...(children.get(r.parentCustomerId) ?? []), r.customerId]);
  const own = new Map(resellers.map((r) => [r.customerId, r.cards.reduce((s, n) => s + n, 0)]));
  const total = (id: string, seen: Set<string>): number => {
    if (seen.has(id)) return 0; // a loop in the data counts nobody twice
    seen.add(id);
    return (own.get(id) ?? 0) + (children.get(id) ?? []).reduce((s, child) => s + total(child, seen), 0);
  };
  const suggestions: TierSuggestion[] = [];
  for (const r of resellers) {
    const months = Math.max(1, r.cards.length);
    const averageCards = Math.floor(total(r.customerId, new Set()) / months);
    const suggestedTier = tierForMonthlyCards(averageCards);
    if (suggestedTier !== r.tier) suggestions.push({ customerId: r.customerId, currentTier: r.tier, suggestedTier, averageCards });
  }
  return suggestions;
}
