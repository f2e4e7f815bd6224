import { sql as raw } from 'kysely';
import type { HandoffReason } from '../../generated/kysely/enums';
import type { ChannelName } from '../../channels/port';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';
import { TICKET_DETAIL_MAX, withNote } from '../../domain/staff/ticket-detail';

// Handoff tickets: every way one is opened, taken, given back or closed, written once, typed from
// the schema. A conversation has at most one open ticket; a deposit's tickets close with it.

type TicketReason = HandoffReason;

type ConversationTicket = { conversationId: number; customerId: string | null; channel: ChannelName; reason: TicketReason; detail: string };

/** Inserts the ticket unless the conversation has one open or claimed; the new ticket's id, if any. */
async function insertUnlessOpen(sql: Sql, ticket: ConversationTicket): Promise<number | null> {
  const [row] = await run(
    sql,
    q.insertInto('handoff_tickets')
      .columns(['conversation_id', 'customer_id', 'channel', 'reason', 'detail'])
      .expression(
        q
          .selectNoFrom((eb) => [
            eb.val(ticket.conversationId).as('conversation_id'),
            eb.val(ticket.customerId).as('customer_id'),
            eb.cast<ChannelName>(eb.val(ticket.channel), raw`"Channel"`).as('channel'),
            eb.cast<TicketReason>(eb.val(ticket.reason), raw`"HandoffReason"`).as('reason'),
            eb.val(ticket.detail.slice(0, TICKET_DETAIL_MAX)).as('detail'),
          ])
          .where((eb) => eb.not(eb.exists(eb.selectFrom('handoff_tickets').select('id').where('conversation_id', '=', ticket.conversationId).where('status', 'in', ['open', 'claimed'])))),
      )
      .returning('id'),
  );
  return row?.id ?? null;
}

/** A ticket for a conversation, unless one is already open or claimed there (one person at a time). */
export async function openConversationTicket(sql: Sql, ticket: ConversationTicket): Promise<void> {
  await insertUnlessOpen(sql, ticket);
}

/**
 * Something staff must see on a conversation: a new ticket, or, when one is already open or claimed
 * there, the detail added to it (under a line that says so), so that it is not lost. Returns which.
 */
export async function ticketOrNote(sql: Sql, ticket: ConversationTicket): Promise<'opened' | 'noted'> {
  // Staff may close the open ticket between the statements: then a new one is opened.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if ((await insertUnlessOpen(sql, ticket)) !== null) return 'opened';
    const [open] = await run(
      sql,
      q.selectFrom('handoff_tickets').select(['id', 'detail']).where('conversation_id', '=', ticket.conversationId).where('status', 'in', ['open', 'claimed']).forUpdate(),
    );
    if (!open) continue;
    await run(sql, q.updateTable('handoff_tickets').set({ detail: withNote(open.detail ?? '', ticket.reason, ticket.detail) }).where('id', '=', open.id));
    return 'noted';
  }
  throw new Error(`could not open or note a ticket on conversation ${ticket.conversationId}`);
}

/** A ticket for a message whose sender could not be verified: always one per message, staff read each. */
export async function openUnverifiedSenderTicket(sql: Sql, ticket: { conversationId: number; customerId: string | null; channel: ChannelName; detail: string }): Promise<void> {
  await run(sql, q.insertInto('handoff_tickets').values({ conversation_id: ticket.conversationId, customer_id: ticket.customerId, channel: ticket.channel, reason: 'unverified_sender', detail: ticket.detail.slice(0, 2000) }));
}

/** Staff pull a conversation the bot was handling: a ticket claimed by them at once. */
export async function openPulledTicket(sql: Sql, ticket: { conversationId: number; customerId: string | null; channel: ChannelName; staffId: number }): Promise<number> {
  const [row] = await run(
    sql,
    q.insertInto('handoff_tickets')
      .values({ conversation_id: ticket.conversationId, customer_id: ticket.customerId, channel: ticket.channel, reason: 'staff_pull', detail: 'taken over by staff', status: 'claimed', claimed_by_id: ticket.staffId, claimed_at: raw<Date>`now()` })
      .returning('id'),
  );
  return row!.id;
}

