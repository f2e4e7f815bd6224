import { subResellerSection, type SubResellerOrder } from '../../domain/statements/sub-resellers';

const order = (customerId: string, reference: string, deliveredAt: string, usd: number, lines: [string, number][]): SubResellerOrder => ({
  customerId,
  company: `Company ${customerId}`,
  reference,
  deliveredAt,
  currency: 'USD',
  totalMinor: usd,
  totalUsdMinor: usd,
  lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
});

test('a reseller without sub-resellers has no section; one whose sub-resellers bought nothing has an empty one', () => {
  expect(subResellerSection(false, [])).toBeNull();
  expect(subResellerSection(true, [])).toEqual({ orders: [], byReseller: [], units: 0, totalUsdMinor: 0 });
});

test('orders are grouped per sub-reseller in delivery order, with units and USD totals that add up', () => {
  const section = subResellerSection(true, [
    order('B2B-020', 'ORD-3', '2026-10-09T00:00:00.000Z', 10_00, [['ESIM-TH-3GB-15D', 2]]),
    order('B2B-014', 'ORD-2', '2026-10-20T00:00:00.000Z', 5_55, [['ESIM-JP-1GB-7D', 1]]),
    order('B2B-014', 'ORD-1', '2026-10-02T00:00:00.000Z', 1_234_56, [['ESIM-JP-10GB-30D', 100], ['ESIM-KR-5GB-30D', 20]]),
  ])!;
  expect(section.orders.map((o) => o.reference)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
  expect(section.byReseller).toEqual([
    { customerId: 'B2B-014', company: 'Company B2B-014', orders: 2, units: 121, totalUsdMinor: 1_240_11 },
    { customerId: 'B2B-020', company: 'Company B2B-020', orders: 1, units: 2, totalUsdMinor: 10_00 },
  ]);
  expect(section.units).toBe(123);
  expect(section.totalUsdMinor).toBe(1_250_11);
});

test('an amount that is not an integer number of minor units is refused', () => {
  expect(() => subResellerSection(true, [order('B2B-014', 'ORD-1', '2026-10-02T00:00:00.000Z', 1.5, [])])).toThrow(/not integers/);
});
