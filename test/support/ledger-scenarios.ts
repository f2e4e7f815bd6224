import fc from 'fast-check';
import type { EntryDraft } from '../../domain/ledger/entry';
import * as events from '../../domain/ledger/events';

// Random business histories for property tests: top-ups, prepaid holds with capture or void,
// postpaid charges and payments, supplier costs, and replays of earlier events (same key).

const CUSTOMERS = [
  { customerId: 'B2B-003', currency: 'EUR', usdPerUnitScaled: 115 }, // EUR -> USD minor
  { customerId: 'B2B-004', currency: 'USD', usdPerUnitScaled: 100 },
  { customerId: 'B2B-001', currency: 'CNY', usdPerUnitScaled: 14 },
];
const AT = '2026-11-25T10:00:00.000Z';

export type Step =
  | { type: 'topup'; customer: number; amount: number }
  | { type: 'hold'; customer: number; amount: number }
  | { type: 'capture' }
  | { type: 'void' }
  | { type: 'postpaid'; customer: number; amount: number }
  | { type: 'payment'; customer: number; amount: number }
  | { type: 'supplier'; amount: number }
  | { type: 'replay'; back: number };

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant('topup' as const), customer: fc.nat(2), amount: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ type: fc.constant('hold' as const), customer: fc.nat(2), amount: fc.integer({ min: 1, max: 400_000 }) }),
  fc.record({ type: fc.constant('capture' as const) }),
  fc.record({ type: fc.constant('void' as const) }),
  fc.record({ type: fc.constant('postpaid' as const), customer: fc.nat(2), amount: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ type: fc.constant('payment' as const), customer: fc.nat(2), amount: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ type: fc.constant('supplier' as const), amount: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({ type: fc.constant('replay' as const), back: fc.nat(20) }),
);

/** Turns steps into entry drafts; holds that were refused are not captured later. */
export class ScenarioBuilder {
  private sequence = 0;
  private openHolds: { amount: events.CustomerAmount; reference: string }[] = [];
  readonly history: EntryDraft[] = [];

  next(step: Step, holdAccepted: (draft: EntryDraft) => boolean = () => true): EntryDraft | null {
    this.sequence += 1;
    const ref = `R${this.sequence}`;
    const money = (customer: number, amount: number): events.CustomerAmount => {
      const c = CUSTOMERS[customer]!;
      return { customerId: c.customerId, currency: c.currency, amountMinor: amount, usdMinor: Math.max(1, Math.round((amount * c.usdPerUnitScaled) / 100)) };
    };
    let draft: EntryDraft | null = null;
    switch (step.type) {
      case 'topup':
        draft = events.prepaidTopUp(money(step.customer, step.amount), `BANK-${ref}`, AT);
        break;
      case 'hold': {
        const amount = money(step.customer, step.amount);
        draft = events.prepaidHold(amount, `ORD-${ref}`, AT);
        if (holdAccepted(draft)) this.openHolds.push({ amount, reference: `ORD-${ref}` });
        this.history.push(draft);
        return draft;
      }
      case 'capture': {
        const hold = this.openHolds.shift();
        if (hold) draft = events.prepaidCapture(hold.amount, 'whatsapp', hold.reference, AT);
        break;
      }
      case 'void': {
        const hold = this.openHolds.shift();
        if (hold) draft = events.prepaidVoid(hold.amount, hold.reference, AT);
        break;
      }
      case 'postpaid':
        draft = events.postpaidCharge(money(step.customer, step.amount), 'wechat', `ORD-${ref}`, AT);
        break;
      case 'payment':
        draft = events.receivablePaid(money(step.customer, step.amount), `BANK-${ref}`, AT);
        break;
      case 'supplier':
        draft = events.supplierCost(step.amount, `ORD-${ref}`, AT);
        break;
      case 'replay':
        draft = this.history[this.history.length - 1 - step.back] ?? null;
        return draft;
    }
    if (draft) this.history.push(draft);
    return draft;
  }
}
