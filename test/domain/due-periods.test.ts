import { duePeriods } from '../../domain/schedules/due-periods';

describe('due periods of a scheduled job', () => {
  const at = (iso: string) => new Date(iso);

  test('monthly: the month that ended, once; nothing more until the next one ends', () => {
    expect(duePeriods('monthly', null, at('2026-11-01T00:05:00Z'), 3)).toEqual(['2026-10']);
    expect(duePeriods('monthly', '2026-10', at('2026-11-27T10:00:00Z'), 3)).toEqual([]);
    expect(duePeriods('monthly', '2026-10', at('2026-12-01T00:00:00Z'), 3)).toEqual(['2026-11']);
  });

  test('monthly: months missed while the bot was down are caught up, oldest first, across a year end, within the bound', () => {
    expect(duePeriods('monthly', '2026-10', at('2027-02-03T08:00:00Z'), 12)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(duePeriods('monthly', '2025-01', at('2027-02-03T08:00:00Z'), 3)).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  test('daily: today when nothing ran yet; the days missed since the last run, up to today', () => {
    expect(duePeriods('daily', null, at('2026-11-27T00:30:00Z'), 31)).toEqual(['2026-11-27']);
    expect(duePeriods('daily', '2026-11-27', at('2026-11-27T23:59:00Z'), 31)).toEqual([]);
    expect(duePeriods('daily', '2026-11-28', at('2026-12-02T00:30:00Z'), 31)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(duePeriods('daily', '2026-01-01', at('2026-12-02T00:30:00Z'), 2)).toEqual(['2026-12-01', '2026-12-02']);
  });

  test('every tick: one run keyed by the minute', () => {
    expect(duePeriods('every_tick', '2026-11-27T10:00', at('2026-11-27T10:10:31Z'), 1)).toEqual(['2026-11-27T10:10']);
  });
});
