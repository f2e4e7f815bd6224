import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import { texts } from '../../domain/replies/texts';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { bookDelivered } from '../fulfilment/complete-order';
import { orderLines } from '../fulfilment/order-rows';
import { enqueueReply } from '../pipeline/reply';
import { QueueError } from './queue';
import { markShipped } from '../store/orders';
import { q, run } from '../store/query-builder';

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
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('fulfilment_tasks as t')
      .innerJoin('orders as o', 'o.id', 't.order_id')
      .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
      .select((eb) => [
        't.id', 'o.reference', 'o.customer_id', 'c.company', 't.created_at',
        jsonArrayFrom(
          eb.selectFrom('order_lines as l').innerJoin('products as p', 'p.sku', 'l.sku').select(['l.sku', 'l.quantity']).whereRef('l.order_id', '=', 'o.id').where('p.type', '=', 'sim').orderBy('l.id'),
        ).as('lines'),
      ])
      .where('t.status', '=', 'open')
      .orderBy('t.id'),
  );
  return rows.map((r) => ({ id: r.id, orderRef: r.reference, customerId: r.customer_id, company: r.company, lines: r.lines, createdAt: r.created_at.toISOString() }));
}

/** Returns the conversation told of the shipment (null for an order without one). */
export async function shipFulfilmentTask(db: Database, taskId: number, input: ShipmentInput, now = new Date()): Promise<number | null> {
  return transaction(db.pool, async (sql) => {
    const [task] = await run(
      sql,
      q.selectFrom('fulfilment_tasks as t')
        .innerJoin('orders as o', 'o.id', 't.order_id')
        .leftJoin('conversations as c', 'c.id', 'o.conversation_id')
        .select([
          't.id', 't.status', 'o.id as order_id', 'o.reference', 'o.customer_id', 'o.currency', 'o.channel', 'o.payment_method',
          'c.id as conversation_id', 'c.channel as conversation_channel', 'o.conversation_key', 'c.language',
        ])
        .where('t.id', '=', taskId)
        .forUpdate(['t', 'o']),
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
    await run(
      sql,
      q.updateTable('fulfilment_tasks').set({ status: 'shipped', iccids: input.iccids, shipping_address: input.shippingAddress, tracking_number: input.trackingNumber, shipped_at: now }).where('id', '=', taskId),
    );
    await markShipped(sql, task.order_id, now);
    if (task.conversation_id !== null && task.conversation_channel) {
      const t = texts(task.language ?? 'en');
      await enqueueReply(sql, { id: task.conversation_id, channel: task.conversation_channel, conversationKey: task.conversation_key }, `shipped:${task.reference}`, t.shipped(task.reference, cards, input.trackingNumber, input.iccids.join('\n')), [], now);
    }
    return task.conversation_id;
  });
}
