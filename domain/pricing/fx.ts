import { daysBetween, type IsoDate } from '../dates';
import { currencyExponent, mulDivRound } from '../money';

/** Rates are kept as integers scaled by 10^8 (fx_rates.units_per_usd is numeric(18,8)). */
export const FX_SCALE = 100_000_000;
export const FX_STALE_AFTER_DAYS = 3;

export interface FxRateRow {
  rateDate: IsoDate;
  currency: string;
  unitsPerUsdScaled: number;
}

export function parseFxRate(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!match) throw new Error(`not an FX rate: ${JSON.stringify(text)}`);
  const scaled = Number(match[1]) * FX_SCALE + Number((match[2] ?? '').padEnd(8, '0'));
  if (!Number.isSafeInteger(scaled) || scaled <= 0) throw new Error(`FX rate out of range: ${text}`);
  return scaled;
}

export function formatFxRate(scaled: number): string {
  const whole = Math.floor(scaled / FX_SCALE);
  const fraction = String(scaled % FX_SCALE).padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export type FxPick =
  | { ok: true; currency: string; unitsPerUsdScaled: number; rateDate: IsoDate | null; ageDays: number; stale: boolean }
  | { ok: false; code: 'no_fx_rate'; currency: string; day: IsoDate };

/** The rate of `day` or else the latest earlier one; staff are warned when it is over 3 days old. */
export function pickFxRate(rows: readonly FxRateRow[], currency: string, day: IsoDate): FxPick {
  if (currency === 'USD') return { ok: true, currency, unitsPerUsdScaled: FX_SCALE, rateDate: null, ageDays: 0, stale: false };
  let best: FxRateRow | null = null;
  for (const row of rows) {
    if (row.currency !== currency || row.rateDate > day) continue;
    if (best === null || row.rateDate > best.rateDate) best = row;
  }
  if (!best) return { ok: false, code: 'no_fx_rate', currency, day };
  const ageDays = daysBetween(best.rateDate, day);
  return {
    ok: true,
    currency,
    unitsPerUsdScaled: best.unitsPerUsdScaled,
    rateDate: best.rateDate,
    ageDays,
    stale: ageDays > FX_STALE_AFTER_DAYS,
  };
}

/** USD minor units to `currency` minor units at a rate, rounded half away from zero. */
export function convertFromUsd(usdMinor: number, currency: string, unitsPerUsdScaled: number): number {
  const exponentShift = currencyExponent(currency) - currencyExponent('USD');
  const numeratorScale = exponentShift >= 0 ? unitsPerUsdScaled * 10 ** exponentShift : unitsPerUsdScaled;
  const denominator = exponentShift >= 0 ? FX_SCALE : FX_SCALE * 10 ** -exponentShift;
  return mulDivRound(usdMinor, numeratorScale, denominator);
}

/** `currency` minor units to USD minor units at a rate, rounded half away from zero. */
export function convertToUsd(amountMinor: number, currency: string, unitsPerUsdScaled: number): number {
  const exponentShift = currencyExponent('USD') - currencyExponent(currency);
  const numerator = exponentShift >= 0 ? FX_SCALE * 10 ** exponentShift : FX_SCALE;
  const denominator = exponentShift >= 0 ? unitsPerUsdScaled : unitsPerUsdScaled * 10 ** -exponentShift;
  return mulDivRound(amountMinor, numerator, denominator);
}
