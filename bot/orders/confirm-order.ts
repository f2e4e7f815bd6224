import type { ChannelName } from '../../channels/port';
import * as events from '../../domain/ledger/events';
import type { Sql } from '../db/sql';
import { decidePayment } from '../../domain/orders/payment-decision';
import { postEntry } from '../ledger/ledger-store';
import { accountPosition, type CustomerRow } from '../pipeline/account';
import { accessToken } from './references';
import { endTrial, lockReseller } from '../store/customers';
import { expireQuote, markOrderPaid } from '../store/orders';

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
    quoteRef: string;
    now: Date;
    orderValueUsdMax: number;
  },
): Promise<ConfirmOutcome> {
  const [quote] = await sql.query<{ id: number; reference: string; status: string; expires_at: Date; total_usd_minor: string; order_id: number | null }>(
    `SELECT q.id, q.reference, q.status::text AS status, q.expires_at, q.total_usd_minor::text AS total_usd_minor, o.id AS order_id
     FROM quotes q LEFT JOIN orders o ON o.quote_id = q.id WHERE q.reference = $1 AND q.customer_id = $2 FOR UPDATE OF q`,
    [input.quoteRef, input.customer.id],
  );
  if (!quote) return { kind: 'quote_not_found' };
  if (quote.order_id !== null) return payOrder(sql, { orderId: quote.order_id, customer: input.customer, now: input.now });
  if (quote.status !== 'open') return { kind: 'quote_closed', quoteRef: quote.reference, status: quote.status };
  if (quote.expires_at <= input.now) {
    await expireQuote(sql, quote.id);
    return { kind: 'quote_expired', quoteId: quote.id, quoteRef: quote.reference };
  }
  if (Number(quote.total_usd_minor) > input.orderValueUsdMax * 100) return { kind: 'over_value_threshold', quoteRef: quote.reference };

  // The order, its lines (supplier cost from the catalogue) and the quote's new status: one statement.
  const [order] = await sql.query<{ id: number; reference: string; currency: string; total_minor: string; total_usd_minor: string; prepaid_available: string | null }>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id),
     created AS (
       INSERT INTO orders (id, reference, customer_id, quote_id, conversation_id, channel, conversation_key, status, currency,
                           total_usd_minor, total_minor, is_trial, access_token, updated_at)
       SELECT next.id, 'ORD-' || lpad(next.id::text, 6, '0'), $1, q.id, $2, $3::"Channel", $4, 'awaiting_payment', q.currency,
              q.total_usd_minor, q.total_minor, $5, $6, now()
       FROM next, quotes q WHERE q.id = $7
       RETURNING id, reference, currency, total_minor, total_usd_minor),
     lines AS (
       INSERT INTO order_lines (order_id, sku, quantity, unit_price_usd_minor, line_total_usd_minor, supplier_cost_minor)
       SELECT created.id, l.sku, l.quantity, l.unit_price_usd_minor, l.line_total_usd_minor, p.supplier_cost_minor
       FROM created, quote_lines l JOIN products p ON p.sku = l.sku WHERE l.quote_id = $7 ORDER BY l.id),
     confirmed AS (UPDATE quotes SET status = 'confirmed', updated_at = now() WHERE id = $7)
     SELECT id, reference, currency, total_minor::text AS total_minor, total_usd_minor::text AS total_usd_minor,
            (SELECT b.credits_minor - b.debits_minor FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.code = 'prepaid:' || $1 AND a.currency = created.currency)::text AS prepaid_available FROM created`,
    [input.customer.id, input.conversation.id, input.conversation.channel, input.conversation.conversationKey, input.customer.trialOrderPending, accessToken(), quote.id],
  );
  if (input.customer.trialOrderPending) await endTrial(sql, input.customer.id);
  return payOrder(sql, {
    orderId: order!.id,
    customer: input.customer,
    now: input.now,
    known: { id: order!.id, reference: order!.reference, status: 'awaiting_payment', payment_method: null, currency: order!.currency, total_minor: order!.total_minor, total_usd_minor: order!.total_usd_minor, quote_ref: quote.reference, prepaid_available: order!.prepaid_available },
  });
}

interface PayableOrder {
  id: number;
  reference: string;
  status: string;
  payment_method: string | null;
  currency: string;
  total_minor: string;
  total_usd_minor: string;
  quote_ref: string | null;
  /** The prepaid balance in the order's currency, read with the order (null: no balance yet). */
  prepaid_available: string | null;
}

/** Takes payment for an order that waits for it; confirming again after a top-up lands here. */
export async function payOrder(sql: Sql, input: { orderId: number; customer: CustomerRow; now: Date; known?: PayableOrder }): Promise<PaymentOutcome> {
  // An order created in this transaction is already locked and known; any other is read and locked.
  const [order] = input.known ? [input.known] : await sql.query<PayableOrder>(
    `SELECT o.id, o.reference, o.status::text AS status, o.payment_method::text AS payment_method, o.currency,
            o.total_minor::text AS total_minor, o.total_usd_minor::text AS total_usd_minor, q.reference AS quote_ref,
            (SELECT b.credits_minor - b.debits_minor FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.code = 'prepaid:' || o.customer_id AND a.currency = o.currency)::text AS prepaid_available
     FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id WHERE o.id = $1 FOR UPDATE OF o`,
    [input.orderId],
  );
  const amountMinor = Number(order!.total_minor);
  const usdMinor = Number(order!.total_usd_minor);
  if (order!.status !== 'awaiting_payment') {
    return { kind: 'paid', orderId: order!.id, orderRef: order!.reference, method: order!.payment_method === 'postpaid' ? 'postpaid' : 'prepaid', amountMinor, prepaidLeftMinor: null };
  }
  const markPaid = (method: 'prepaid' | 'postpaid') => markOrderPaid(sql, order!.id, method, input.now);
  const customer = input.customer;
  if (customer.accountType === 'prepaid') {
    // The balance was read with the order, the reseller's row locked (every spender takes it first):
    // it is the one the hold meets. The ledger checks it again and would refuse an overdraft regardless.
    const decision = decidePayment({ accountType: 'prepaid', amountMinor, usdMinor, prepaidAvailableMinor: Number(order!.prepaid_available ?? 0), outstandingUsdMinor: 0, creditLimitUsdMinor: 0 });
    const waiting = (missingMinor: number): PaymentOutcome => ({ kind: 'awaiting_payment', orderId: order!.id, orderRef: order!.reference, missingMinor, quoteRef: order!.quote_ref ?? order!.reference });
    if (decision.kind !== 'hold') return waiting(decision.kind === 'wait' ? decision.missingMinor : amountMinor);
    const hold = await postEntry(sql, events.prepaidHold({ customerId: customer.id, currency: order!.currency, amountMinor, usdMinor }, order!.reference, input.now.toISOString(), order!.id));
    if (!hold.ok) return waiting(hold.code === 'exceeds_balance' ? hold.shortMinor : amountMinor);
    await markPaid('prepaid');
    return { kind: 'paid', orderId: order!.id, orderRef: order!.reference, method: 'prepaid', amountMinor, prepaidLeftMinor: decision.leftMinor };
  }
  // Postpaid. The reseller's row is locked so that two conversations cannot both spend the last
  // credit. NO KEY UPDATE, as the pipeline takes it first (see processMessage): FOR UPDATE would
  // wait on the key-share lock that every order insert of the reseller holds, and two such waits deadlock.
  await lockReseller(sql, customer.id);
  const position = await accountPosition(sql, customer);
  const decision = decidePayment({ accountType: 'postpaid', amountMinor, usdMinor, prepaidAvailableMinor: 0, outstandingUsdMinor: position.outstandingUsdMinor, creditLimitUsdMinor: position.creditLimitUsdMinor });
  if (decision.kind !== 'charge') return { kind: 'over_credit_limit', orderId: order!.id, orderRef: order!.reference };
  await markPaid('postpaid');
  return { kind: 'paid', orderId: order!.id, orderRef: order!.reference, method: 'postpaid', amountMinor, prepaidLeftMinor: null };
}
