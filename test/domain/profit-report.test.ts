import { monthSpan, isMonth } from '../../domain/reports/month';
import { profitJson, profitReport, profitTable } from '../../domain/reports/profit';

describe('profit by channel', () => {
  const report = profitReport('2026-11', [
    { channel: 'whatsapp', revenueUsdMinor: 1_234_567, cogsUsdMinor: 1_000_000, orders: 12 },
    { channel: 'email', revenueUsdMinor: 35_70, cogsUsdMinor: 29_40, orders: 1 },
    { channel: 'staff', revenueUsdMinor: 10_000, cogsUsdMinor: 12_000, orders: 1 },
  ]);

  test('every B2B channel has a line, zero where nothing was sold; retail only when it sold', () => {
    expect(report.lines.map((l) => l.channel)).toEqual(['whatsapp', 'wechat', 'email', 'web', 'staff']);
    expect(report.lines.find((l) => l.channel === 'wechat')).toEqual({ channel: 'wechat', revenueUsdMinor: 0, cogsUsdMinor: 0, profitUsdMinor: 0, orders: 0 });
  });

  test('profit is revenue less cost, a loss stays negative, and the total is the sum of the lines', () => {
    expect(report.lines.find((l) => l.channel === 'staff')!.profitUsdMinor).toBe(-2_000);
    expect(report.total).toEqual({ revenueUsdMinor: 1_248_137, cogsUsdMinor: 1_014_940, profitUsdMinor: 233_197, orders: 14 });
  });

  test('--json: decimal strings, one element per channel', () => {
    expect(profitJson(report)[0]).toEqual({ channel: 'whatsapp', revenueUsd: '12345.67', cogsUsd: '10000.00', profitUsd: '2345.67', orders: 12 });
    expect(profitJson(report).find((l) => l.channel === 'staff')!.profitUsd).toBe('-20.00');
  });

  test('the table prints amounts an accountant can add up: grouped, two decimals, a total line', () => {
    const text = profitTable(report);
    expect(text).toContain('WhatsApp');
    expect(text).toMatch(/WhatsApp\s+12\s+12,345\.67\s+10,000\.00\s+2,345\.67\s+19\.0%/);
    expect(text).toMatch(/Staff-placed\s+1\s+100\.00\s+120\.00\s+-20\.00\s+-20\.0%/);
    expect(text).toMatch(/Total\s+14\s+12,481\.37\s+10,149\.40\s+2,331\.97/);
  });

  test('months are UTC calendar months, December rolls into the next year, and a bad month is named', () => {
    expect(monthSpan('2026-12')).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(isMonth('2026-13')).toBe(false);
    expect(() => monthSpan('Nov 2026')).toThrow('expected YYYY-MM');
  });
});
