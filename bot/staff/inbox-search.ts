import { sql as raw, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { HandoffReason } from '../../generated/kysely/enums';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { q, run } from '../store/query-builder';
import type { QueueTicket } from './queue';

// Search and filters over the staff inbox (issue 19, after Chatwoot's agent view): one query over
// tickets, open or closed, matched on the reseller (id, company), the channel address (phone,
// WeChat id, email: the conversation key and the reseller's contact addresses and names), order and
// quote references (and the reseller's PO number) and the text of the conversation's messages.
// Bounded rather than indexed for text: ILIKE over tickets opened in the last SEARCH_DAYS days,
// newest first, at most SEARCH_LIMIT rows; the filters (status, reason, channel, holder) ride the
// (status, opened_at) index.

export const SEARCH_LIMIT = 100;
export const SEARCH_DAYS = 365;

export const searchQuery = z.object({
  q: z.string().trim().max(200).optional().default(''),
  reason: z.enum(Object.values(HandoffReason) as [HandoffReason, ...HandoffReason[]]).optional(),
  channel: z.enum(['whatsapp', 'wechat', 'email', 'web', 'bank']).optional(),
  /** active = open or claimed (the queue); mine / others = claimed by (or assigned to) me / someone else. */
  status: z.enum(['active', 'open', 'mine', 'others', 'closed', 'all']).optional().default('active'),
  waitingMinutes: z.coerce.number().int().min(0).max(60 * 24 * 365).optional(),
}).strict();
export type SearchQuery = z.infer<typeof searchQuery>;

export interface FoundTicket extends Omit<QueueTicket, 'status'> {
  status: 'open' | 'claimed' | 'released';
  claimedById: number | null;
  closedAt: string | null;
}

/** `%text%` for ILIKE with the user's own % and _ taken literally. */
const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchTickets(db: Database, query: SearchQuery, staffId: number): Promise<FoundTicket[]> {
  const text = query.q;
  let builder = q.selectFrom('handoff_tickets as t')
    .leftJoin('customers as c', 'c.customer_id', 't.customer_id')
    .leftJoin('conversations as cv', 'cv.id', 't.conversation_id')
    .leftJoin('staff_users as s', 's.id', 't.claimed_by_id')
    .select((eb) => [
      't.id', 't.conversation_id', 't.deposit_id', 't.customer_id', 'c.company', 't.reason', 't.detail', 't.status', 't.opened_at', 't.released_at', 't.claimed_by_id',
      raw<string>`coalesce(t.channel::text, 'bank')`.as('channel'),
      's.email as claimed_by',
      raw<number>`extract(epoch FROM coalesce(t.released_at, now()) - t.opened_at)::int`.as('waiting'),
      eb.selectFrom('messages as m').select('m.text').whereRef('m.conversation_id', '=', 't.conversation_id').where('m.direction', '=', 'inbound').orderBy('m.id', 'desc').limit(1).as('last_message'),
    ])
    .where('t.opened_at', '>', raw<Date>`now() - make_interval(days => ${SEARCH_DAYS})`);

  const status = query.status;
  if (status === 'active') builder = builder.where('t.status', 'in', ['open', 'claimed']);
  else if (status === 'open') builder = builder.where('t.status', '=', 'open');
  else if (status === 'mine') builder = builder.where('t.status', '=', 'claimed').where('t.claimed_by_id', '=', staffId);
  else if (status === 'others') builder = builder.where('t.status', '=', 'claimed').where('t.claimed_by_id', '!=', staffId);
  else if (status === 'closed') builder = builder.where('t.status', '=', 'released');
  if (query.reason) builder = builder.where('t.reason', '=', query.reason);
  if (query.channel === 'bank') builder = builder.where('t.channel', 'is', null);
  else if (query.channel) builder = builder.where('t.channel', '=', query.channel);
  if (query.waitingMinutes !== undefined) {
    builder = builder.where('t.status', 'in', ['open', 'claimed']).where('t.opened_at', '<', raw<Date>`now() - make_interval(mins => ${query.waitingMinutes})`);
  }
  if (text) {
    const pattern = like(text);
    builder = builder.where((eb) => {
      const matches: Expression<SqlBool>[] = [
        eb('t.customer_id', 'ilike', pattern),
        eb('c.company', 'ilike', pattern),
        eb('cv.conversation_key', 'ilike', pattern),
        eb('t.detail', 'ilike', pattern),
        eb.exists(eb.selectFrom('channel_identities as ci').select('ci.id').whereRef('ci.customer_id', '=', 't.customer_id').where((w) => w.or([w('ci.address', 'ilike', pattern), w('ci.contact_name', 'ilike', pattern)]))),
        eb.exists(eb.selectFrom('orders as o').select('o.id').where((w) => w.or([w('o.conversation_id', '=', w.ref('t.conversation_id')), w('o.customer_id', '=', w.ref('t.customer_id'))])).where((w) => w.or([w('o.reference', 'ilike', pattern), w('o.customer_reference', 'ilike', pattern)]))),
        eb.exists(eb.selectFrom('quotes as qu').select('qu.id').where((w) => w.or([w('qu.conversation_id', '=', w.ref('t.conversation_id')), w('qu.customer_id', '=', w.ref('t.customer_id'))])).where((w) => w.or([w('qu.reference', 'ilike', pattern), w('qu.customer_reference', 'ilike', pattern)]))),
        // The conversation's messages (both directions), by the (conversation_id, id) index.
        eb.exists(eb.selectFrom('messages as m').select('m.id').whereRef('m.conversation_id', '=', 't.conversation_id').where('m.text', 'ilike', pattern)),
      ];
      return eb.or(matches);
    });
  }
  const rows = await run(poolSql(db.pool), builder.orderBy('t.opened_at', status === 'active' || status === 'open' ? 'asc' : 'desc').orderBy('t.id').limit(SEARCH_LIMIT));
  return rows.map((r) => ({
    id: r.id, conversationId: r.conversation_id, depositId: r.deposit_id, customerId: r.customer_id, company: r.company, channel: r.channel, reason: r.reason, detail: r.detail, lastMessage: r.last_message,
    status: r.status, claimedBy: r.claimed_by, claimedById: r.claimed_by_id, openedAt: new Date(r.opened_at).toISOString(), closedAt: r.released_at ? new Date(r.released_at).toISOString() : null, waitingSeconds: Number(r.waiting),
  }));
}
