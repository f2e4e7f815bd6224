import { accountKey } from '../../domain/ledger/accounts';
import { creditToBook, lowBalanceStep, prepaidAvailable, type BookCustomer, type BookOrder, type SettlementBook } from '../../domain/settlement/book';

const NOW = new Date('2026-11-27T09:00:00Z');
const thread = { id: 7, channel: 'whatsapp' as const, conversationKey: 'wa:66812345678', language: 'en' };

function customer(over: Partial<BookCustomer> = {}): BookCustomer {
  return { id: 'B2B-003', accountType: 'prepaid', currency: 'THB', active: true, outstandingUsdMinor: 0, lowBalanceThresholdMinor: null, lowBalanceAlerted: false, latestThread: thread, ...over };
}

function order(id: number, totalMinor: number, over: Partial<BookOrder> = {}): BookOrder {
  const reference = `ORD-${String(id).padStart(6, '0')}`;
  return { id, reference, customerId: 'B2B-003', status: 'awaiting_payment', paymentMethod: null, currency: 'THB', totalMinor, totalUsdMinor: Math.round(totalMinor / 35), payReference: `Q-${String(id).padStart(6, '0')}`, openMinor: totalMinor, thread, ...over };
}

function book(c: BookCustomer, orders: BookOrder[], prepaidMinor = 0): SettlementBook {
  return {
    customers: new Map([[c.id, c]]),
    orders: new Map(orders.map((o) => [o.id, o])),
    byCustomer: new Map([[c.id, orders]]),
    awaitingNewestFirst: orders.filter((o) => o.status === 'awaiting_payment').reverse(),
    balances: new Map([[accountKey(`prepaid:${c.id}`, c.currency), { debitsMinor: 0, creditsMinor: prepaidMinor }]]),
  };
}

const thb = (minor: number) => ({ amountMinor: minor, currency: 'THB', usdMinor: Math.round(minor / 35) });

describe('a deposit credited on the settlement book', () => {
  test('prepaid: the named order first, then the oldest the balance covers; the rest stays on the balance', () => {
    const b = book(customer(), [order(1, 300_00), order(2, 500_00), order(3, 150_00)]);
    const credit = creditToBook(b, { depositId: 41, customerId: 'B2B-003', orderId: 2, received: thb(700_00), creditedMinor: 700_00, from: 'bank', entryKey: 'deposit:41:1', now: NOW });
    expect(credit.released).toEqual(['ORD-000002', 'ORD-000003']);
    expect(prepaidAvailable(b, customer())).toBe(50_00);
    expect(b.orders.get(1)!.status).toBe('awaiting_payment');
    const kinds = credit.effects.map((e) => (e.kind === 'ledger' ? `ledger:${e.draft.idempotencyKey}` : e.kind === 'message' ? `message:${e.key}` : e.kind));
    expect(kinds).toEqual(['ledger:deposit:41:1', 'ledger:hold:ORD-000002', 'order_paid', 'allocation', 'message:deposit:41:released:2', 'ledger:hold:ORD-000003', 'order_paid', 'allocation', 'message:deposit:41:released:3']);
    // The next deposit of the same file sees what this one did.
    const next = creditToBook(b, { depositId: 42, customerId: 'B2B-003', orderId: null, received: thb(250_00), creditedMinor: 250_00, from: 'bank', entryKey: 'deposit:42:1', now: NOW });
    expect(next.released).toEqual(['ORD-000001']);
    expect(prepaidAvailable(b, customer())).toBe(0);
  });

  test('prepaid, too little: nothing is held, the reseller is told what is missing and which reference to wire it with', () => {
    const b = book(customer(), [order(1, 1_000_00)]);
    const credit = creditToBook(b, { depositId: 5, customerId: 'B2B-003', orderId: 1, received: thb(400_00), creditedMinor: 400_00, from: 'bank', entryKey: 'deposit:5:1', now: NOW });
    expect(credit.released).toEqual([]);
    const messages = credit.effects.filter((e) => e.kind === 'message');
    expect(messages).toEqual([expect.objectContaining({ key: 'deposit:5:short', text: expect.stringMatching(/ORD-000001 still needs THB 600\.00.*Q-000001/) })]);
  });

  test('postpaid: the named order, then the oldest; more than owed is a credit; outstanding goes down by the USD credited', () => {
    const c = customer({ accountType: 'postpaid', currency: 'USD', outstandingUsdMinor: 900_00 });
    const orders = [order(1, 400_00, { status: 'delivered', paymentMethod: 'postpaid', currency: 'USD' }), order(2, 500_00, { status: 'delivered', paymentMethod: 'postpaid', currency: 'USD' })];
    const b = book(c, orders);
    const credit = creditToBook(b, { depositId: 9, customerId: 'B2B-003', orderId: 2, received: { amountMinor: 600_00, currency: 'USD', usdMinor: 600_00 }, creditedMinor: 600_00, from: 'bank', entryKey: 'deposit:9:1', now: NOW });
    expect(credit.effects.filter((e) => e.kind === 'allocation')).toEqual([
      { kind: 'allocation', depositId: 9, orderId: 2, amountMinor: 500_00 },
      { kind: 'allocation', depositId: 9, orderId: 1, amountMinor: 100_00 },
    ]);
    expect(c.outstandingUsdMinor).toBe(300_00);
    expect(credit.effects.find((e) => e.kind === 'message')).toMatchObject({ text: expect.stringContaining('USD 300.00') });
  });

  test('low balance: one alert below the threshold, a clear above it, then an alert again', () => {
    const c = customer({ lowBalanceThresholdMinor: 1_000_00 });
    expect(lowBalanceStep(c, 2_000_00, NOW)).toBeNull();
    expect(lowBalanceStep(c, 500_00, NOW)).toMatchObject({ alerted: true, alert: { balanceMinor: 500_00, thresholdMinor: 1_000_00, currency: 'THB' } });
    expect(lowBalanceStep(c, 400_00, NOW)).toBeNull();
    expect(lowBalanceStep(c, 1_000_00, NOW)).toMatchObject({ alerted: false, alert: null });
    expect(lowBalanceStep(c, 10_00, NOW)).toMatchObject({ alerted: true });
    expect(lowBalanceStep(customer({ accountType: 'postpaid', lowBalanceThresholdMinor: 1_000_00 }), 0, NOW)).toBeNull();
  });
});
