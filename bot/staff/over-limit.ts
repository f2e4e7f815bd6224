import { sql as raw } from 'kysely';
import { z } from 'zod';
import { isIsoDate, toIsoDate } from '../../domain/dates';
import { addDays } from '../../domain/invoices/calendar';
import { formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import type { InboundSink } from '../../channels/port';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';
import { actForReseller, claimTicket, QueueError } from './queue';

// An order over the value threshold or over a postpaid reseller's credit limit waits for a person
// (issue 15). An owner decides on the ticket: let this one order through (recorded on its quote), or
// give the reseller temporary credit up to an amount until a date. Either way the order then goes
// through the same pipeline: the owner confirms it for the reseller ("yes", as staff acting for them),
// so the payment, the reseller's reply and the delivery are the bot's usual ones.

export const TEMPORARY_CREDIT_MAX_DAYS = 92;

export const overLimitDecision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('this_order') }),
  z.object({
    kind: z.literal('temporary_credit'),
    limitUsd: z.string().trim().regex(/^\d+(\.\d{1,2})?$/, 'limitUsd is an amount in USD such as 15000 or 15000.00'),
    until: z.string().trim().refine(isIsoDate, 'until is a date, YYYY-MM-DD'),
  }),
]);
export type OverLimitDecision = z.infer<typeof overLimitDecision>;

export async function decideOverLimit(db: Database, sink: InboundSink, ticketId: number, owner: { staffId: number }, decision: OverLimitDecision, now = new Date()): Promise<{ conversationId: number; message: string }> {
  const outcome = await transaction(db.pool, async (sql) => {
    const [ticket] = await run(
      sql,
      q.selectFrom('handoff_tickets as t')
        .innerJoin('customers as c', 'c.customer_id', 't.customer_id')
        .select(['t.id', 't.reason', 't.status', 't.claimed_by_id', 't.conversation_id', 't.customer_id', 'c.account_type', 'c.credit_limit_minor'])
        .where('t.id', '=', ticketId)
        .forUpdate(['t']),
    );
    if (!ticket || ticket.conversation_id === null) throw new QueueError(`ticket ${ticketId} does not exist or is not about a conversation`);
    if (ticket.reason !== 'over_credit_limit' && ticket.reason !== 'over_value_threshold') throw new QueueError(`ticket ${ticketId} is about ${ticket.reason.replace(/_/g, ' ')}, not an order over a limit`);
    if (ticket.status === 'released') throw new QueueError(`ticket ${ticketId} was already released`);
    if (ticket.status === 'claimed' && ticket.claimed_by_id !== owner.staffId) throw new QueueError(`ticket ${ticketId} is held by someone else; they release it, or decide it themselves`);
    // The order waiting: the conversation's open quote (over the threshold) or its order waiting for payment (over the limit).
    const [waiting] = await run(
      sql,
      q.selectFrom('quotes as qt')
        .leftJoin('orders as o', 'o.quote_id', 'qt.id')
        .select(['qt.id', 'qt.reference', 'qt.total_usd_minor', 'qt.over_limit_approved_by_id', 'o.reference as order_ref'])
        .where('qt.conversation_id', '=', ticket.conversation_id)
        .where((eb) => eb.or([eb('qt.status', '=', 'open'), eb('o.status', '=', 'awaiting_payment')]))
        .orderBy('qt.id', 'desc')
        .limit(1)
        .forUpdate(['qt']),
    );
    if (!waiting) throw new QueueError('no order or open quote waits in this conversation any more (it expired or was cancelled)');
    const customerId = ticket.customer_id!;
    const what = waiting.order_ref ?? waiting.reference;
    if (decision.kind === 'this_order') {
      // Asked again (a retry, a second click): recorded once; the confirmation below is sent again, harmlessly.
      if (waiting.over_limit_approved_by_id !== null) return { conversationId: ticket.conversation_id, message: `${what} was already approved; confirmed for the reseller` };
      await run(sql, q.updateTable('quotes').set({ over_limit_approved_by_id: owner.staffId, over_limit_approved_at: now }).where('id', '=', waiting.id));
      await recordAudit(sql, { by: owner.staffId, action: 'credit.approve_order', subject: `quote:${waiting.reference}`, customerId, before: { reason: ticket.reason }, after: { approved: what, totalUsd: formatMinorAsDecimal(Number(waiting.total_usd_minor), 'USD') }, at: now });
      return { conversationId: ticket.conversation_id, message: `${what} approved by the owner; confirmed for the reseller` };
    }
    if (ticket.account_type !== 'postpaid') throw new QueueError(`${customerId} is prepaid: temporary credit is for postpaid accounts; approve this one order instead`);
    const limit = parseDecimalToMinor(decision.limitUsd, 'USD');
    const today = toIsoDate(now);
    if (limit <= Number(ticket.credit_limit_minor)) throw new QueueError(`temporary credit must be above the credit limit of USD ${formatMinorAsDecimal(Number(ticket.credit_limit_minor), 'USD')}`);
    if (decision.until < today || decision.until > addDays(today, TEMPORARY_CREDIT_MAX_DAYS)) throw new QueueError(`until must be between today and ${addDays(today, TEMPORARY_CREDIT_MAX_DAYS)} (at most ${TEMPORARY_CREDIT_MAX_DAYS} days)`);
    await run(sql, q.insertInto('credit_extensions').values({ customer_id: customerId, limit_usd_minor: limit, until: raw<Date>`${decision.until}::date`, granted_by_id: owner.staffId, granted_at: now, ticket_id: ticketId }));
    await recordAudit(sql, { by: owner.staffId, action: 'credit.temporary', subject: `customer:${customerId}`, customerId, before: { creditLimitUsd: formatMinorAsDecimal(Number(ticket.credit_limit_minor), 'USD') }, after: { temporaryLimitUsd: formatMinorAsDecimal(limit, 'USD'), until: decision.until, for: what }, at: now });
    return { conversationId: ticket.conversation_id, message: `${customerId} has temporary credit up to USD ${formatMinorAsDecimal(limit, 'USD')} until ${decision.until}; ${what} confirmed for the reseller` };
  });
  const [ticket] = await run(poolSql(db.pool), q.selectFrom('handoff_tickets').select('status').where('id', '=', ticketId));
  if (ticket?.status === 'open') await claimTicket(db, ticketId, owner.staffId);
  await actForReseller(db, sink, ticketId, owner.staffId, 'yes');
  return outcome;
}
