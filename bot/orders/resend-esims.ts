import { sql as raw } from 'kysely';
import type { OutboundAttachment } from '../../channels/port';
import { resendTexts } from '../../domain/replies/resend-texts';
import { texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { deliveryMessage } from '../fulfilment/delivery-message';
import type { ConversationRef } from '../pipeline/reply';
import { recordAudit } from '../store/audit';
import { enqueueReply } from '../store/outbox';
import { q, run } from '../store/query-builder';

// Resend (issue 19): an order's eSIMs again, as the delivery sent them (QR codes inline, or the CSV
// and ZIP past a few), on one thread. Who may ask and where it goes is decided by the callers: the
// pipeline (a verified contact of the reseller that owns the order, on their own thread) and the
// order desk (staff, on the order's own conversation). Each resend is an audit event and one outbox
// row under a key made upstream (the message's id, or the form's key), so it is sent once.

/** Without a reference: orders delivered within this many hours are "recent"; more than one is asked about. */
export const RESEND_RECENT_HOURS = 24;
/** At most this many references named when asking which order. */
export const RESEND_CHOICES_MAX = 5;

export interface ResendableOrder {
  id: number;
  reference: string;
  customerId: string;
  status: string;
  accessToken: string;
  delivered: boolean;
}

const orderColumns = ['o.id', 'o.reference', 'o.customer_id', 'o.status', 'o.access_token', 'o.delivered_at'] as const;
const toOrder = (r: { id: number; reference: string; customer_id: string; status: string; access_token: string; delivered_at: Date | null }): ResendableOrder => ({
  id: r.id, reference: r.reference, customerId: r.customer_id, status: r.status, accessToken: r.access_token, delivered: r.delivered_at !== null,
});

export async function orderToResend(sql: Sql, idOrRef: number | string): Promise<ResendableOrder | null> {
  const [row] = await run(sql, q.selectFrom('orders as o').select([...orderColumns]).where(typeof idOrRef === 'number' ? 'o.id' : 'o.reference', '=', idOrRef));
  return row ? toOrder(row) : null;
}

/** The reseller's delivered orders, newest delivery first: the latest, and those delivered recently. */
async function deliveredOrders(sql: Sql, customerId: string, now: Date): Promise<{ latest: ResendableOrder | null; recent: ResendableOrder[] }> {
  const rows = await run(
    sql,
    q.selectFrom('orders as o')
      .select([...orderColumns])
      .where('o.customer_id', '=', customerId)
      .where('o.delivered_at', 'is not', null)
      .where((eb) => eb.exists(eb.selectFrom('esim_profiles as e').select(raw.lit(1).as('one')).whereRef('e.order_id', '=', 'o.id')))
      .orderBy('o.delivered_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(RESEND_CHOICES_MAX),
  );
  const since = now.getTime() - RESEND_RECENT_HOURS * 3_600_000;
  const orders = rows.map(toOrder);
  return { latest: orders[0] ?? null, recent: rows.filter((r) => r.delivered_at!.getTime() >= since).map(toOrder) };
}

/** The delivery message of the order's eSIMs still theirs (credited or refunded ones are left out), with a line saying it is sent again. */
async function resendMessage(sql: Sql, order: ResendableOrder, language: string | null): Promise<{ text: string; attachments: OutboundAttachment[]; count: number } | null> {
  const profiles = await run(
    sql,
    q.selectFrom('esim_profiles as e')
      .leftJoin('order_credit_esims as ce', 'ce.esim_profile_id', 'e.id')
      .select(['e.iccid', 'e.lpa_string', 'e.access_token', 'e.is_test'])
      .where('e.order_id', '=', order.id)
      .where('ce.order_credit_id', 'is', null)
      .orderBy('e.id'),
  );
  if (profiles.length === 0) return null;
  const message = deliveryMessage(
    texts(language),
    order.reference,
    order.accessToken,
    profiles.map((p) => ({ iccid: p.iccid, lpaString: p.lpa_string, accessToken: p.access_token, isTest: p.is_test })),
  );
  return { text: `${resendTexts(language).again(order.reference)}\n${message.text}`, attachments: message.attachments, count: profiles.length };
}

export type ResendOutcome =
  | { kind: 'sent'; order: ResendableOrder; count: number }
  | { kind: 'not_delivered' | 'nothing_left'; order: ResendableOrder };

/**
 * Sends the order's eSIMs again to `to`, under `key`, and records who asked. The caller has checked
 * that `to` may have them. The audit event names the eSIM count and the thread, never a code.
 */
export async function resendOrder(
  sql: Sql,
  order: ResendableOrder,
  to: ConversationRef & { language: string | null },
  key: string,
  by: { staffId: number | null; actor?: string; cause: string },
  now: Date,
): Promise<ResendOutcome> {
  if (!order.delivered) return { kind: 'not_delivered', order };
  const message = await resendMessage(sql, order, to.language);
  if (!message) return { kind: 'nothing_left', order };
  await enqueueReply(sql, to, key, message.text, message.attachments, now, by.staffId);
  await recordAudit(sql, {
    by: by.staffId,
    actor: by.actor,
    action: 'order.resend',
    subject: `order:${order.id}`,
    customerId: order.customerId,
    after: { order: order.reference, esims: message.count, to: to.conversationKey, key, cause: by.cause },
    at: now,
  });
  return { kind: 'sent', order, count: message.count };
}

/**
 * A reseller's own ask, from the pipeline: the sender is verified (the pipeline never gets here
 * otherwise) and a contact of `customerId`; the eSIMs go only to the thread the ask came on, and only
 * for an order of that same reseller. Anything else is one refusal that says nothing of the order.
 * Returns the text to answer with, or null when the eSIMs themselves are the answer.
 */
export async function resendForReseller(
  sql: Sql,
  ask: { customerId: string; allowed: boolean; orderRefs: string[]; thread: ConversationRef; language: string; sender: string; key: string; now: Date },
): Promise<string | null> {
  const say = resendTexts(ask.language);
  if (!ask.allowed || ask.orderRefs.length > 1) return ask.allowed ? say.which(ask.orderRefs.slice(0, RESEND_CHOICES_MAX).join(', ')) : say.refused;
  let order: ResendableOrder | null;
  if (ask.orderRefs.length === 1) {
    order = await orderToResend(sql, ask.orderRefs[0]!);
    // Another reseller's order, or none: the same words, so a reference reveals nothing.
    if (!order || order.customerId !== ask.customerId) return say.refused;
  } else {
    const { latest, recent } = await deliveredOrders(sql, ask.customerId, ask.now);
    if (recent.length > 1) return say.which(recent.map((o) => o.reference).join(', '));
    order = latest;
    if (!order) return say.none;
  }
  const outcome = await resendOrder(sql, order, { ...ask.thread, language: ask.language }, `resend:${order.reference}:${ask.key}`, { staffId: null, actor: `reseller ${ask.sender}`, cause: ask.key }, ask.now);
  if (outcome.kind === 'not_delivered') return say.notDelivered(order.reference);
  if (outcome.kind === 'nothing_left') return say.nothingLeft(order.reference);
  return null;
}
