import type { ChannelName } from '../../channels/port';
import { z } from 'zod';
import type { RevenueChannel } from '../../domain/ledger/accounts';
import { texts } from '../../domain/replies/texts';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { bookDelivered } from '../fulfilment/complete-order';
import { orderLines } from '../fulfilment/order-rows';
import { enqueueReply } from '../pipeline/reply';
import { QueueError } from './queue';
import { markShipped } from '../store/orders';

// Physical SIM cards: the order waits as a fulfilment task until staff ship it. Shipping records the
// ICCIDs, address and tracking number, books the SIM part (revenue from the hold or the receivable,
// and its cost), and tells the reseller on their channel, in one transaction.

export const shipmentInput = z.object({
  iccids: z.array(z.string().trim().regex(/^89\d{16,20}$/, 'an ICCID is 18-22 digits starting with 89')).min(1).max(10_000),
  shippingAddress: z.string().trim().min(5).max(1000),
  trackingNumber: z.string().trim().min(3).max(100),
});
export type ShipmentInput = z.infer<typeof shipmentInput>;

export async function openFulfilmentTasks(db: Database) {
  const rows = await poolSql(db.pool).query<{ id: number; reference: string; customer_id: string; company: string; lines: { sku: string; quantity: number }[]; created_at: Date }>(
    `SELECT t.id, o.reference, o.customer_id, c.company, t.created_at,
            (SELECT json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.id) FROM order_lines l JOIN products p ON p.sku = l.sku
             WHERE l.order_id = o.id AND p.type = 'sim') AS lines
     FROM fulfilment_tasks t JOIN orders o ON o.id = t.order_id JOIN customers c ON c.customer_id = o.customer_id
     WHERE t.status = 'open' ORDER BY t.id`,
  );
  return rows.map((r) => ({ id: r.id, orderRef: r.reference, customerId: r.customer_id, company: r.company, lines: r.lines ?? [], createdAt: r.created_at.toISOString() }));
}

/** Returns the conversation told of the shipment (null for an order without one). */
export async function shipFulfilmentTask(db: Database, taskId: number, input: ShipmentInput, now = new Date()): Promise<number | null> {
  return transaction(db.pool, async (sql) => {
    const [task] = await sql.query<{
      id: number; status: string; order_id: number; reference: string; customer_id: string; currency: string; channel: RevenueChannel; payment_method: string | null;
      conversation_id: number | null; conversation_channel: ChannelName | null; conversation_key: string; language: string | null;
    }>(
      `SELECT t.id, t.status::text AS status, o.id AS order_id, o.reference, o.customer_id, o.currency, o.channel::text AS channel,
              o.payment_method::text AS payment_method, c.id AS conversation_id, c.channel::text AS conversation_channel, o.conversation_key, c.language
       FROM fulfilment_tasks t JOIN orders o ON o.id = t.order_id LEFT JOIN conversations c ON c.id = o.conversation_id
       WHERE t.id = $1 FOR UPDATE OF t, o`,
      [taskId],
    );
    if (!task) throw new QueueError(`fulfilment task ${taskId} does not exist`);
    if (task.status !== 'open') throw new QueueError(`fulfilment task ${taskId} is ${task.status}`);
    const lines = (await orderLines(sql, task.order_id)).filter((l) => l.type === 'sim');
    const cards = lines.reduce((n, l) => n + l.quantity, 0);
    if (input.iccids.length !== cards) throw new QueueError(`order ${task.reference} has ${cards} SIM card(s); ${input.iccids.length} ICCID(s) were given`);
    if (new Set(input.iccids).size !== input.iccids.length) throw new QueueError('an ICCID is listed twice');
    const usd = lines.reduce((n, l) => n + Number(l.line_total_usd_minor), 0);
    const minor = lines.reduce((n, l) => n + (l.line_total_minor === null ? Number(l.line_total_usd_minor) : Number(l.line_total_minor)), 0);
    const costUsd = lines.reduce((n, l) => n + Number(l.supplier_cost_minor) * l.quantity, 0);
    await bookDelivered(
      sql,
      { id: task.order_id, reference: task.reference, paymentMethod: task.payment_method, channel: task.channel, customerId: task.customer_id, currency: task.currency },
      { minor, usd, costUsd },
      now.toISOString(),
      1, // the eSIM part of the same order, if any, was booked as part 0
    );
    await sql.query(
      `UPDATE fulfilment_tasks SET status = 'shipped', iccids = $2, shipping_address = $3, tracking_number = $4, shipped_at = $5 WHERE id = $1`,
      [taskId, input.iccids, input.shippingAddress, input.trackingNumber, now],
    );
    await markShipped(sql, task.order_id, now);
    if (task.conversation_id !== null && task.conversation_channel) {
      const t = texts(task.language ?? 'en');
      await enqueueReply(sql, { id: task.conversation_id, channel: task.conversation_channel, conversationKey: task.conversation_key }, `shipped:${task.reference}`, t.shipped(task.reference, cards, input.trackingNumber, input.iccids.join('\n')), [], now);
    }
    return task.conversation_id;
  });
}
