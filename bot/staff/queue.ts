import { randomUUID } from 'node:crypto';
import type { InboundSink } from '../../channels/port';
import type { Database } from '../db/database';
import { applyEvent } from '../conversation/conversation-store';
import { sql as raw } from 'kysely';
import { poolSql, transaction } from '../db/sql';
import { q, run } from '../store/query-builder';
import { activeConversationTicket, claimTicket as claimTicketRow, openPulledTicket, releaseTicket as releaseTicketRow, ticketNow } from '../store/tickets';
import { conversationContactAddress } from '../store/identities';
import { resellerOf } from '../store/customers';
import { accountPosition, type CustomerRow } from '../pipeline/account';
import { enqueueReply } from '../pipeline/reply';

// The handoff queue: what staff see and do. A held conversation (state handed_off) gets no bot
// answers; staff replies go out through the same outbox on the conversation's own channel;
// release gives the conversation back to the bot.

export interface QueueTicket {
  id: number;
  /** null: a ticket about money, not a conversation (an unmatched deposit: see depositId). */
  conversationId: number | null;
  depositId: number | null;
  customerId: string | null;
  company: string | null;
  channel: string;
  reason: string;
  detail: string | null;
  /** The reseller's latest message. */
  lastMessage: string | null;
  status: 'open' | 'claimed';
  claimedBy: string | null;
  openedAt: string;
  waitingSeconds: number;
}

export async function listQueue(db: Database): Promise<QueueTicket[]> {
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('handoff_tickets as t')
      .leftJoin('customers as c', 'c.customer_id', 't.customer_id')
      .leftJoin('staff_users as s', 's.id', 't.claimed_by_id')
      .select((eb) => [
        't.id', 't.conversation_id', 't.deposit_id', 't.customer_id', 'c.company', 't.reason', 't.detail', 't.status', 't.opened_at',
        raw<string>`coalesce(t.channel::text, 'bank')`.as('channel'),
        's.email as claimed_by',
        raw<number>`extract(epoch FROM now() - t.opened_at)::int`.as('waiting'),
        eb.selectFrom('messages as m').select('m.text').whereRef('m.conversation_id', '=', 't.conversation_id').where('m.direction', '=', 'inbound').orderBy('m.id', 'desc').limit(1).as('last_message'),
      ])
      .where('t.status', 'in', ['open', 'claimed'])
      .orderBy('t.opened_at')
      .orderBy('t.id'),
  );
  return rows.map((r) => ({
    id: r.id, conversationId: r.conversation_id, depositId: r.deposit_id, customerId: r.customer_id, company: r.company, channel: r.channel, reason: r.reason, detail: r.detail, lastMessage: r.last_message,
    status: r.status as QueueTicket['status'], claimedBy: r.claimed_by, openedAt: new Date(r.opened_at).toISOString(), waitingSeconds: Number(r.waiting),
  }));
}

export class QueueError extends Error {}

async function ticketConversation(db: Database, ticketId: number) {
  const sql = poolSql(db.pool);
  const [row] = await run(
    sql,
    q.selectFrom('handoff_tickets as t')
      .innerJoin('conversations as c', 'c.id', 't.conversation_id')
      .select(['t.id', 't.status', 't.claimed_by_id', 'c.id as conversation_id', 'c.channel', 'c.conversation_key'])
      .where('t.id', '=', ticketId),
  );
  if (!row) {
    const [deposit] = await run(sql, q.selectFrom('handoff_tickets').select('deposit_id').where('id', '=', ticketId));
    if (deposit?.deposit_id) throw new QueueError(`ticket ${ticketId} is about deposit ${deposit.deposit_id}, not a conversation: decide it on the deposits page`);
    throw new QueueError(`ticket ${ticketId} does not exist`);
  }
  return row;
}

/**
 * Takes a ticket: the conversation is this staff member's; the bot stays silent in it. The claim is
 * one conditional update: of two staff members clicking at once, one gets the ticket and the other
 * is told who holds it (checking first and updating after let both "win").
 */
export async function claimTicket(db: Database, ticketId: number, staffId: number): Promise<void> {
  const ticket = await ticketConversation(db, ticketId);
  await transaction(db.pool, async (sql) => {
    const claimed = await claimTicketRow(sql, ticketId, staffId);
    if (!claimed) {
      const now = await ticketNow(sql, ticketId);
      throw new QueueError(now.status === 'released' ? `ticket ${ticketId} was already released` : `ticket ${ticketId} is held by ${now.holder ?? 'someone else'}`);
    }
    await applyEvent(sql, [ticket.conversation_id], () => ({ kind: 'staff_claimed' }));
  });
}

/** A staff reply on the conversation's own channel and thread (through the outbox). Returns the conversation id. */
export async function replyOnTicket(db: Database, ticketId: number, staffId: number, text: string): Promise<number> {
  const body = text.trim();
  if (!body) throw new QueueError('the reply is empty');
  if (body.length > 4000) throw new QueueError('the reply is longer than 4000 characters');
  const ticket = await ticketConversation(db, ticketId);
  if (ticket.status !== 'claimed' || ticket.claimed_by_id !== staffId) throw new QueueError(`claim ticket ${ticketId} before replying`);
  await transaction(db.pool, (sql) =>
    enqueueReply(sql, { id: ticket.conversation_id, channel: ticket.channel, conversationKey: ticket.conversation_key }, `staff:${ticketId}:${randomUUID()}`, body, [], new Date(), staffId),
  );
  return ticket.conversation_id;
}

/**
 * Staff order in the reseller's name: the text goes into the same pipeline as the reseller's own
 * messages (same prices, same payment, same ledger, replies on the reseller's channel).
 */
