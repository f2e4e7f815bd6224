// A statement's period: one calendar month in UTC. The ledger's instants are UTC, and a reseller in
// Shanghai and one in Madrid get the same month boundaries, so two statements never disagree about
// which month an entry belongs to.

export interface StatementPeriod {
  /** "2026-10" */
  month: string;
  /** First instant of the month, inclusive: "2026-10-01T00:00:00.000Z". */
  startsAt: string;
  /** First instant of the next month, exclusive. */
  endsAt: string;
  /** First and last calendar day, "2026-10-01" and "2026-10-31", as printed. */
  firstDay: string;
  lastDay: string;
}

export type PeriodProblem = 'month_format' | 'month_out_of_range';

const MONTH = /^(\d{4})-(\d{2})$/;
/** Far enough back for any ledger we hold, and no statement for a year nobody lives in. */
export const STATEMENT_YEAR_MIN = 2000;
export const STATEMENT_YEAR_MAX = 2999;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function parseStatementMonth(text: string): { ok: true; period: StatementPeriod } | { ok: false; code: PeriodProblem } {
  const match = MONTH.exec(text.trim());
  if (!match) return { ok: false, code: 'month_format' };
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12 || year < STATEMENT_YEAR_MIN || year > STATEMENT_YEAR_MAX) return { ok: false, code: 'month_out_of_range' };
  return { ok: true, period: periodOf(year, month) };
}

export function periodOf(year: number, month: number): StatementPeriod {
  const start = Date.UTC(year, month - 1, 1);
  const end = Date.UTC(year, month, 1);
  const last = new Date(end - 86_400_000);
  return {
    month: `${pad(year, 4)}-${pad(month)}`,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    firstDay: `${pad(year, 4)}-${pad(month)}-01`,
    lastDay: last.toISOString().slice(0, 10),
  };
}

/** The month before `period` (statements on the 1st are for the month before). */
export function previousPeriod(period: StatementPeriod): StatementPeriod {
  const [year, month] = period.month.split('-').map(Number) as [number, number];
  return month === 1 ? periodOf(year - 1, 12) : periodOf(year, month - 1);
}
