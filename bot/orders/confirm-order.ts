import * as events from '../../domain/ledger/events';
import type { Tx } from '../db/database';
import { postEntry } from '../ledger/ledger-store';
import { accountPosition } from '../pipeline/account';
import { accessToken } from './references';

export interface CustomerRow {
  id: string;
  accountType: 'prepaid' | 'postpaid';
  currency: string;
  creditLimitMinor: bigint;
  trialOrderPending: boolean;
}

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
  tx: Tx,
  input: {
    customer: CustomerRow;
    conversation: { id: number; channel: 'whatsapp' | 'wechat' | 'email' | 'web'; conversationKey: string };
    quoteRef: string;
    now: Date;
    orderValueUsdMax: number;
    supplierCostMinor: ReadonlyMap<string, number>;
  },
): Promise<ConfirmOutcome> {
  const quote = await tx.quote.findFirst({ where: { reference: input.quoteRef, customerId: input.customer.id }, include: { lines: true, order: true } });
  if (!quote) return { kind: 'quote_not_found' };
  if (quote.order) return payOrder(tx, { orderId: quote.order.id, customer: input.customer, now: input.now });
  if (quote.status !== 'open') return { kind: 'quote_closed', quoteRef: quote.reference, status: quote.status };
  if (quote.expiresAt <= input.now) {
    await tx.quote.update({ where: { id: quote.id }, data: { status: 'expired' } });
    return { kind: 'quote_expired', quoteId: quote.id, quoteRef: quote.reference };
  }
  if (Number(quote.totalUsdMinor) > input.orderValueUsdMax * 100) return { kind: 'over_value_threshold', quoteRef: quote.reference };

  const rows = await tx.$queryRawUnsafe<{ id: number; reference: string }[]>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id)
     INSERT INTO orders (id, reference, customer_id, quote_id, conversation_id, channel, conversation_key, status, currency,
                         total_usd_minor, total_minor, is_trial, access_token, updated_at)
     SELECT id, 'ORD-' || lpad(id::text, 6, '0'), $1, $2, $3, $4::"Channel", $5, 'awaiting_payment', $6, $7::bigint, $8::bigint, $9, $10, now()
     FROM next RETURNING id, reference`,
    input.customer.id,
    quote.id,
    input.conversation.id,
    input.conversation.channel,
    input.conversation.conversationKey,
    quote.currency,
    String(quote.totalUsdMinor),
    String(quote.totalMinor),
    input.customer.trialOrderPending,
    accessToken(),
  );
  const order = rows[0]!;
  await tx.orderLine.createMany({
    data: quote.lines.map((line) => ({
      orderId: order.id,
      sku: line.sku,
      quantity: line.quantity,
      unitPriceUsdMinor: line.unitPriceUsdMinor,
      lineTotalUsdMinor: line.lineTotalUsdMinor,
      supplierCostMinor: BigInt(input.supplierCostMinor.get(line.sku) ?? 0),
    })),
  });
  await tx.quote.update({ where: { id: quote.id }, data: { status: 'confirmed' } });
  if (input.customer.trialOrderPending) await tx.customer.update({ where: { id: input.customer.id }, data: { trialOrderPending: false } });
  return payOrder(tx, { orderId: order.id, customer: input.customer, now: input.now });
}

/** Takes payment for an order that waits for it; confirming again after a top-up lands here. */
export async function payOrder(tx: Tx, input: { orderId: number; customer: CustomerRow; now: Date }): Promise<PaymentOutcome> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: input.orderId }, include: { quote: true } });
  const amountMinor = Number(order.totalMinor);
  const usdMinor = Number(order.totalUsdMinor);
  if (order.status !== 'awaiting_payment') {
    return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: order.paymentMethod === 'postpaid' ? 'postpaid' : 'prepaid', amountMinor, prepaidLeftMinor: null };
  }
  if (input.customer.accountType === 'prepaid') {
    const hold = await postEntry(
      tx,
      events.prepaidHold({ customerId: input.customer.id, currency: order.currency, amountMinor, usdMinor }, order.reference, input.now.toISOString(), order.id),
    );
    if (!hold.ok) {
      const missingMinor = hold.code === 'exceeds_balance' ? hold.shortMinor : amountMinor;
      return { kind: 'awaiting_payment', orderId: order.id, orderRef: order.reference, missingMinor, quoteRef: order.quote?.reference ?? order.reference };
    }
    await tx.order.update({ where: { id: order.id }, data: { status: 'placing', paymentMethod: 'prepaid', paidAt: input.now } });
    const position = await accountPosition(tx, input.customer);
    return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: 'prepaid', amountMinor, prepaidLeftMinor: position.prepaidAvailableMinor };
  }
  // Postpaid: allowed while outstanding receivables plus this order stay within the credit limit.
  // The customer row is locked so that two conversations cannot both spend the last credit.
  await tx.$queryRawUnsafe('SELECT 1 FROM customers WHERE customer_id = $1 FOR UPDATE', input.customer.id);
  const position = await accountPosition(tx, input.customer);
  if (position.outstandingUsdMinor + usdMinor > position.creditLimitUsdMinor) {
    return { kind: 'over_credit_limit', orderId: order.id, orderRef: order.reference };
  }
  await tx.order.update({ where: { id: order.id }, data: { status: 'placing', paymentMethod: 'postpaid', paidAt: input.now } });
  return { kind: 'paid', orderId: order.id, orderRef: order.reference, method: 'postpaid', amountMinor, prepaidLeftMinor: null };
}
