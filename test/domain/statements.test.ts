import fc from 'fast-check';
import { parseStatementMonth, periodOf, previousPeriod } from '../../domain/statements/period';
import {
  buildStatement,
  referenceOf,
  statementAccountCodes,
  statementProblems,
  type LedgerMovement,
  type StatementCustomer,
} from '../../domain/statements/statement';

const OCTOBER = periodOf(2026, 10);
const viajes: StatementCustomer = { id: 'B2B-003', company: 'Viajes Conecta', legalEntity: 'Viajes Conecta S.L.', currency: 'EUR', accountType: 'prepaid' };
const youyi: StatementCustomer = { id: 'B2B-001', company: 'Youyi Travel Tech', legalEntity: '深圳友谊旅游科技有限公司', currency: 'CNY', accountType: 'postpaid' };

let nextId = 1;
function movement(overrides: Partial<LedgerMovement>): LedgerMovement {
  return {
    entryId: nextId++,
    kind: 'order_revenue',
    idempotencyKey: `k${nextId}`,
    occurredAt: '2026-10-10T09:00:00.000Z',
    description: '',
    amountMinor: 0,
    usdMinor: 0,
    orderReference: null,
    orderLines: [],
    depositReference: null,
    reverses: null,
    ...overrides,
  };
}

describe('statement periods (UTC months)', () => {
  test.each([
    ['2026-10', { startsAt: '2026-10-01T00:00:00.000Z', endsAt: '2026-11-01T00:00:00.000Z', lastDay: '2026-10-31' }],
    ['2026-12', { startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z', lastDay: '2026-12-31' }],
    ['2028-02', { startsAt: '2028-02-01T00:00:00.000Z', endsAt: '2028-03-01T00:00:00.000Z', lastDay: '2028-02-29' }],
  ])('%s', (text, expected) => {
    const parsed = parseStatementMonth(text);
    expect(parsed.ok && parsed.period).toMatchObject(expected);
  });
  test.each([['2026-13', 'month_out_of_range'], ['2026-00', 'month_out_of_range'], ['26-10', 'month_format'], ['October', 'month_format'], ['1999-12', 'month_out_of_range']])('%s is refused: %s', (text, code) => {
    expect(parseStatementMonth(text)).toEqual({ ok: false, code });
  });
  test('the month before January is December of the year before', () => {
    expect(previousPeriod(periodOf(2027, 1)).month).toBe('2026-12');
  });
});

describe('which accounts a statement reads', () => {
  test('prepaid: available and held; postpaid: the receivable', () => {
    expect(statementAccountCodes('B2B-003', 'prepaid')).toEqual(['prepaid:B2B-003', 'prepaid_held:B2B-003']);
    expect(statementAccountCodes('B2B-001', 'postpaid')).toEqual(['receivable:B2B-001']);
  });
});

describe('a prepaid statement (balance available)', () => {
  // Viajes Conecta starts October with EUR 1,000.00 on its prepaid balance (ledger: a credit of 100000).
  const statement = buildStatement({
    issuerName: 'eSIM Hub',
    customer: viajes,
    period: OCTOBER,
    openingLedgerMinor: -100_000,
    openingLedgerUsdMinor: -115_000,
    movements: [
      movement({ kind: 'prepaid_topup', idempotencyKey: 'topup:BANK-77', description: 'Prepaid top-up BANK-77', occurredAt: '2026-10-20T08:00:00.000Z', amountMinor: -50_000, usdMinor: -57_500 }),
      // A hold and its capture: the hold moves money inside the balance (not printed), the capture spends it.
      movement({ kind: 'prepaid_hold', occurredAt: '2026-10-05T10:00:00.000Z', amountMinor: 0, usdMinor: 0, orderReference: 'ORD-000007' }),
      movement({ kind: 'order_revenue', occurredAt: '2026-10-05T10:05:00.000Z', amountMinor: 43_20, usdMinor: 49_68, orderReference: 'ORD-000007', orderLines: [{ sku: 'KR-5GB-30D', quantity: 10 }] }),
      movement({
        kind: 'reversal',
        occurredAt: '2026-10-25T12:00:00.000Z',
        amountMinor: 43_20,
        usdMinor: 49_68,
        description: 'Reversal of entry 3 (Prepaid top-up BANK-76): the bank reversed it',
        reverses: { kind: 'prepaid_topup', idempotencyKey: 'topup:BANK-76', orderReference: null, depositReference: null },
      }),
    ],
  });

  test('opening, every movement in time order, closing', () => {
    expect(statement.balanceMeaning).toBe('available');
    expect(statement.openingMinor).toBe(100_000);
    expect(statement.lines.map((l) => [l.date, l.kind, l.reference, l.details, l.chargeMinor, l.creditMinor, l.balanceMinor])).toEqual([
      ['2026-10-05', 'order', 'ORD-000007', '10 x KR-5GB-30D', 43_20, 0, 95_680],
      ['2026-10-20', 'top_up', 'BANK-77', 'Prepaid top-up BANK-77', 0, 50_000, 145_680],
      ['2026-10-25', 'reversal', 'BANK-76', 'Reverses top-up BANK-76: the bank reversed it', 43_20, 0, 141_360],
    ]);
    // 1000.00 - 43.20 - 43.20 + 500.00 = 1413.60
    expect(statement.totals).toEqual({ chargesMinor: 86_40, creditsMinor: 50_000, chargesUsdMinor: 99_36, creditsUsdMinor: 57_500 });
    expect(statement.closingMinor).toBe(141_360);
    expect(statement.openingMinor - statement.totals.chargesMinor + statement.totals.creditsMinor).toBe(statement.closingMinor);
    expect(statement.closingUsdMinor).toBe(115_000 + 57_500 - 99_36);
    expect(statementProblems(statement)).toEqual([]);
  });
});

describe('a postpaid statement (balance due)', () => {
  const statement = buildStatement({
    issuerName: 'eSIM Hub',
    customer: youyi,
    period: OCTOBER,
    openingLedgerMinor: 250_000,
    openingLedgerUsdMinor: 35_000,
    movements: [
      movement({ kind: 'order_revenue', idempotencyKey: 'charge:ORD-000011:0', amountMinor: 1_234_50, usdMinor: 172_90, orderReference: 'ORD-000011', orderLines: [{ sku: 'JP-10GB-30D', quantity: 50 }, { sku: 'TH-5GB-8D', quantity: 20 }] }),
      movement({ kind: 'payment_received', idempotencyKey: 'deposit:12:1', occurredAt: '2026-10-31T23:59:59.999Z', amountMinor: -300_000, usdMinor: -42_000, depositReference: 'NTRF-2026-1031-88' }),
    ],
  });

  test('orders are charges, payments credits; what is due goes up and down with them', () => {
    expect(statement.balanceMeaning).toBe('due');
    expect(statement.lines.map((l) => [l.kind, l.reference, l.details, l.chargeMinor, l.creditMinor, l.balanceMinor])).toEqual([
      ['order', 'ORD-000011', '50 x JP-10GB-30D, 20 x TH-5GB-8D', 1_234_50, 0, 373_450],
      ['payment', 'NTRF-2026-1031-88', '', 0, 300_000, 73_450],
    ]);
    expect(statement.openingMinor + statement.totals.chargesMinor - statement.totals.creditsMinor).toBe(statement.closingMinor);
    expect(statement.closingUsdMinor).toBe(35_000 + 172_90 - 42_000);
  });

  test('an entry outside the month is a programmer error', () => {
    expect(() =>
      buildStatement({ issuerName: 'x', customer: youyi, period: OCTOBER, openingLedgerMinor: 0, openingLedgerUsdMinor: 0, movements: [movement({ occurredAt: '2026-11-01T00:00:00.000Z', amountMinor: 1, usdMinor: 1 })] }),
    ).toThrow(/outside the period/);
  });
});

describe('references', () => {
  test.each([
    [{ kind: 'order_revenue', idempotencyKey: 'capture:ORD-000001:0', orderReference: 'ORD-000001', depositReference: null }, 'ORD-000001'],
    [{ kind: 'prepaid_topup', idempotencyKey: 'topup:BANK-1', orderReference: null, depositReference: null }, 'BANK-1'],
    [{ kind: 'payment_received', idempotencyKey: 'payment:WIRE-9', orderReference: null, depositReference: null }, 'WIRE-9'],
    [{ kind: 'payment_received', idempotencyKey: 'deposit:4:1', orderReference: null, depositReference: null }, 'DEP-4'],
    [{ kind: 'payment_received', idempotencyKey: 'deposit:4:1', orderReference: null, depositReference: 'E2E-77' }, 'E2E-77'],
    [{ kind: 'something', idempotencyKey: 'manual:1', orderReference: null, depositReference: null }, 'manual:1'],
  ])('%j -> %s', (entry, expected) => {
    expect(referenceOf(entry)).toBe(expected);
  });
});

describe('every statement adds up as printed (property)', () => {
  const KINDS = ['order_revenue', 'payment_received', 'prepaid_topup', 'reversal', 'prepaid_hold', 'fx_adjustment'];
  const arbMovement = fc.record({
    kind: fc.constantFrom(...KINDS),
    // Any instant of October.
    offsetMs: fc.integer({ min: 0, max: 31 * 86_400_000 - 1 }),
    amountMinor: fc.integer({ min: -10_000_000, max: 10_000_000 }),
    rate: fc.integer({ min: 1, max: 800 }),
  });
  test('opening + movements = closing, line by line and in total, in the currency and in USD', () => {
    fc.assert(
      fc.property(fc.constantFrom(viajes, youyi), fc.integer({ min: -50_000_000, max: 50_000_000 }), fc.array(arbMovement, { maxLength: 60 }), (customer, opening, drafts) => {
        const start = Date.parse(OCTOBER.startsAt);
        const openingUsd = Math.round(opening / 7) + 0; // never -0
        const movements = drafts.map((d, i) =>
          movement({ entryId: i + 1, kind: d.kind, occurredAt: new Date(start + d.offsetMs).toISOString(), amountMinor: d.amountMinor, usdMinor: Math.round((d.amountMinor * 100) / d.rate) }),
        );
        const s = buildStatement({ issuerName: 'eSIM Hub', customer, period: OCTOBER, openingLedgerMinor: opening, openingLedgerUsdMinor: openingUsd, movements });
        expect(statementProblems(s)).toEqual([]);
        const sign = s.balanceMeaning === 'available' ? -1 : 1;
        // Independently of the builder: the closing balance is the ledger's sum read the statement's way.
        expect(s.closingMinor).toBe(sign * (opening + movements.reduce((a, m) => a + m.amountMinor, 0)) || 0);
        expect(s.closingUsdMinor).toBe(sign * (openingUsd + movements.reduce((a, m) => a + m.usdMinor, 0)) || 0);
        expect(s.lines.every((l) => l.chargeMinor >= 0 && l.creditMinor >= 0 && (l.chargeMinor === 0 || l.creditMinor === 0))).toBe(true);
        const times = s.lines.map((l) => l.occurredAt);
        expect(times).toEqual([...times].sort());
      }),
      { numRuns: 300 },
    );
  });
});
