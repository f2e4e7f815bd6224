import { convertFromUsd, formatFxRate, parseFxRate, pickFxRate, type FxRateRow } from '../../domain/pricing/fx';
import { formatMinorAsDecimal, formatMoney, mulDivRound, parseDecimalToMinor } from '../../domain/money';
import { fxRows } from '../support/seed-fixtures';

const rows: FxRateRow[] = fxRows.map((r) => ({ rateDate: r.rate_date, currency: r.currency, unitsPerUsdScaled: parseFxRate(r.units_per_usd) }));

describe('money', () => {
  test.each([
    ['10.20', 'USD', 1020],
    ['14.9', 'USD', 1490],
    ['60000', 'USD', 6_000_000],
    ['1,234.50', 'EUR', 123_450],
    ['-3', 'USD', -300],
    ['1000', 'JPY', 1000],
  ])('%s %s is %i minor units', (text, currency, minor) => {
    expect(parseDecimalToMinor(text, currency)).toBe(minor);
  });

  test.each(['1.234', 'abc', '1.2.3', '', '1e3'])('%p is refused, never rounded', (text) => {
    expect(() => parseDecimalToMinor(text, 'USD')).toThrow();
  });

  test('unknown currencies are refused', () => {
    expect(() => parseDecimalToMinor('1', 'XYZ')).toThrow(/unsupported currency/);
  });

  test('formatting', () => {
    expect(formatMinorAsDecimal(1020, 'USD')).toBe('10.20');
    expect(formatMinorAsDecimal(-5, 'USD')).toBe('-0.05');
    expect(formatMoney({ amountMinor: 123_456_789, currency: 'CNY' })).toBe('CNY 1,234,567.89');
    expect(formatMoney({ amountMinor: -1000, currency: 'JPY' })).toBe('JPY -1,000');
  });

  test('mulDivRound rounds half away from zero, exactly', () => {
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
    expect(mulDivRound(4, 1, 3)).toBe(1);
    expect(mulDivRound(1_000_000_000, 3_200_000_000, 100_000_000)).toBe(32_000_000_000);
  });
});

describe('FX rates', () => {
  test('a quote uses the rate of its day', () => {
    expect(pickFxRate(rows, 'CNY', '2026-10-01')).toMatchObject({ ok: true, rateDate: '2026-10-01', unitsPerUsdScaled: 710_950_000, stale: false });
  });

  test('or the latest earlier one (a weekend), with its age', () => {
    // 2026-10-03/04 is a weekend: the Friday rate of 2026-10-02 applies
    expect(pickFxRate(rows, 'EUR', '2026-10-04')).toMatchObject({ ok: true, rateDate: '2026-10-02', ageDays: 2, stale: false });
  });

  test('staff are warned when the rate is more than 3 days old', () => {
    const latest = pickFxRate(rows, 'THB', '2026-11-25');
    expect(latest).toMatchObject({ ok: true, rateDate: '2026-11-23', ageDays: 2, stale: false });
    expect(pickFxRate(rows, 'THB', '2026-11-27')).toMatchObject({ ok: true, ageDays: 4, stale: true });
  });

  test('USD needs no rate; a currency without any rate is refused', () => {
    expect(pickFxRate(rows, 'USD', '2026-11-25')).toMatchObject({ ok: true, unitsPerUsdScaled: 100_000_000 });
    expect(pickFxRate(rows, 'CNY', '2020-01-01')).toEqual({ ok: false, code: 'no_fx_rate', currency: 'CNY', day: '2020-01-01' });
  });

  test('conversion is exact in minor units', () => {
    expect(convertFromUsd(510_000, 'CNY', parseFxRate('7.2278'))).toBe(3_686_178); // 5,100.00 USD = 36,861.78 CNY
    expect(convertFromUsd(1487, 'THB', parseFxRate('31.996'))).toBe(47_578); // 14.87 USD = 475.78 THB (475.78052)
    expect(convertFromUsd(1000, 'JPY', parseFxRate('150.5'))).toBe(1505);
    expect(formatFxRate(parseFxRate('7.1095'))).toBe('7.1095');
  });
});