/**
 * Unmatched deposits for staff, any number in one statement (a bank file's worth): the arrays are
 * bound as three parameters, so the statement text, and its prepared plan, is the same for 1 or 10,000.
 */
export async function openDepositTickets(sql: Sql, tickets: readonly { depositId: number; customerId: string | null; detail: string }[]): Promise<void> {
  if (tickets.length === 0) return;
  // Raw: a bulk insert over unnest arrays, which the builder has no form for; returns no rows.
  await sql.query(
    `INSERT INTO handoff_tickets (deposit_id, customer_id, reason, detail) SELECT u.d, u.c, 'unmatched_deposit', u.t FROM unnest($1::int[], $2::text[], $3::text[]) AS u(d, c, t)`,
    [tickets.map((t) => t.depositId), tickets.map((t) => t.customerId), tickets.map((t) => t.detail.slice(0, 2000))],
  );
}

/** The conversation's open or claimed ticket (the oldest, should there be two), or null. */
export async function activeConversationTicket(sql: Sql, conversationId: number): Promise<{ id: number; claimed_by_id: number | null } | null> {
  const [row] = await run(
    sql,
    q.selectFrom('handoff_tickets').select(['id', 'claimed_by_id']).where('conversation_id', '=', conversationId).where('status', 'in', ['open', 'claimed']).orderBy('id').limit(1),
  );
  return row ?? null;
}

/** Takes a ticket if it is open, or already this staff member's; false when someone else holds it or it was released. */
export async function claimTicket(sql: Sql, ticketId: number, staffId: number): Promise<boolean> {
  const rows = await run(
    sql,
    q.updateTable('handoff_tickets')
      .set({ status: 'claimed', claimed_by_id: staffId, claimed_at: raw<Date>`coalesce(claimed_at, now())` })
      .where('id', '=', ticketId)
      .where((w) => w.or([w('status', '=', 'open'), w.and([w('status', '=', 'claimed'), w('claimed_by_id', '=', staffId)])]))
      .returning('id'),
  );
  return rows.length === 1;
}

/** Gives a ticket back (its holder, or anyone while it is open); false when someone else holds it or it was released. */
export async function releaseTicket(sql: Sql, ticketId: number, staffId: number): Promise<boolean> {
  const rows = await run(
    sql,
    q.updateTable('handoff_tickets')
      .set({ status: 'released', claimed_by_id: raw<number>`coalesce(claimed_by_id, ${staffId})`, released_at: raw<Date>`now()` })
      .where('id', '=', ticketId)
      .where((w) => w.or([w('status', '=', 'open'), w.and([w('status', '=', 'claimed'), w('claimed_by_id', '=', staffId)])]))
      .returning('id'),
  );
  return rows.length === 1;
}

/** A deposit was decided (matched, not ours, reversed): its open tickets close, by whoever decided it. */
export async function closeDepositTickets(sql: Sql, depositId: number, staffId: number | null): Promise<void> {
  await run(
    sql,
    q.updateTable('handoff_tickets')
      .set({ status: 'released', claimed_by_id: raw<number | null>`coalesce(claimed_by_id, ${staffId}::int)`, released_at: raw<Date>`now()` })
      .where('deposit_id', '=', depositId)
      .where('status', 'in', ['open', 'claimed']),
  );
}

/** A ticket as it stands now, for the answer to a claim or release that lost a race. */
export async function ticketNow(sql: Sql, ticketId: number): Promise<{ status: string | null; holder: string | null }> {
  const [row] = await run(
    sql,
    q.selectFrom('handoff_tickets as t').leftJoin('staff_users as s', 's.id', 't.claimed_by_id').select(['t.status', 's.email as holder']).where('t.id', '=', ticketId),
  );
  return { status: row?.status ?? null, holder: row?.holder ?? null };
}
