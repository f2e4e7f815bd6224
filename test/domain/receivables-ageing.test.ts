import fc from 'fast-check';
import { ageReceivable, AGEING_BUCKETS, bucketOf, openCharges } from '../../domain/receivables/ageing';

describe('receivable ageing', () => {
  test('a payment pays the oldest charge first; what is left is aged from its own day', () => {
    const ageing = ageReceivable(
      [
        { day: '2026-07-20', minor: 100_000, usdMinor: 100_000 },
        { day: '2026-09-10', minor: 50_000, usdMinor: 50_000 },
        { day: '2026-10-01', minor: -120_000, usdMinor: -120_000 },
        { day: '2026-11-20', minor: 30_000, usdMinor: 30_000 },
      ],
      '2026-11-27',
    );
    // July paid in full, September 20,000 of 50,000 left (78 days: 61-90), November 30,000 (7 days).
    expect(ageing.buckets['0-30']).toEqual({ minor: 30_000, usdMinor: 30_000 });
    expect(ageing.buckets['61-90']).toEqual({ minor: 30_000, usdMinor: 30_000 });
    expect(ageing.buckets['90+']).toEqual({ minor: 0, usdMinor: 0 });
    expect(ageing.outstandingMinor).toBe(60_000);
    expect(ageing.oldestDays).toBe(78);
  });

  test('bucket edges are 30, 60 and 90 days inclusive', () => {
    expect([0, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual(['0-30', '0-30', '31-60', '31-60', '61-90', '61-90', '90+']);
  });

  test('an overpayment leaves nothing open and says what is left over', () => {
    expect(openCharges([{ day: '2026-11-01', minor: 10_000, usdMinor: 1_400 }, { day: '2026-11-02', minor: -12_500, usdMinor: -1_750 }])).toEqual({ open: [], creditMinor: 2_500 });
  });

  test('a partly paid charge in another currency keeps its USD share, never more than the charge', () => {
    const { open } = openCharges([{ day: '2026-11-01', minor: 10_000, usdMinor: 1_407 }, { day: '2026-11-03', minor: -3_333, usdMinor: -470 }]);
    expect(open).toEqual([{ day: '2026-11-01', minor: 6_667, usdMinor: 938 }]);
  });

  test('any history: the buckets add up to what is owed, which is charges less credits, never below zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 400 }), minor: fc.integer({ min: -500_000, max: 500_000 }).filter((n) => n !== 0) }), { maxLength: 40 }),
        (raw) => {
          const movements = raw
            .sort((a, b) => a.offset - b.offset)
            .map((m) => ({ day: new Date(Date.UTC(2026, 0, 1) + m.offset * 86_400_000).toISOString().slice(0, 10), minor: m.minor, usdMinor: Math.trunc(m.minor / 7) }));
          const ageing = ageReceivable(movements, '2027-02-15');
          const net = movements.reduce((s, m) => s + m.minor, 0);
          expect(ageing.outstandingMinor).toBe(Math.max(0, net));
          expect(AGEING_BUCKETS.reduce((s, b) => s + ageing.buckets[b].minor, 0)).toBe(ageing.outstandingMinor);
          expect(AGEING_BUCKETS.reduce((s, b) => s + ageing.buckets[b].usdMinor, 0)).toBe(ageing.outstandingUsdMinor);
        },
      ),
      { numRuns: 300 },
    );
  });
});
