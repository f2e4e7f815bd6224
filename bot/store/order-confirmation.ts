import { sql as raw, type RawBuilder } from 'kysely';
import type { ChannelName } from '../../channels/port';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// The statements of a "yes": the quote locked, the order created from it, an order waiting for
// payment locked with the balance that could pay it. Each runs once per confirmation (hot path).

/** The reseller's prepaid balance in a currency (null: no balance yet), as a column of the caller's query. */
function prepaidAvailable(customerId: RawBuilder<string>, currency: RawBuilder<string>) {
  return q
    .selectFrom('account_balances as b')
    .innerJoin('ledger_accounts as a', 'a.id', 'b.account_id')
    .select(raw<number>`b.credits_minor - b.debits_minor`.as('available'))
    .where('a.code', '=', raw<string>`'prepaid:' || ${customerId}`)
    .where('a.currency', '=', currency);
}

const lockQuoteOnce = compiledOnce(['reference', 'customerId'] as const, (p) =>
  q
    .selectFrom('quotes as q')
    .leftJoin('orders as o', 'o.quote_id', 'q.id')
    .select(['q.id', 'q.reference', 'q.status', 'q.expires_at', 'q.total_usd_minor', 'q.over_limit_approved_by_id', 'o.id as order_id'])
    .where('q.reference', '=', p.reference)
    .where('q.customer_id', '=', p.customerId)
    .forUpdate(['q']),
);

/** The reseller's quote by reference, locked, with the order made from it if there is one. */
export async function lockQuote(sql: Sql, reference: string, customerId: string) {
  const [row] = await lockQuoteOnce(sql, { reference, customerId });
  return row ?? null;
}

// The order, its lines (supplier cost from the catalogue) and the quote's new status: one statement.
const createOnce = compiledOnce(['customerId', 'conversationId', 'channel', 'conversationKey', 'staffId', 'trial', 'accessToken', 'quoteId'] as const, (p) =>
  q
    .with('next', (db) => db.selectNoFrom(raw<number>`nextval(pg_get_serial_sequence('orders', 'id'))`.as('id')))
    .with('created', (db) =>
      db
        .insertInto('orders')
        .columns(['id', 'reference', 'customer_reference', 'customer_id', 'quote_id', 'conversation_id', 'channel', 'conversation_key', 'status', 'currency', 'total_usd_minor', 'total_minor', 'is_trial', 'placed_by_staff_id', 'access_token', 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom(['next', 'quotes as q'])
            .select([
              'next.id',
              raw<string>`'ORD-' || lpad(next.id::text, 6, '0')`.as('reference'),
              'q.customer_reference',
              raw<string>`${p.customerId}::text`.as('customer_id'),
              'q.id as quote_id',
              raw<number>`${p.conversationId}::int`.as('conversation_id'),
              raw<ChannelName>`${p.channel}::"Channel"`.as('channel'),
              raw<string>`${p.conversationKey}::text`.as('conversation_key'),
              raw<'awaiting_payment'>`'awaiting_payment'`.as('status'),
              'q.currency',
              'q.total_usd_minor',
              'q.total_minor',
              raw<boolean>`${p.trial}::boolean`.as('is_trial'),
              raw<number | null>`${p.staffId}::int`.as('placed_by_staff_id'),
              raw<string>`${p.accessToken}::text`.as('access_token'),
              raw<Date>`now()`.as('updated_at'),
            ])
            .where('q.id', '=', p.quoteId),
        )
        .returning(['id', 'reference', 'currency', 'total_minor', 'total_usd_minor']),
    )
    .with('lines', (db) =>
      db
        .insertInto('order_lines')
        .columns(['order_id', 'sku', 'quantity', 'unit_price_usd_minor', 'line_total_usd_minor', 'supplier_cost_minor'])
        .expression((eb) =>
          eb
            .selectFrom(['created', 'quote_lines as l'])
            .innerJoin('products as p', 'p.sku', 'l.sku')
            .select(['created.id', 'l.sku', 'l.quantity', 'l.unit_price_usd_minor', 'l.line_total_usd_minor', 'p.supplier_cost_minor'])
            .where('l.quote_id', '=', p.quoteId)
            .orderBy('l.id'),
        ),
    )
    .with('confirmed', (db) => db.updateTable('quotes').set({ status: raw<'confirmed'>`'confirmed'`, updated_at: raw<Date>`now()` }).where('id', '=', p.quoteId))
    .selectFrom('created')
    .select([
      'id',
      'reference',
      'currency',
      'total_minor',
      'total_usd_minor',
      prepaidAvailable(raw<string>`${p.customerId}`, raw<string>`created.currency`).as('prepaid_available'),
    ]),
);

export async function createOrderFromQuote(
  sql: Sql,
  input: { customerId: string; conversation: { id: number; channel: ChannelName; conversationKey: string }; placedByStaffId: number | null; trial: boolean; accessToken: string; quoteId: number },
): Promise<PayableOrder> {
  const [row] = await createOnce(sql, {
    customerId: input.customerId,
    conversationId: input.conversation.id,
    channel: input.conversation.channel,
    conversationKey: input.conversation.conversationKey,
    staffId: input.placedByStaffId,
    trial: input.trial,
    accessToken: input.accessToken,
    quoteId: input.quoteId,
  });
  return { ...row!, status: 'awaiting_payment', payment_method: null, quote_ref: null, over_limit_approved_by_id: null };
}

export interface PayableOrder {
  id: number;
  reference: string;
  status: string;
  payment_method: string | null;
  currency: string;
  total_minor: number;
  total_usd_minor: number;
  quote_ref: string | null;
  /** The prepaid balance in the order's currency, read with the order (null: no balance yet). */
  prepaid_available: number | null;
  /** An owner let this order past the credit limit (its quote records who). */
  over_limit_approved_by_id: number | null;
}

const lockPayableOnce = compiledOnce(['id'] as const, (p) =>
  q
    .selectFrom('orders as o')
    .leftJoin('quotes as q', 'q.id', 'o.quote_id')
    .select([
      'o.id',
      'o.reference',
      'o.status',
      'o.payment_method',
      'o.currency',
      'o.total_minor',
      'o.total_usd_minor',
      'q.reference as quote_ref',
      'q.over_limit_approved_by_id',
      prepaidAvailable(raw<string>`o.customer_id`, raw<string>`o.currency`).as('prepaid_available'),
    ])
    .where('o.id', '=', p.id)
    .forUpdate(['o']),
);

/** An order and the balance that could pay it, the order locked. */
export async function lockPayableOrder(sql: Sql, orderId: number): Promise<PayableOrder> {
  const [row] = await lockPayableOnce(sql, { id: orderId });
  if (!row) throw new Error(`order ${orderId} does not exist`);
  return row;
}
