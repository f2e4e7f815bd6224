import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { compiledOnce, q, run } from './query-builder';

// Quotes and orders: their status changes, each written once, typed from the schema. (An order is
// created from its quote in one statement in bot/orders/confirm-order.ts; a quote by insertQuote.)

type PaymentMethod = 'prepaid' | 'postpaid';

/**
 * SQL true for an order (of table or alias `o`) whose supplier fulfilment is not over: placing, or
 * partly delivered with requests still open. One finished short has its delivered_at set.
 */
const fulfilmentOpenOf = (o: string) => `(${o}.status = 'placing' OR (${o}.status = 'partially_delivered' AND ${o}.delivered_at IS NULL))`;
/** fulfilmentOpenOf the unaliased `orders`. */
export const fulfilmentOpenSql = fulfilmentOpenOf('orders');

/** The same, of an order read: a fulfilment run on one finished (short, too) does nothing. */
export const fulfilmentOpen = (order: { status: string; delivered_at: Date | null }): boolean =>
  order.status === 'placing' || (order.status === 'partially_delivered' && order.delivered_at === null);

/**
 * An order of `orders` (unaliased) confirmed but not yet settled: paid or being fulfilled, its
 * amount not yet booked. 'partially_delivered' is both an order with supplier requests still open
 * (no delivered_at yet) and one finished short (delivered_at set when its delivered part was booked
 * and the rest released): only the first is still in flight. Written as SQL: no parameters, so the
 * statements that use it keep one text and plan.
 */
export const unsettledOrder = raw<boolean>`(orders.status IN ('paid', 'awaiting_fulfilment') OR ${raw.raw(fulfilmentOpenSql)})`;

/** The SIM-card lines of order `alias`: what its shipment books (bot/staff/fulfilment.ts). */
function simLines(alias: string, line: string) {
  const o = raw.raw(alias);
  return raw<number>`coalesce((SELECT sum(${raw.raw(line)}) FROM order_lines l JOIN products pr ON pr.sku = l.sku
  LEFT JOIN quote_lines ql ON ql.quote_id = ${o}.quote_id AND ql.sku = l.sku WHERE l.order_id = ${o}.id AND pr.type = 'sim'), 0)`;
}
const LINE_MINOR = 'coalesce(ql.line_total_minor, l.line_total_usd_minor)';

/**
 * What of an unsettled postpaid order (of `orders`, unaliased) is not yet on its reseller's
 * receivable. Nothing is booked before the supplier's part is over, so it is the whole total, except
 * for an order waiting for SIM cards to ship: its eSIMs were booked at delivery and those the
 * supplier did not deliver are not invoiced, so only its SIM lines are to come. In the order's
 * currency, or in USD minor units.
 */
function unbooked(total: 'total_minor' | 'total_usd_minor', line: string) {
  return raw<number>`(CASE WHEN orders.status = 'awaiting_fulfilment' THEN ${simLines('orders', line)} ELSE orders.${raw.raw(total)} END)`;
}
export const unbookedMinor = unbooked('total_minor', LINE_MINOR);
export const unbookedUsdMinor = unbooked('total_usd_minor', 'l.line_total_usd_minor');

/**
 * What order `alias` is to be paid, in its currency: its total until its supplier part is over; then
 * what was booked to the reseller's receivable for it (its charges less its credit notes; payments
 * are matched apart), and, while it waits for SIM cards, those cards. An order finished short is
 * invoiced its delivered part only, not its total.
 */
export function billedMinor(alias: string) {
  const o = raw.raw(alias);
  return raw<number>`(CASE WHEN ${o}.status IN ('awaiting_payment', 'paid') OR ${raw.raw(fulfilmentOpenOf(alias))} THEN ${o}.total_minor
  ELSE coalesce((SELECT sum(p.amount_minor) FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
    WHERE e.order_id = ${o}.id AND a.code = 'receivable:' || ${o}.customer_id AND e.kind <> 'payment_received' AND p.currency = ${o}.currency), 0)
    + CASE WHEN ${o}.status = 'awaiting_fulfilment' THEN ${simLines(alias, LINE_MINOR)} ELSE 0 END END)`;
}

const markPaidOnce = compiledOnce(['id', 'method', 'at'] as const, (p) =>
  q.updateTable('orders').set({ status: raw<'placing'>`'placing'`, payment_method: p.method, paid_at: p.at, updated_at: raw<Date>`now()` }).where('id', '=', p.id),
);

/** Paid (a hold on the balance, or within the credit limit): the supplier is asked next. */
export async function markOrderPaid(sql: Sql, orderId: number, method: PaymentMethod, at: Date): Promise<void> {
  await markPaidOnce(sql, { id: orderId, method, at });
}

