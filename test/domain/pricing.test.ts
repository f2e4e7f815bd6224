import fc from 'fast-check';
import { priceLine, overrideStatus, type PriceLineInput } from '../../domain/pricing/price-line';
import { checkOverrideProposal, checkUnitPrice } from '../../domain/pricing/price-setting';
import { checkTierTable, tierRowFor } from '../../domain/pricing/quantity-breaks';
import { customer, overrides, supplierCost, tierRows } from '../support/seed-fixtures';

const TODAY = '2026-11-25';

function price(customerId: string, sku: string, quantity: number, today = TODAY) {
  const input: PriceLineInput = {
    sku,
    quantity,
    tier: customer(customerId).tier,
    today,
    tierRows: tierRows.filter((r) => r.sku === sku),
    overrides: overrides.filter((o) => o.customerId === customerId && o.sku === sku),
    supplierCostMinor: supplierCost(sku),
  };
  return priceLine(input);
}

function unit(customerId: string, sku: string, quantity: number, today = TODAY): number {
  const result = price(customerId, sku, quantity, today);
  if (!result.ok) throw new Error(result.code);
  return result.decision.unitPriceMinor;
}

describe('priceLine on the wholesaler data', () => {
  test('B2B-001 ordering 500 x ESIM-JP-10GB-15D pays the approved override 10.20 USD', () => {
    const result = price('B2B-001', 'ESIM-JP-10GB-15D', 500);
    expect(result).toMatchObject({
      ok: true,
      decision: { unitPriceMinor: 1020, lineTotalMinor: 510_000, source: 'override', floorApplied: false, tierRow: { minQty: 500, unitPriceMinor: 1083 } },
    });
  });

  test('B2B-002 ordering 1 x ESIM-TH-UNL-10D pays its tier price 14.87, not the higher override 14.90', () => {
    const result = price('B2B-002', 'ESIM-TH-UNL-10D', 1);
    expect(result).toMatchObject({ ok: true, decision: { unitPriceMinor: 1487, source: 'tier', overrideId: null } });
    if (result.ok) expect(result.decision.reasons.join(' ')).toMatch(/not below the tier price/);
  });

  test("B2B-002's unapproved override for ESIM-JP-5GB-30D does not apply", () => {
    const result = price('B2B-002', 'ESIM-JP-5GB-30D', 100);
    expect(result).toMatchObject({ ok: true, decision: { unitPriceMinor: 833, source: 'tier', overrideId: null } });
    if (result.ok) expect(result.decision.reasons.join(' ')).toMatch(/not approved/);
  });

  test.each([
    ['2026-03-31', 1177, 'tier'], // not yet valid
    ['2026-04-01', 1040, 'override'], // first day
    ['2026-09-30', 1040, 'override'], // last day
    ['2026-10-01', 1177, 'tier'], // expired by itself
    [TODAY, 1177, 'tier'],
  ])("B2B-001's Korea override on %s: unit %i (%s)", (today, expected, source) => {
    expect(price('B2B-001', 'ESIM-KR-10GB-15D', 1, today)).toMatchObject({ ok: true, decision: { unitPriceMinor: expected, source } });
  });

  test('B2B-003 gets its contract price for Europe 10GB whatever the quantity', () => {
    expect(unit('B2B-003', 'ESIM-EU-10GB-30D', 1)).toBe(1190);
    expect(unit('B2B-003', 'ESIM-EU-10GB-30D', 300)).toBe(1190);
    // at 2000 the tier price 12.00 is still above the override
    expect(unit('B2B-003', 'ESIM-EU-10GB-30D', 2000)).toBe(1190);
  });

  // tier_1 prices of ESIM-JP-10GB-15D: 1 -> 11.77, 100 -> 11.30, 500 -> 10.83, 2000 -> 10.36
  test.each([
    [1, 1177],
    [99, 1177],
    [100, 1130],
    [101, 1130],
    [499, 1130],
    [500, 1083],
    [1999, 1083],
    [2000, 1036],
    [150_000, 1036], // the open-ended top band
  ])('quantity break: B2B-002 (tier_1) x %i ESIM-JP-10GB-15D costs %i', (quantity, expected) => {
    expect(unit('B2B-002', 'ESIM-JP-10GB-15D', quantity)).toBe(expected);
  });

  test.each([
    ['B2B-004', 'tier_2'],
    ['B2B-008', 'tier_3'],
  ])('%s pays its own tier (%s) price', (customerId, tier) => {
    const row = tierRowFor(tierRows, 'ESIM-JP-10GB-15D', tier as 'tier_2' | 'tier_3', 100)!;
    expect(unit(customerId, 'ESIM-JP-10GB-15D', 100)).toBe(row.unitPriceMinor);
    expect(row.unitPriceMinor).toBeGreaterThan(1130);
  });

  test.each([
    [0, 'quantity_must_be_positive'],
    [-5, 'quantity_must_be_positive'],
    [1.5, 'quantity_must_be_whole'],
  ])('quantity %p is refused with %s', (quantity, code) => {
    expect(price('B2B-002', 'ESIM-JP-10GB-15D', quantity)).toEqual({ ok: false, code, sku: 'ESIM-JP-10GB-15D' });
  });

  test('a SKU without tier prices has no price', () => {
    const result = priceLine({ sku: 'ESIM-XX', quantity: 1, tier: 'tier_1', today: TODAY, tierRows, overrides: [], supplierCostMinor: 100 });
    expect(result).toEqual({ ok: false, code: 'no_tier_price', sku: 'ESIM-XX' });
  });
});

