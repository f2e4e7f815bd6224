import { daysBetween, type IsoDate } from '../dates';

// What a postpaid reseller owes, and for how long: every charge (a delivered order) is a debit on
// their receivable account, every payment or reversal a credit. Credits pay the oldest charges
// first (first in, first out), so what is left open are the newest charges, each aged from the day
// it was booked. Buckets as finance reads them: 0-30, 31-60, 61-90 and over 90 days.

export const AGEING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

export interface ReceivableMovement {
  /** The day it was booked (UTC). */
  day: IsoDate;
  /** Positive: a charge; negative: a payment, a credit, a reversal. In the reseller's currency and in USD. */
  minor: number;
  usdMinor: number;
}

export interface OpenCharge {
  day: IsoDate;
  minor: number;
  usdMinor: number;
}

export function bucketOf(ageDays: number): AgeingBucket {
  if (ageDays <= 30) return '0-30';
  if (ageDays <= 60) return '31-60';
  if (ageDays <= 90) return '61-90';
  return '90+';
}

/**
 * The charges still open after the credits paid the oldest first (movements in booking order). A
 * partly paid charge keeps the USD share of what is left (rounded down, at the charge's own rate),
 * so the open USD is what the open charges were worth when booked. Credits beyond every charge (an
 * overpayment) leave nothing open; `creditMinor` says how much is left over.
 */
export function openCharges(movements: readonly ReceivableMovement[]): { open: OpenCharge[]; creditMinor: number } {
  let credit = movements.reduce((s, m) => (m.minor < 0 ? s - m.minor : s), 0);
  const open: OpenCharge[] = [];
  for (const charge of movements) {
    if (charge.minor <= 0) continue;
    const paid = Math.min(credit, charge.minor);
    credit -= paid;
    if (paid === charge.minor) continue;
    const left = charge.minor - paid;
    open.push({ day: charge.day, minor: left, usdMinor: paid === 0 ? charge.usdMinor : Math.floor((charge.usdMinor * left) / charge.minor) });
  }
  return { open, creditMinor: credit };
}

export interface Ageing {
  buckets: Record<AgeingBucket, { minor: number; usdMinor: number }>;
  outstandingMinor: number;
  outstandingUsdMinor: number;
  /** The oldest open charge's age in days (null: nothing open). */
  oldestDays: number | null;
}

export function ageReceivable(movements: readonly ReceivableMovement[], asOf: IsoDate): Ageing {
  const { open } = openCharges(movements);
  const buckets = Object.fromEntries(AGEING_BUCKETS.map((b) => [b, { minor: 0, usdMinor: 0 }])) as Ageing['buckets'];
  let oldestDays: number | null = null;
  for (const charge of open) {
    const age = Math.max(0, daysBetween(charge.day, asOf));
    const bucket = buckets[bucketOf(age)];
    bucket.minor += charge.minor;
    bucket.usdMinor += charge.usdMinor;
    oldestDays = Math.max(oldestDays ?? 0, age);
  }
  return {
    buckets,
    outstandingMinor: open.reduce((s, c) => s + c.minor, 0),
    outstandingUsdMinor: open.reduce((s, c) => s + c.usdMinor, 0),
    oldestDays,
  };
}
