import { mulDivRound } from '../money';

// A commission reseller's month (issue 15): its sales (what the ledger booked as revenue on its
// orders, less reversals) times its rate, rounded half away from zero to the minor unit, in its own
// currency with the USD value beside it. Nothing is owed on a month without sales.

export const COMMISSION_RATE_DEFAULT_BP = 2000;

export interface CommissionInput {
  salesMinor: number;
  salesUsdMinor: number;
  rateBp: number;
}

export function commissionOf(input: CommissionInput): { amountMinor: number; usdMinor: number } {
  if (!Number.isInteger(input.rateBp) || input.rateBp < 0 || input.rateBp > 10_000) throw new Error(`commission rate out of range: ${input.rateBp} basis points`);
  if (input.salesMinor <= 0) return { amountMinor: 0, usdMinor: 0 };
  return { amountMinor: mulDivRound(input.salesMinor, input.rateBp, 10_000), usdMinor: mulDivRound(input.salesUsdMinor, input.rateBp, 10_000) };
}

/** "17.5" or "20" (percent) as basis points; null when it is not a rate from 0 to 100 with at most two decimals. */
export function parseRatePercent(text: string): number | null {
  const t = text.trim().replace(/%$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const bp = Math.round(Number(t) * 100);
  return bp <= 10_000 ? bp : null;
}

export const formatRate = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;
