import { sql as raw } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { StateData } from '../../domain/conversation/states';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';

// The order and its lines as fulfilment reads them, typed from the schema.

/** An order's lines with their quoted totals in the order's currency, product type and package. */
function linesOf(orderId: never) {
  return q.selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('products as p', 'p.sku', 'l.sku')
    .leftJoin('quote_lines as ql', (j) => j.onRef('ql.quote_id', '=', 'o.quote_id').onRef('ql.sku', '=', 'l.sku'))
    .select(['l.id', 'l.sku', 'l.quantity', 'l.quantity_delivered', 'l.line_total_usd_minor', 'l.supplier_cost_minor', 'ql.line_total_minor', 'p.type', 'p.supplier_package_code as package_code'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id');
}

/** The order with its conversation, and how many supplier chunks are still pending or submitted (the order is not complete while there are any). */
function orderById(orderId: never) {
  return q.selectFrom('orders as o')
    .leftJoin('conversations as c', 'c.id', 'o.conversation_id')
    .select((eb) => [
      'o.id',
      'o.reference',
      'o.status',
      'o.delivered_at',
      'o.customer_id',
      'o.currency',
      'o.channel',
      'o.conversation_key',
      'o.payment_method',
      'o.access_token',
      'c.id as conversation_id',
      'c.channel as conversation_channel',
      'c.language',
      'c.state as conversation_state',
      eb.ref('c.state_data').$castTo<StateData | null>().as('conversation_data'),
      eb.selectFrom('supplier_orders as s')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('s.order_id', '=', 'o.id')
        .where('s.status', 'in', [raw<'pending'>`'pending'`, raw<'submitted'>`'submitted'`])
        .$asScalar()
        .$notNull() // count(*) always has a row
        .as('open_chunks'),
    ])
    .where('o.id', '=', orderId);
}

const linesOnce = compiledOnce(['id'] as const, (p) => linesOf(p.id));
const orderOnce = compiledOnce(['id'] as const, (p) => orderById(p.id));
const lockedOrderOnce = compiledOnce(['id'] as const, (p) => orderById(p.id).forUpdate('o'));
const orderWithLinesOnce = compiledOnce(['id'] as const, (p) => orderById(p.id).select(jsonArrayFrom(linesOf(p.id)).as('lines')));

export type LineRow = Awaited<ReturnType<typeof linesOnce>>[number];
export type OrderRow = Awaited<ReturnType<typeof orderOnce>>[number];

export function orderLines(sql: Sql, orderId: number): Promise<LineRow[]> {
  return linesOnce(sql, { id: orderId });
}

/** The order with its lines in one round trip (fulfilment starts here for every order paid). */
export async function loadOrderWithLines(sql: Sql, orderId: number): Promise<(OrderRow & { lines: LineRow[] }) | null> {
  const [order] = await orderWithLinesOnce(sql, { id: orderId });
  return order ?? null;
}

/** The order (locked when the caller asks), or null. */
export async function loadOrder(sql: Sql, orderId: number, lock = false): Promise<OrderRow | null> {
  const [order] = await (lock ? lockedOrderOnce : orderOnce)(sql, { id: orderId });
  return order ?? null;
}
