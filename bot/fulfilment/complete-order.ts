import type { RevenueChannel } from '../../domain/ledger/accounts';
import * as events from '../../domain/ledger/events';
import { settleDelivery } from '../../domain/orders/settle-delivery';
import { texts } from '../../domain/replies/texts';
import { applyEventTo } from '../conversation/conversation-store';
import { transaction, type Sql } from '../db/sql';
import { postEntry } from '../ledger/ledger-store';
import { enqueueReply } from '../pipeline/reply';
import type { SupplierProfile } from '../supplier/port';
import type { FulfilDeps } from './deps';
import { deliveryMessage } from './delivery-message';
import { loadOrder, orderLines, type LineRow } from './order-rows';
import { storeProfiles, type ProfileRow } from './store-profiles';
import { profilesOfOrder } from '../store/esim-profiles';
import { openFulfilmentTask } from '../store/fulfilment-tasks';
import { fulfilmentOpen, markFulfilled, markPartiallyDelivered } from '../store/orders';
import { chunksOfOrder, openChunkCount } from '../store/supplier-orders';
import { ticketOrNote } from '../store/tickets';
import { formatMoney } from '../../domain/money';
import { fitTicketDetail } from '../../domain/staff/ticket-detail';
import { log } from '../log';

// Step "complete": once no chunk is open, the order is booked (domain/orders/settle-delivery),
// its status set, the conversation told, in one transaction. Its ledger entries and messages are
// keyed on the order, so running it again changes nothing.

/** The fast path's purchases, stored in the same transaction as the booking. */
export interface Allocation {
  line: LineRow;
  key: string;
  transactionNo: string;
  profiles: SupplierProfile[];
}

/**
 * Books what was delivered, releases what cannot be, and sends the eSIMs: one transaction. Returns
 * true when it committed the order's end (no supplier request of it left open); false when a chunk
 * is still open, or the order was not open (done before, or unknown).
 */
