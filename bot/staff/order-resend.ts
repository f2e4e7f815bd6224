import { z } from 'zod';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import { orderToResend, resendOrder } from '../orders/resend-esims';
import { q, run } from '../store/query-builder';
import { OrderDeskError } from './order-desk';

// "Resend eSIMs" on the order desk (issue 19): the order's eSIMs again, as delivered, on the order's
// own conversation (the thread it was ordered on), never anywhere else. The button carries a key
// made once per click: a double click or a request sent again resends once.

export const resendInput = z.object({
  submissionKey: z.string().trim().regex(/^[A-Za-z0-9-]{16,64}$/, 'a key made once per click (16 to 64 letters, digits or dashes)'),
});

export async function resendFromDesk(db: Database, orderId: number, staffId: number, input: z.infer<typeof resendInput>, now = new Date()) {
  return transaction(db.pool, async (sql) => {
    // The order row is the lock: two clicks with one key queue here, the second finds the first's row.
    const [locked] = await run(sql, q.selectFrom('orders').select(['id']).where('id', '=', orderId).forUpdate());
    const order = locked ? await orderToResend(sql, orderId) : null;
    if (!order) throw new OrderDeskError('no such order', 404);
    const key = `resend-desk:${input.submissionKey}`;
    const [sent] = await run(sql, q.selectFrom('outbox_messages').select(['conversation_key']).where('idempotency_key', '=', key));
    if (sent) return { repeated: true, conversationIds: [] as number[], message: `already sent: the eSIMs of ${order.reference} went to ${sent.conversation_key} (this click was sent before: nothing new was sent)` };
    // The order's own conversation, and only while it is still the reseller's.
    const [thread] = await run(
      sql,
      q.selectFrom('orders as o')
        .innerJoin('conversations as c', 'c.id', 'o.conversation_id')
        .select(['c.id', 'c.channel', 'c.conversation_key', 'c.language'])
        .where('o.id', '=', orderId)
        .whereRef('c.customer_id', '=', 'o.customer_id'),
    );
    if (!thread) throw new OrderDeskError(`${order.reference} has no conversation of the reseller to send to: send the CSV from the order page another way`);
    const outcome = await resendOrder(sql, order, { id: thread.id, channel: thread.channel, conversationKey: thread.conversation_key, language: thread.language }, key, { staffId, cause: 'order desk' }, now);
    if (outcome.kind !== 'sent') {
      throw new OrderDeskError(outcome.kind === 'not_delivered' ? `${order.reference} is ${order.status.replaceAll('_', ' ')}: nothing was delivered yet to send again` : `${order.reference} has no eSIMs left to send (all credited or refunded)`);
    }
    return { repeated: false, conversationIds: [thread.id], message: `sent the ${outcome.count} eSIM(s) of ${order.reference} again to ${thread.conversation_key}` };
  });
}