export async function actForReseller(db: Database, sink: InboundSink, ticketId: number, staffId: number, text: string): Promise<void> {
  const body = text.trim();
  if (!body) throw new QueueError('write the order, e.g. "Japan 10GB 15 days x 20", or "yes" to confirm the open quote');
  const ticket = await ticketConversation(db, ticketId);
  if (ticket.status !== 'claimed' || ticket.claimed_by_id !== staffId) throw new QueueError(`claim ticket ${ticketId} before ordering for the reseller`);
  const address = await conversationContactAddress(poolSql(db.pool), ticket.conversation_id);
  if (address === null) throw new QueueError('this conversation is not with a known reseller contact');
  await sink.receive({
    channel: ticket.channel,
    externalId: `staff:${ticketId}:${randomUUID()}`,
    conversationKey: ticket.conversation_key,
    sender: { address, authenticated: true },
    text: body,
    attachments: [],
    receivedAt: new Date(),
    enteredByStaffId: staffId,
  });
}

/** Hands the conversation back to the bot (its holder, or anyone while it is open). */
export async function releaseTicket(db: Database, ticketId: number, staffId: number): Promise<void> {
  const ticket = await ticketConversation(db, ticketId);
  if (ticket.status === 'released') return;
  await transaction(db.pool, async (sql) => {
    const released = await releaseTicketRow(sql, ticketId, staffId);
    if (!released) {
      const now = await ticketNow(sql, ticketId);
      if (now.status === 'released') return;
      throw new QueueError(`ticket ${ticketId} is held by ${now.holder ?? 'someone else'}`);
    }
    await applyEvent(sql, [ticket.conversation_id], () => ({ kind: 'staff_released' }));
  });
}

/** A conversation as staff see it: the transcript and the reseller's account. */
export async function conversationView(db: Database, conversationId: number) {
  const sql = poolSql(db.pool);
  const [conversation] = await run(
    sql,
    q.selectFrom('conversations as c')
      .leftJoin('channel_identities as ci', 'ci.id', 'c.channel_identity_id')
      .leftJoin('customers as cu', 'cu.customer_id', 'c.customer_id')
      .select(['c.id', 'c.channel', 'c.conversation_key', 'c.state', 'c.language', 'cu.company', 'ci.contact_name', 'ci.role as contact_role', 'ci.address as contact_address', resellerOf('c.customer_id').as('customer')])
      .where('c.id', '=', conversationId),
  );
  if (!conversation) return null;
  const messages = await run(
    sql,
    q.selectFrom('messages as m')
      .leftJoin('staff_users as s', 's.id', 'm.sent_by_staff_id')
      .select([raw<string>`m.id::text`.as('id'), 'm.direction', 'm.sender_address as sender', 'm.text', 'm.received_at as at', 's.email as staff'])
      .where('m.conversation_id', '=', conversationId)
      .orderBy('m.id', 'desc')
      .limit(200),
  );
  const customer: CustomerRow | null = conversation.customer;
  let account = null;
  if (customer) {
    const position = await accountPosition(sql, customer);
    const orders = await run(
      sql,
      q.selectFrom('orders').select(['reference', 'status', raw<string>`total_minor::text`.as('total'), 'currency', 'created_at as created']).where('customer_id', '=', customer.id).orderBy('id', 'desc').limit(10),
    );
    account = { customer, position, orders: orders.map((o) => ({ ...o, created: new Date(o.created).toISOString() })) };
  }
  return {
    id: conversation.id,
    channel: conversation.channel,
    conversationKey: conversation.conversation_key,
    state: conversation.state,
    language: conversation.language,
    // Who is writing (the ticket header): the reseller's company and the contact on this channel.
    contact: { company: conversation.company, name: conversation.contact_name, role: conversation.contact_role, address: conversation.contact_address },
    messages: messages.reverse().map((m) => ({ ...m, at: new Date(m.at).toISOString() })),
    account,
  };
}

/** Recent orders across resellers, for the staff app's order list. */
export async function recentOrders(db: Database, limit = 50) {
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('orders as o')
      .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
      .select(['o.reference', 'o.customer_id', 'c.company', 'o.status', 'o.total_minor', 'o.currency', 'o.channel', 'o.conversation_id', 'o.created_at'])
      .orderBy('o.id', 'desc')
      .limit(limit),
  );
  return rows.map((r) => ({ reference: r.reference, customerId: r.customer_id, company: r.company, status: r.status, totalMinor: Number(r.total_minor), currency: r.currency, channel: r.channel, conversationId: r.conversation_id, createdAt: new Date(r.created_at).toISOString() }));
}

/** Staff pull: a staff member takes over a conversation the bot was handling; the ticket is theirs at once. */
export async function pullConversation(db: Database, conversationId: number, staffId: number): Promise<number> {
  return transaction(db.pool, async (sql) => {
    const [conversation] = await run(sql, q.selectFrom('conversations').select(['id', 'customer_id', 'channel']).where('id', '=', conversationId).forUpdate());
    if (!conversation) throw new QueueError(`conversation ${conversationId} does not exist`);
    const existing = await activeConversationTicket(sql, conversationId);
    if (existing && existing.claimed_by_id !== null && existing.claimed_by_id !== staffId) throw new QueueError('someone else already holds this conversation');
    let ticketId: number;
    if (existing) {
      if (!(await claimTicketRow(sql, existing.id, staffId))) throw new QueueError('someone else already holds this conversation');
      ticketId = existing.id;
    } else {
      ticketId = await openPulledTicket(sql, { conversationId, customerId: conversation.customer_id, channel: conversation.channel, staffId });
    }
    await applyEvent(sql, [conversationId], () => ({ kind: 'staff_claimed' }));
    return ticketId;
  });
}
