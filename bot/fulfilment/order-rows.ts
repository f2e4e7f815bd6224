import type { ChannelName } from '../../channels/port';
import type { ConversationStateName, StateData } from '../../domain/conversation/states';
import type { Sql } from '../db/sql';

// The order and its lines as fulfilment reads them.

export interface OrderRow {
  id: number;
  reference: string;
  status: string;
  customer_id: string;
  currency: string;
  channel: string;
  conversation_key: string;
  payment_method: string | null;
  access_token: string;
  conversation_id: number | null;
  conversation_channel: ChannelName | null;
  language: string | null;
  conversation_state: ConversationStateName | null;
  conversation_data: StateData | null;
  /** Supplier chunks still pending or submitted: the order is not complete while there are any. */
  open_chunks: number;
}

export interface LineRow {
  id: number;
  sku: string;
  quantity: number;
  quantity_delivered: number;
  line_total_usd_minor: string;
  supplier_cost_minor: string;
  line_total_minor: string | null;
  type: 'esim' | 'sim';
  package_code: string;
}

const ORDER_SELECT = `SELECT o.id, o.reference, o.status::text AS status, o.customer_id, o.currency, o.channel::text AS channel,
    o.conversation_key, o.payment_method::text AS payment_method, o.access_token, c.id AS conversation_id, c.channel::text AS conversation_channel,
    c.language, c.state::text AS conversation_state, c.state_data AS conversation_data,
    (SELECT count(*)::int FROM supplier_orders s WHERE s.order_id = o.id AND s.status IN ('pending', 'submitted')) AS open_chunks
  FROM orders o LEFT JOIN conversations c ON c.id = o.conversation_id WHERE o.id = $1`;

const LINES_SELECT = `SELECT l.id, l.sku, l.quantity, l.quantity_delivered, l.line_total_usd_minor::text AS line_total_usd_minor,
    l.supplier_cost_minor::text AS supplier_cost_minor, ql.line_total_minor::text AS line_total_minor, p.type::text AS type,
    p.supplier_package_code AS package_code
  FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.sku = l.sku
  LEFT JOIN quote_lines ql ON ql.quote_id = o.quote_id AND ql.sku = l.sku
  WHERE l.order_id = $1 ORDER BY l.id`;

/** An order's lines with their quoted totals in the order's currency, product type and package. */
export function orderLines(sql: Sql, orderId: number): Promise<LineRow[]> {
  return sql.query<LineRow>(LINES_SELECT, [orderId]);
}

/** The order with its lines in one round trip (fulfilment starts here for every order paid). */
export async function loadOrderWithLines(sql: Sql, orderId: number): Promise<(OrderRow & { lines: LineRow[] }) | null> {
  const [order] = await sql.query<OrderRow & { lines: LineRow[] | null }>(
    `SELECT order_row.*, (SELECT json_agg(line_row) FROM (${LINES_SELECT}) line_row) AS lines FROM (${ORDER_SELECT}) order_row`,
    [orderId],
  );
  return order ? { ...order, lines: order.lines ?? [] } : null;
}

/** The order (locked when the caller asks), or null. */
export async function loadOrder(sql: Sql, orderId: number, lock = false): Promise<OrderRow | null> {
  const [order] = await sql.query<OrderRow>(lock ? `${ORDER_SELECT} FOR UPDATE OF o` : ORDER_SELECT, [orderId]);
  return order ?? null;
}
