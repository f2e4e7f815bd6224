import type { ChannelName } from '../../channels/port';
import * as events from '../../domain/ledger/events';
import type { Sql } from '../db/sql';
import { decidePayment } from '../../domain/orders/payment-decision';
import { postEntry } from '../ledger/ledger-store';
import { accountPosition, type CustomerRow } from '../pipeline/account';
import { accessToken } from './references';
import { endTrial, lockReseller } from '../store/customers';
import { expireQuote, markOrderPaid } from '../store/orders';
import { createOrderFromQuote, lockPayableOrder, lockQuote, type PayableOrder } from '../store/order-confirmation';

export type { CustomerRow } from '../pipeline/account';

export type PaymentOutcome =
  | { kind: 'paid'; orderId: number; orderRef: string; method: 'prepaid' | 'postpaid'; amountMinor: number; prepaidLeftMinor: number | null }
  | { kind: 'awaiting_payment'; orderId: number; orderRef: string; missingMinor: number; quoteRef: string }
  | { kind: 'over_credit_limit'; orderId: number; orderRef: string };

export type ConfirmOutcome =
  | PaymentOutcome
  | { kind: 'quote_not_found' }
  | { kind: 'quote_expired'; quoteId: number; quoteRef: string }
  | { kind: 'quote_closed'; quoteRef: string; status: string }
  | { kind: 'over_value_threshold'; quoteRef: string };

/**
 * Confirms an open quote: the order is created at the quote's locked prices and paid in the same
 * transaction (prepaid: a hold on the balance; postpaid: within the credit limit).
 */
export async function confirmQuote(
  sql: Sql,
  input: {
    customer: CustomerRow;
    conversation: { id: number; channel: ChannelName; conversationKey: string };
    placedByStaffId?: number | null;
    quoteRef: string;
    now: Date;
    orderValueUsdMax: number;
  },
): Promise<ConfirmOutcome> {
  const quote = await lockQuote(sql, input.quoteRef, input.customer.id);
  if (!quote) return { kind: 'quote_not_found' };
  if (quote.order_id !== null) return payOrder(sql, { orderId: quote.order_id, customer: input.customer, now: input.now });
  if (quote.status !== 'open') return { kind: 'quote_closed', quoteRef: quote.reference, status: quote.status };
  if (quote.expires_at <= input.now) {
    await expireQuote(sql, quote.id);
    return { kind: 'quote_expired', quoteId: quote.id, quoteRef: quote.reference };
  }
  // Above the value threshold a person decides, unless an owner already let this one order through.
  if (quote.total_usd_minor > input.orderValueUsdMax * 100 && quote.over_limit_approved_by_id === null) return { kind: 'over_value_threshold', quoteRef: quote.reference };

  const order = await createOrderFromQuote(sql, { customerId: input.customer.id, conversation: input.conversation, placedByStaffId: input.placedByStaffId ?? null, trial: input.customer.trialOrderPending, accessToken: accessToken(), quoteId: quote.id });
  if (input.customer.trialOrderPending) await endTrial(sql, input.customer.id);
  return payOrder(sql, {
    orderId: order.id,
    customer: input.customer,
    now: input.now,
    known: { ...order, quote_ref: quote.reference, over_limit_approved_by_id: quote.over_limit_approved_by_id },
  });
}

/** Takes payment for an order that waits for it; confirming again after a top-up lands here. */
export async function payOrder(sql: Sql, input: { orderId: number; customer: CustomerRow; now: Date; known?: PayableOrder }): Promise<PaymentOutcome> {
  // An order created in this transaction is already locked and known; any other is read and locked.
  const order = input.known ?? (await lockPayableOrder(sql, input.orderId));
  const amountMinor = order.total_minor;
  const usdMinor = order.total_usd_minor;
  if (order.status !== 'awaiting_payment') {
    return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: order.payment_method === 'postpaid' ? 'postpaid' : 'prepaid', amountMinor, prepaidLeftMinor: null };
  }
  const markPaid = (method: 'prepaid' | 'postpaid') => markOrderPaid(sql, order.id, method, input.now);
  const customer = input.customer;
  if (customer.accountType === 'prepaid') {
    // The balance was read with the order, the reseller's row locked (every spender takes it first):
    // it is the one the hold meets. The ledger checks it again and would refuse an overdraft regardless.
    const decision = decidePayment({ accountType: 'prepaid', amountMinor, usdMinor, prepaidAvailableMinor: order.prepaid_available ?? 0, outstandingUsdMinor: 0, creditLimitUsdMinor: 0 });
    const waiting = (missingMinor: number): PaymentOutcome => ({ kind: 'awaiting_payment', orderId: order.id, orderRef: order.reference, missingMinor, quoteRef: order.quote_ref ?? order.reference });
    if (decision.kind !== 'hold') return waiting(decision.kind === 'wait' ? decision.missingMinor : amountMinor);
    const hold = await postEntry(sql, events.prepaidHold({ customerId: customer.id, currency: order.currency, amountMinor, usdMinor }, order.reference, input.now.toISOString(), order.id));
    if (!hold.ok) return waiting(hold.code === 'exceeds_balance' ? hold.shortMinor : amountMinor);
    await markPaid('prepaid');
    return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: 'prepaid', amountMinor, prepaidLeftMinor: decision.leftMinor };
  }
  // Postpaid. The reseller's row is locked so that two conversations cannot both spend the last
  // credit. NO KEY UPDATE, as the pipeline takes it first (see processMessage): FOR UPDATE would
  // wait on the key-share lock that every order insert of the reseller holds, and two such waits deadlock.
  await lockReseller(sql, customer.id);
  const position = await accountPosition(sql, customer, input.now);
  const decision = decidePayment({ accountType: 'postpaid', amountMinor, usdMinor, prepaidAvailableMinor: 0, outstandingUsdMinor: position.outstandingUsdMinor, creditLimitUsdMinor: position.creditLimitUsdMinor });
  // Over the limit (with any temporary credit) only when an owner let this one order through.
  if (decision.kind !== 'charge' && order.over_limit_approved_by_id === null) return { kind: 'over_credit_limit', orderId: order.id, orderRef: order.reference };
  await markPaid('postpaid');
  return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: 'postpaid', amountMinor, prepaidLeftMinor: null };
}
