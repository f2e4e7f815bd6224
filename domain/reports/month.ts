// A calendar month in UTC, named as finance names it ("2026-11"), and the instants it spans.

export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): value is Month {
  return MONTH.test(value);
}

/** [start, end) of the month in UTC, as ISO instants. */
export function monthSpan(month: Month): { start: string; end: string } {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`not a month: ${JSON.stringify(month)} (expected YYYY-MM, e.g. 2026-11)`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, index, 1)).toISOString(), end: new Date(Date.UTC(year, index + 1, 1)).toISOString() };
}