/** Orders a bank file paid, in one statement; returns those still waiting for payment (all of them, unless another process paid one first). */
export async function markOrdersPaidByDeposit(sql: Sql, orderIds: readonly number[], at: Date): Promise<{ reference: string; conversation_id: number | null }[]> {
  return run(
    sql,
    q.updateTable('orders')
      .set({ status: 'placing', payment_method: 'prepaid', paid_at: at, updated_at: raw<Date>`now()` })
      // = any(array): one statement text (and one prepared plan) for any number of orders.
      .where((eb) => eb('id', '=', eb.fn.any(eb.val([...orderIds]))))
      .where('status', '=', 'awaiting_payment')
      .returning(['reference', 'conversation_id']),
  );
}

/** The supplier may still deliver (a chunk is open): resumed later. */
export async function markPartiallyDelivered(sql: Sql, orderId: number): Promise<void> {
  await markFulfilledOnce(sql, { id: orderId, status: 'partially_delivered', deliveredAt: null, keepDeliveredAt: true });
}

const markFulfilledOnce = compiledOnce(['id', 'status', 'deliveredAt', 'keepDeliveredAt'] as const, (p) =>
  q.updateTable('orders')
    .set({ status: p.status, delivered_at: raw<Date | null>`CASE WHEN ${p.keepDeliveredAt}::boolean THEN delivered_at ELSE ${p.deliveredAt}::timestamptz END`, updated_at: raw<Date>`now()` })
    .where('id', '=', p.id),
);

/** Fulfilment is over for now: delivered, partly, failed, or waiting for staff to ship SIM cards. */
export async function markFulfilled(sql: Sql, orderId: number, status: 'delivered' | 'partially_delivered' | 'failed' | 'awaiting_fulfilment', deliveredAt: Date | null): Promise<void> {
  await markFulfilledOnce(sql, { id: orderId, status, deliveredAt, keepDeliveredAt: false });
}

/** Staff shipped the SIM cards of an order waiting for them. */
export async function markShipped(sql: Sql, orderId: number, at: Date): Promise<void> {
  await run(
    sql,
    q.updateTable('orders').set({ status: 'delivered', delivered_at: raw<Date>`coalesce(delivered_at, ${at})`, updated_at: raw<Date>`now()` }).where('id', '=', orderId).where('status', '=', 'awaiting_fulfilment'),
  );
}

/** The reseller cancelled an order still waiting for payment (nothing was held or charged). */
export async function cancelWaitingOrder(sql: Sql, reference: string): Promise<void> {
  await run(sql, q.updateTable('orders').set({ status: 'cancelled', updated_at: raw<Date>`now()` }).where('reference', '=', reference).where('status', '=', 'awaiting_payment'));
}

export async function orderIdByReference(sql: Sql, reference: string): Promise<number | null> {
  const [row] = await run(sql, q.selectFrom('orders').select('id').where('reference', '=', reference));
  return row?.id ?? null;
}

export async function cancelOpenQuote(sql: Sql, reference: string): Promise<void> {
  await run(sql, q.updateTable('quotes').set({ status: 'cancelled', updated_at: raw<Date>`now()` }).where('reference', '=', reference).where('status', '=', 'open'));
}

export async function expireQuote(sql: Sql, quoteId: number): Promise<void> {
  await run(sql, q.updateTable('quotes').set({ status: 'expired', updated_at: raw<Date>`now()` }).where('id', '=', quoteId));
}

/** A quote's lines, to price them again when it expired before the "yes". */
export async function quoteLines(sql: Sql, reference: string): Promise<{ sku: string; quantity: number }[]> {
  return run(sql, q.selectFrom('quote_lines as l').innerJoin('quotes as q', 'q.id', 'l.quote_id').select(['l.sku', 'l.quantity']).where('q.reference', '=', reference).orderBy('l.id'));
}

const paidSinceOnce = compiledOnce(['since'] as const, (p) =>
  q.selectFrom('orders').select(['id', 'conversation_id', 'updated_at']).where('status', '=', raw<'placing'>`'placing'`).where('updated_at', '>', p.since).orderBy('updated_at').limit(raw<number>`500`),
);

/** Orders paid and waiting for the supplier whose row was written after `since` (the database's clock), oldest first, at most 500. */
export async function ordersPaidSince(sql: Sql, since: Date): Promise<{ id: number; conversation_id: number | null; updated_at: Date }[]> {
  return paidSinceOnce(sql, { since });
}

/**
 * An order whose fulfilment is not finished: still placing, or part delivered with a supplier
 * request still open. Part delivered with every request settled (one the supplier refused) is done.
 */
export async function openFulfilment(sql: Sql, orderId: number): Promise<{ reference: string; status: string } | null> {
  const [row] = await run(
    sql,
    q.selectFrom('orders as o')
      .select(['o.reference', 'o.status'])
      .where('o.id', '=', orderId)
      .where((eb) =>
        eb.or([
          eb('o.status', '=', 'placing'),
          eb.and([
            eb('o.status', '=', 'partially_delivered'),
            eb.exists(eb.selectFrom('supplier_orders as s').select('s.id').whereRef('s.order_id', '=', 'o.id').where('s.status', 'in', ['pending', 'submitted'])),
          ]),
        ]),
      ),
  );
  return row ?? null;
}
