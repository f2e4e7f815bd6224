import { addDays } from '../invoices/calendar';
import type { IsoDate } from '../dates';

// Quarters as the review names them: "2026-Q4" is 1 October to 31 December 2026 (UTC days).

export function isQuarter(text: string): boolean {
  return /^\d{4}-Q[1-4]$/.test(text);
}

export function quarterOf(day: IsoDate): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first and last day of the quarter. */
export function quarterDays(quarter: string): { first: IsoDate; last: IsoDate } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(next, -1) };
}

/** A price's reminder is due when it is approved, still running, and ends within `days` of `today`. */
export function expiresWithin(validTo: IsoDate, today: IsoDate, days: number): boolean {
  return validTo >= today && validTo <= addDays(today, days);
}
