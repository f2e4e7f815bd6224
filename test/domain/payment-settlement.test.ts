import fc from 'fast-check';
import { decidePayment } from '../../domain/orders/payment-decision';
import { settleDelivery, type DeliveredLine } from '../../domain/orders/settle-delivery';

const minor = fc.integer({ min: 0, max: 50_000_000 });

describe('the payment decision', () => {
  test('prepaid: held exactly when the balance covers the total, and what is missing is the difference', () => {
    fc.assert(
      fc.property(minor, minor, (available, amount) => {
        const d = decidePayment({ accountType: 'prepaid', amountMinor: amount, usdMinor: amount, prepaidAvailableMinor: available, outstandingUsdMinor: 0, creditLimitUsdMinor: 0 });
        if (available >= amount) expect(d).toEqual({ kind: 'hold', amountMinor: amount, leftMinor: available - amount });
        else expect(d).toEqual({ kind: 'wait', missingMinor: amount - available });
      }),
    );
  });

  test('postpaid: charged exactly while outstanding plus the order stays within the limit; the limit itself is allowed', () => {
    fc.assert(
      fc.property(minor, minor, minor, (outstanding, usd, limit) => {
        const d = decidePayment({ accountType: 'postpaid', amountMinor: usd, usdMinor: usd, prepaidAvailableMinor: 0, outstandingUsdMinor: outstanding, creditLimitUsdMinor: limit });
        expect(d.kind).toBe(outstanding + usd <= limit ? 'charge' : 'over_limit');
        if (d.kind === 'over_limit') expect(d.overUsdMinor).toBe(outstanding + usd - limit);
      }),
    );
    expect(decidePayment({ accountType: 'postpaid', amountMinor: 1, usdMinor: 500_00, prepaidAvailableMinor: 0, outstandingUsdMinor: 4_500_00, creditLimitUsdMinor: 5_000_00 }).kind).toBe('charge');
  });
});

describe('the delivery settlement', () => {
  const line: fc.Arbitrary<DeliveredLine> = fc
    .record({ quantity: fc.integer({ min: 1, max: 1000 }), unitUsd: fc.integer({ min: 1, max: 20_000 }), fx: fc.constantFrom(1, 0.87, 7.1, 36.2, 25_400), cost: fc.integer({ min: 1, max: 15_000 }), sim: fc.boolean() })
    .chain(({ quantity, unitUsd, fx, cost, sim }) =>
      fc.integer({ min: 0, max: quantity }).map((delivered) => ({
        type: sim ? ('sim' as const) : ('esim' as const),
        quantity,
        quantityDelivered: sim ? 0 : delivered,
        lineTotalUsdMinor: unitUsd * quantity,
        lineTotalMinor: fx === 1 ? null : Math.round(unitUsd * quantity * fx),
        supplierCostMinor: cost,
      })),
    );

  test('captured plus voided is the hold, in the order currency and in USD; nothing is negative; cost follows what was delivered', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const s = settleDelivery(lines);
        const esims = lines.filter((l) => l.type === 'esim');
        expect(s.deliveredMinor + s.undeliverableMinor).toBe(esims.reduce((n, l) => n + (l.lineTotalMinor ?? l.lineTotalUsdMinor), 0));
        expect(s.deliveredUsd + s.undeliverableUsd).toBe(esims.reduce((n, l) => n + l.lineTotalUsdMinor, 0));
        for (const v of [s.deliveredMinor, s.deliveredUsd, s.undeliverableMinor, s.undeliverableUsd, s.costUsd]) expect(v).toBeGreaterThanOrEqual(0);
        expect(s.costUsd).toBe(esims.reduce((n, l) => n + l.supplierCostMinor * l.quantityDelivered, 0));
        expect(s.physicalPending).toBe(lines.some((l) => l.type === 'sim'));
        if (esims.every((l) => l.quantityDelivered === l.quantity)) expect([s.undeliverableMinor, s.undeliverableUsd]).toEqual([0, 0]);
        if (esims.every((l) => l.quantityDelivered === 0)) expect([s.deliveredMinor, s.deliveredUsd, s.costUsd]).toEqual([0, 0, 0]);
      }),
    );
  });

  test('7 of 20 eSIMs at THB 1,234.56 each: THB 8,641.92 captured, THB 16,049.28 back on the balance', () => {
    const s = settleDelivery([{ type: 'esim', quantity: 20, quantityDelivered: 7, lineTotalMinor: 24_691_20, lineTotalUsdMinor: 682_00, supplierCostMinor: 21_00 }]);
    expect(s).toEqual({ deliveredMinor: 8_641_92, deliveredUsd: 238_70, costUsd: 147_00, undeliverableMinor: 16_049_28, undeliverableUsd: 443_30, physicalPending: false });
  });
});