export async function completeOrder(deps: FulfilDeps, orderId: number, allocations: Allocation[] = []): Promise<boolean> {
  return transaction(deps.db.pool, async (sql) => {
    const order = await loadOrder(sql, orderId, true);
    if (!order || !fulfilmentOpen(order)) return false;
    // The fast path's purchases: one statement per line records the chunk as allocated and stores its profiles.
    const recorded: ProfileRow[] = [];
    for (const a of allocations) {
      const supplierOrder = { idempotencyKey: a.key, packageCode: a.line.package_code, count: a.line.quantity };
      recorded.push(...(await storeProfiles(sql, deps, { orderId, lineId: a.line.id, supplierOrder, transactionNo: a.transactionNo, profiles: a.profiles })));
    }
    // Read with the order. Storing only closes chunks, so none open then means none now; some open
    // then, and the fast path just stored chunks, is read again (those may have been them).
    const open = order.open_chunks > 0 && allocations.length > 0 ? await openChunkCount(sql, orderId) : order.open_chunks;
    if (open > 0) {
      await markPartiallyDelivered(sql, orderId);
      return false; // resumed later (retry or restart): the supplier may still deliver
    }
    const lines = await orderLines(sql, orderId);
    const now = deps.now();
    const at = now.toISOString();
    const { deliveredMinor, deliveredUsd, costUsd, undeliverableMinor, undeliverableUsd, physicalPending } = settleDelivery(
      lines.map((l) => ({
        type: l.type,
        quantity: l.quantity,
        quantityDelivered: l.quantity_delivered,
        lineTotalMinor: l.line_total_minor,
        lineTotalUsdMinor: l.line_total_usd_minor,
        supplierCostMinor: l.supplier_cost_minor,
      })),
    );
    const who = { customerId: order.customer_id, currency: order.currency };
    const channel = order.channel as RevenueChannel;
    if (deliveredMinor > 0) {
      await bookDelivered(sql, { id: order.id, reference: order.reference, paymentMethod: order.payment_method, channel, ...who }, { minor: deliveredMinor, usd: deliveredUsd, costUsd }, at, 0);
    }
    if (undeliverableMinor > 0 && order.payment_method === 'prepaid') {
      const release = events.prepaidVoid({ ...who, amountMinor: undeliverableMinor, usdMinor: undeliverableUsd }, order.reference, at, order.id);
      assertPosted(await postEntry(sql, release), release.idempotencyKey);
    }
    const esimQuantity = lines.filter((l) => l.type === 'esim').reduce((n, l) => n + l.quantity, 0);
    // The fast path stored every profile of the order just now, unless a rerun found them stored.
    const profiles =
      allocations.length > 0 && recorded.length === esimQuantity
        ? recorded
        : await profilesOfOrder(sql, orderId);
    const delivered = profiles.length;
    const status = physicalPending ? 'awaiting_fulfilment' : delivered === esimQuantity ? 'delivered' : delivered > 0 ? 'partially_delivered' : 'failed';
    // The order's new status, and the conversation moves on if it was waiting for this order.
    await markFulfilled(sql, orderId, status, delivered > 0 ? now : null);
    if (order.conversation_id !== null) {
      await applyEventTo(sql, order.conversation_id, { state: order.conversation_state!, data: order.conversation_data ?? {} }, { kind: 'delivery_done', orderRef: order.reference });
    }
    if (physicalPending) {
      await openFulfilmentTask(sql, orderId);
    }
    if (order.conversation_id === null) {
      if (delivered < esimQuantity) log.error(`order ${order.reference} finished with ${delivered} of ${esimQuantity} eSIMs delivered and has no conversation to tell; contact the reseller`, { alert: 'staff', customer: order.customer_id });
      return true;
    }
    const t = texts(order.language);
    const conversation = { id: order.conversation_id, channel: order.conversation_channel!, conversationKey: order.conversation_key };
    if (delivered > 0) {
      const { text, attachments } = deliveryMessage(
        t,
        order.reference,
        order.access_token,
        profiles.map((p) => ({ iccid: p.iccid, lpaString: p.lpa_string, accessToken: p.access_token, isTest: p.is_test })),
      );
      await enqueueReply(sql, conversation, `deliver:${order.reference}`, text, attachments, now);
    }
    if (delivered < esimQuantity) {
      // Finished short (the supplier refused a request, or returned eSIMs stored before): nothing
      // more comes for these, so the reseller is told what happened to their money and a person looks.
      const refund = order.payment_method === 'prepaid' ? formatMoney({ amountMinor: undeliverableMinor, currency: order.currency }) : null;
      await enqueueReply(sql, conversation, `undelivered:${order.reference}`, t.undelivered(order.reference, esimQuantity - delivered, esimQuantity, refund), [], now);
      // The requests that did not deliver, each with the supplier's answer; the delivered ones counted (a big order has hundreds).
      const chunks = await chunksOfOrder(sql, orderId);
      const allocated = chunks.filter((c) => c.status === 'allocated');
      const others = chunks.filter((c) => c.status !== 'allocated').map((c) => `${c.idempotency_key} (${c.count} eSIMs): ${c.status}${c.supplier_transaction_no ? `, supplier order ${c.supplier_transaction_no}` : ''}${c.last_error ? `, ${c.last_error}` : ''}`);
      const money = refund ? `${refund} went back to the prepaid balance` : 'the undelivered part is not charged';
      await ticketOrNote(sql, {
        conversationId: order.conversation_id,
        customerId: order.customer_id,
        channel: order.conversation_channel!,
        reason: 'fulfilment_stuck',
        detail: fitTicketDetail(
          [
            `Order ${order.reference} finished with ${delivered} of ${esimQuantity} eSIMs delivered; ${money}. The reseller was told.`,
            `Supplier requests allocated: ${allocated.length} (${allocated.reduce((n, c) => n + c.count, 0)} eSIMs asked for${allocated.length > 0 ? `, e.g. supplier order ${allocated[0]!.supplier_transaction_no ?? '?'}` : ''}).`,
          ],
          others,
          (left) => `... and ${left} more requests not delivered (all of them on the order's page)`,
        ),
      });
    }
    if (physicalPending) await enqueueReply(sql, conversation, `physical:${order.reference}`, t.physical(order.reference), [], now);
    return true;
  });
}

function assertPosted(result: Awaited<ReturnType<typeof postEntry>>, key: string): void {
  if (!result.ok) throw new Error(`ledger refused ${key}: ${result.code}`);
}

/**
 * Books what was delivered: revenue from the prepaid hold or onto the receivable, and its supplier
 * cost. `part` tells deliveries of one order apart (0: the eSIMs, 1: the shipped SIM cards).
 */
export async function bookDelivered(
  sql: Sql,
  order: { id: number; reference: string; paymentMethod: string | null; channel: RevenueChannel; customerId: string; currency: string },
  amount: { minor: number; usd: number; costUsd: number },
  at: string,
  part: number,
): Promise<void> {
  const who = { customerId: order.customerId, currency: order.currency, amountMinor: amount.minor, usdMinor: amount.usd };
  const revenue =
    order.paymentMethod === 'prepaid'
      ? events.prepaidCapture(who, order.channel, order.reference, at, order.id, part)
      : events.postpaidCharge(who, order.channel, order.reference, at, order.id, part);
  assertPosted(await postEntry(sql, revenue), revenue.idempotencyKey);
  const cogs = events.supplierCost(amount.costUsd, order.reference, at, order.id, part);
  assertPosted(await postEntry(sql, cogs), cogs.idempotencyKey);
}