describe('the supplier-cost floor', () => {
  test("B2B-001's ESIM-CHM-10GB-30D contract price 11.50 is below the cost 11.70: refused where it is set", () => {
    const row = overrides.find((o) => o.customerId === 'B2B-001' && o.sku === 'ESIM-CHM-10GB-30D')!;
    expect(row.unitPriceMinor).toBe(1150);
    expect(supplierCost('ESIM-CHM-10GB-30D')).toBe(1170);
    expect(
      checkOverrideProposal({ unitPriceMinor: 1150, supplierCostMinor: 1170, reason: row.reason, validFrom: row.validFrom, validTo: row.validTo }),
    ).toMatchObject({ ok: false, code: 'below_supplier_cost' });
    expect(checkUnitPrice(1170, 1170)).toEqual({ ok: true });
    expect(checkUnitPrice(1169, 1170)).toMatchObject({ ok: false, code: 'below_supplier_cost' });
  });

  test('should a below-cost price reach pricing anyway, the quote is raised to the cost', () => {
    const result = price('B2B-001', 'ESIM-CHM-10GB-30D', 10);
    expect(result).toMatchObject({ ok: true, decision: { unitPriceMinor: 1170, floorApplied: true, source: 'override' } });
  });

  test.each([
    [{ reason: '' }, 'reason_required'],
    [{ validTo: null }, 'valid_to_required'],
    [{ validTo: '2026-01-01', validFrom: '2026-02-01' }, 'valid_to_before_valid_from'],
    [{ validTo: '2026-02-30' }, 'invalid_date'],
    [{ unitPriceMinor: 0 }, 'price_must_be_positive'],
  ])('an override proposal %p is refused with %s', (change, code) => {
    const proposal = { unitPriceMinor: 1000, supplierCostMinor: 855, reason: 'contract', validFrom: '2026-01-01', validTo: '2026-12-31', ...change };
    expect(checkOverrideProposal(proposal)).toMatchObject({ ok: false, code });
  });
});

describe('override status', () => {
  const base = overrides.find((o) => o.customerId === 'B2B-001' && o.sku === 'ESIM-KR-10GB-15D')!;
  test.each([
    ['2026-03-31', 'not_yet_valid'],
    ['2026-04-01', 'active'],
    ['2026-09-30', 'active'],
    ['2026-10-01', 'expired'],
  ])('on %s the Korea override is %s', (today, status) => {
    expect(overrideStatus(base, today)).toBe(status);
  });
  test('without an approval time it is not approved', () => {
    expect(overrideStatus({ ...base, approvedAt: null }, '2026-05-01')).toBe('not_approved');
  });
});

describe('the tier table', () => {
  test('the wholesaler table starts at 1 and never gets dearer with quantity', () => {
    expect(checkTierTable(tierRows)).toEqual([]);
  });

  test('problems are reported', () => {
    const bad = [
      { sku: 'A', tier: 'tier_1' as const, minQty: 1, unitPriceMinor: 100 },
      { sku: 'A', tier: 'tier_1' as const, minQty: 100, unitPriceMinor: 120 },
      { sku: 'B', tier: 'tier_1' as const, minQty: 10, unitPriceMinor: 100 },
    ];
    expect(checkTierTable(bad).map((p) => p.code)).toEqual(['price_rises_with_quantity', 'no_break_at_one']);
  });

  test('property: more cards never cost more per card, and never less than the supplier cost', () => {
    const skus = [...new Set(tierRows.map((r) => r.sku))];
    fc.assert(
      fc.property(
        fc.constantFrom(...skus),
        fc.constantFrom('B2B-001', 'B2B-002', 'B2B-003', 'B2B-004', 'B2B-008'),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        (sku, customerId, quantity, extra) => {
          const small = unit(customerId, sku, quantity);
          const large = unit(customerId, sku, quantity + extra);
          return large <= small && large >= supplierCost(sku);
        },
      ),
      { numRuns: 500 },
    );
  });
});
