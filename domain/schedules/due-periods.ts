// Which periods of a scheduled job are due at a given time, from the last period that finished.
// A job that missed periods (the bot was down) catches up, oldest first, within a bound: nobody
// wants two years of daily runs on a restart after a data restore.

export type Cadence =
  /** A month, once it has ended: "2026-10" is due from 1 November. */
  | 'monthly'
  /** A calendar day (UTC), on that day: "2026-11-27". */
  | 'daily'
  /** Housekeeping with no period of its own: every tick runs it. */
  | 'every_tick';

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/** Due periods, oldest first, at most `maxBack` of them (the newest ones when more were missed). */
export function duePeriods(cadence: Cadence, lastDone: string | null, now: Date, maxBack: number): string[] {
  if (cadence === 'every_tick') return [now.toISOString().slice(0, 16)];
  const due: string[] = [];
  if (cadence === 'monthly') {
    // From the month after the last one done (or the month before now) to the month before now.
    const cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    while (due.length < maxBack && (lastDone === null ? due.length === 0 : monthKey(cursor) > lastDone)) {
      due.unshift(monthKey(cursor));
      cursor.setUTCMonth(cursor.getUTCMonth() - 1);
    }
    return due;
  }
  const cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  while (due.length < maxBack && (lastDone === null ? due.length === 0 : dayKey(cursor) > lastDone)) {
    due.unshift(dayKey(cursor));
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return due;
}
