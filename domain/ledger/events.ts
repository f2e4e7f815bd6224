import { accounts, type AccountDefinition, type RevenueChannel } from './accounts';
import type { EntryDraft, PostingDraft } from './entry';

// Business events as journal entries. Each takes the amounts in the customer's currency and in
// USD, and an idempotency key made from the event's own identity (order reference, bank reference),
// so recording the same event twice records it once.

export interface CustomerAmount {
  customerId: string;
  currency: string;
  amountMinor: number;
  usdMinor: number;
}

const positive = (value: number, what: string) => {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${what} must be a positive integer of minor units, got ${value}`);
};

function pair(
  key: string,
  kind: string,
  description: string,
  occurredAt: string,
  debit: EntryDraft['postings'][number]['account'],
  credit: EntryDraft['postings'][number]['account'],
  amountMinor: number,
  usdMinor: number,
  extra: Pick<EntryDraft, 'orderId' | 'customerId' | 'channel'> = {},
): EntryDraft {
  positive(amountMinor, `${kind} amount`);
  return {
    idempotencyKey: key,
    kind,
    description,
    occurredAt,
    postings: [
      { account: debit, amountMinor, usdMinor },
      { account: credit, amountMinor: -amountMinor, usdMinor: -usdMinor },
    ],
    ...extra,
  };
}

/** A prepaid top-up arrived at the bank. */
export function prepaidTopUp(a: CustomerAmount, bankReference: string, occurredAt: string): EntryDraft {
  return pair(`topup:${bankReference}`, 'prepaid_topup', `Prepaid top-up ${bankReference}`, occurredAt,
    accounts.bank(a.currency), accounts.prepaid(a.customerId, a.currency), a.amountMinor, a.usdMinor, { customerId: a.customerId });
}

/** Confirming a prepaid order holds its amount (two-phase: delivery captures, failure voids). */
export function prepaidHold(a: CustomerAmount, orderReference: string, occurredAt: string, orderId?: number): EntryDraft {
  return pair(`hold:${orderReference}`, 'prepaid_hold', `Hold for ${orderReference}`, occurredAt,
    accounts.prepaid(a.customerId, a.currency), accounts.prepaidHeld(a.customerId, a.currency), a.amountMinor, a.usdMinor,
    { customerId: a.customerId, orderId: orderId ?? null });
}

/** Delivered: the held amount (or the part delivered) becomes revenue of the order's channel. */
export function prepaidCapture(a: CustomerAmount, channel: RevenueChannel, orderReference: string, occurredAt: string, orderId?: number, part = 0): EntryDraft {
  return pair(`capture:${orderReference}:${part}`, 'order_revenue', `Revenue ${orderReference} (prepaid)`, occurredAt,
    accounts.prepaidHeld(a.customerId, a.currency), accounts.revenueB2b(channel, a.currency), a.amountMinor, a.usdMinor,
    { customerId: a.customerId, orderId: orderId ?? null, channel });
}

/** The supplier could not deliver (all or part): the held amount goes back to the prepaid balance. */
export function prepaidVoid(a: CustomerAmount, orderReference: string, occurredAt: string, orderId?: number): EntryDraft {
  return pair(`void:${orderReference}`, 'prepaid_void', `Hold released for ${orderReference}`, occurredAt,
    accounts.prepaidHeld(a.customerId, a.currency), accounts.prepaid(a.customerId, a.currency), a.amountMinor, a.usdMinor,
    { customerId: a.customerId, orderId: orderId ?? null });
}

/** A postpaid order delivered: the reseller owes us. */
export function postpaidCharge(a: CustomerAmount, channel: RevenueChannel, orderReference: string, occurredAt: string, orderId?: number, part = 0): EntryDraft {
  return pair(`charge:${orderReference}:${part}`, 'order_revenue', `Revenue ${orderReference} (postpaid)`, occurredAt,
    accounts.receivable(a.customerId, a.currency), accounts.revenueB2b(channel, a.currency), a.amountMinor, a.usdMinor,
    { customerId: a.customerId, orderId: orderId ?? null, channel });
}

/** A postpaid reseller paid (part of) what it owes. */
export function receivablePaid(a: CustomerAmount, bankReference: string, occurredAt: string): EntryDraft {
  return pair(`payment:${bankReference}`, 'payment_received', `Payment ${bankReference}`, occurredAt,
    accounts.bank(a.currency), accounts.receivable(a.customerId, a.currency), a.amountMinor, a.usdMinor, { customerId: a.customerId });
}

/** What the supplier charges us for delivered profiles, in USD. */
export function supplierCost(costUsdMinor: number, orderReference: string, occurredAt: string, orderId?: number, part = 0): EntryDraft {
  return pair(`cogs:${orderReference}:${part}`, 'supplier_cost', `Supplier cost ${orderReference}`, occurredAt,
    accounts.cogs('USD'), accounts.supplierPayable('USD'), costUsdMinor, costUsdMinor, { orderId: orderId ?? null });
}

/** We paid the supplier. */
export function supplierPaid(amountUsdMinor: number, paymentReference: string, occurredAt: string): EntryDraft {
  return pair(`supplier_payment:${paymentReference}`, 'supplier_paid', `Supplier payment ${paymentReference}`, occurredAt,
    accounts.supplierPayable('USD'), accounts.bank('USD'), amountUsdMinor, amountUsdMinor);
}

export interface DepositAmounts {
  /** What arrived at the bank, in its currency, and its USD value at the value date's rate. */
  received: { amountMinor: number; currency: string; usdMinor: number };
  /** What the reseller's account gets, in the reseller's currency (equal to received when the currencies match). */
  credited: { amountMinor: number; currency: string };
}

/** Postings moving a deposit from `from` (bank or suspense, in the deposit's currency) to a reseller account, through conversion when the currencies differ. */
function depositPostings(amounts: DepositAmounts, from: AccountDefinition, to: AccountDefinition): PostingDraft[] {
  const { received, credited } = amounts;
  positive(received.amountMinor, 'deposit amount');
  positive(credited.amountMinor, 'credited amount');
  if (received.currency === credited.currency) {
    if (received.amountMinor !== credited.amountMinor) throw new Error('a deposit in the reseller currency is credited as it arrived');
    return [
      { account: from, amountMinor: received.amountMinor, usdMinor: received.usdMinor },
      { account: to, amountMinor: -received.amountMinor, usdMinor: -received.usdMinor },
    ];
  }
  return [
    { account: from, amountMinor: received.amountMinor, usdMinor: received.usdMinor },
    { account: accounts.fxConversion(received.currency), amountMinor: -received.amountMinor, usdMinor: -received.usdMinor },
    { account: accounts.fxConversion(credited.currency), amountMinor: credited.amountMinor, usdMinor: received.usdMinor },
    { account: to, amountMinor: -credited.amountMinor, usdMinor: -received.usdMinor },
  ];
}

/**
 * A deposit credited to a reseller: a prepaid top-up (their balance) or a payment of what a
 * postpaid reseller owes (their receivable; more than they owe leaves a credit balance). Straight
 * from the bank, or from suspense when staff matched it later.
 */
export function depositCredited(
  input: { customerId: string; account: 'prepaid' | 'receivable'; from: 'bank' | 'suspense'; amounts: DepositAmounts },
  key: string,
  description: string,
  occurredAt: string,
): EntryDraft {
  const { received, credited } = input.amounts;
  const from = input.from === 'bank' ? accounts.bank(received.currency) : accounts.suspense(received.currency);
  const to = input.account === 'prepaid' ? accounts.prepaid(input.customerId, credited.currency) : accounts.receivable(input.customerId, credited.currency);
  return {
    idempotencyKey: key,
    kind: input.account === 'prepaid' ? 'prepaid_topup' : 'payment_received',
    description,
    occurredAt,
    postings: depositPostings(input.amounts, from, to),
    customerId: input.customerId,
  };
}

/** Money at the bank nobody could yet say is whose: kept in suspense until staff decide. */
export function depositUnidentified(received: DepositAmounts['received'], key: string, description: string, occurredAt: string): EntryDraft {
  return pair(key, 'deposit_unidentified', description, occurredAt, accounts.bank(received.currency), accounts.suspense(received.currency), received.amountMinor, received.usdMinor);
}

/** Staff: a deposit in suspense was not ours and went back outside the bot (refunded). */
export function depositReturned(received: DepositAmounts['received'], key: string, description: string, occurredAt: string): EntryDraft {
  return pair(key, 'deposit_returned', description, occurredAt, accounts.suspense(received.currency), accounts.bank(received.currency), received.amountMinor, received.usdMinor);
}

/** A commission payout approved by finance: the expense is booked and owed to the reseller (issue 15). */
export function commissionApproved(a: CustomerAmount, payoutId: number, month: string, occurredAt: string): EntryDraft {
  return pair(`commission:${payoutId}:approved`, 'commission_approved', `Commission ${a.customerId} ${month} (payout ${payoutId})`, occurredAt,
    accounts.commissionExpense(a.currency), accounts.commissionPayable(a.customerId, a.currency), a.amountMinor, a.usdMinor, { customerId: a.customerId });
}

/** The commission was transferred to the reseller. */
export function commissionPaid(a: CustomerAmount, payoutId: number, transferReference: string, occurredAt: string): EntryDraft {
  return pair(`commission:${payoutId}:paid`, 'commission_paid', `Commission payout ${payoutId} paid, ${transferReference}`, occurredAt,
    accounts.commissionPayable(a.customerId, a.currency), accounts.bank(a.currency), a.amountMinor, a.usdMinor, { customerId: a.customerId });
}
