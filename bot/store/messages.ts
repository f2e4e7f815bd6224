import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// The transcript: what the pipeline reads and marks on a stored message, typed from the schema.
// (A message is stored by intake, in the statement that finds its conversation; a reply by the outbox store.)

/** Counts an attempt at message `id` unless it is processed; returns the attempt's number. */
const countAttempt = (id: never) =>
  q.updateTable('messages').set({ processing_attempts: raw<number>`processing_attempts + 1` }).where('id', '=', id).where('processed_at', 'is', null).returning('processing_attempts');

/** The conversation's inbound messages stored before `before` and still waiting, oldest first (at most 100). */
const waitingBefore = (conversationId: never, before: never) =>
  q.selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', raw<'inbound'>`'inbound'`)
    .where('processed_at', 'is', null)
    .where('id', '<', before)
    .orderBy('id')
    .limit(raw<number>`100`);

const attemptOnce = compiledOnce(['id'] as const, (p) => countAttempt(p.id));

/**
 * Counts an attempt at processing a message, committed before the attempt starts (so a crash or
 * a hang still counts). Returns the attempt's number, or null when the message is already processed.
 */
export async function startAttempt(sql: Sql, messageId: bigint): Promise<number | null> {
  const [row] = await attemptOnce(sql, { id: String(messageId) });
  return row ? row.processing_attempts : null;
}

const attemptUnlessEarlierOnce = compiledOnce(['id', 'conversationId'] as const, (p) =>
  q.with('earlier', () => waitingBefore(p.conversationId, p.id))
    .with('counted', (db) => countAttempt(p.id).where((eb) => eb.not(eb.exists(db.selectFrom('earlier').select('earlier.id')))))
    .selectNoFrom((eb) => [
      eb.selectFrom('earlier').select(raw<string[]>`coalesce(array_agg(earlier.id::text ORDER BY earlier.id), '{}')`.as('ids')).as('earlier'),
      eb.selectFrom('counted').select('counted.processing_attempts').as('attempt'),
    ]),
);

/**
 * The start of a queued message's attempt in one round trip: its earlier messages still waiting,
 * and, when there are none, its attempt counted (as startAttempt: `counted` is its number, or null
 * when the message is already processed). With earlier ones nothing is counted (`counted` absent):
 * they go first, each counted on its own, then this one.
 */
export async function attemptUnlessEarlier(sql: Sql, conversationId: number, messageId: bigint): Promise<{ earlier: bigint[]; counted?: number | null }> {
  const [row] = await attemptUnlessEarlierOnce(sql, { id: String(messageId), conversationId });
  const earlier = (row!.earlier ?? []).map((id) => BigInt(id));
  return earlier.length > 0 ? { earlier } : { earlier, counted: row!.attempt ?? null };
}

const earlierOnce = compiledOnce(['conversationId', 'before'] as const, (p) => waitingBefore(p.conversationId, p.before));

/** Messages of the conversation stored before this one and not yet processed, oldest first (at most 100). */
export async function earlierUnprocessed(sql: Sql, conversationId: number, messageId: bigint): Promise<bigint[]> {
  return (await earlierOnce(sql, { conversationId, before: String(messageId) })).map((r) => BigInt(r.id));
}

const markUnreadOnce = compiledOnce(['id', 'intent'] as const, (p) => q.updateTable('messages').set({ processed_at: raw<Date>`now()`, intent: p.intent }).where('id', '=', p.id));

/** Processed without a reading: a sender that could not be verified, or a message handed to staff after failing. */
export async function markProcessedUnread(sql: Sql, messageId: bigint, intent: 'unverified_sender' | 'other'): Promise<void> {
  await markUnreadOnce(sql, { id: String(messageId), intent });
}

const toReadOnce = compiledOnce(['id'] as const, (p) => q.selectFrom('messages').select(['text', 'processed_at', 'sender_verified']).where('id', '=', p.id));

/** A message as the LLM would read it, before any lock is taken (null if it does not exist). */
export async function messageToRead(sql: Sql, messageId: bigint): Promise<{ text: string; processed_at: Date | null; sender_verified: boolean } | null> {
  const [row] = await toReadOnce(sql, { id: String(messageId) });
  return row ?? null;
}

const lockInboundOnce = compiledOnce(['id'] as const, (p) =>
  q
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.conversation_id', 'm.text', 'm.sender_address', 'm.processed_at', 'm.sender_verified', 'm.attachments', 'm.sent_by_staff_id'])
    .select(['c.customer_id', 'c.channel', 'c.conversation_key', 'c.language', 'c.state', 'c.state_data'])
    .where('m.id', '=', p.id)
    .forUpdate(['c', 'm']),
);

/** The message to process and its conversation, both locked for the rest of the transaction (null if it does not exist). */
export async function lockInbound(sql: Sql, messageId: bigint) {
  const [row] = await lockInboundOnce(sql, { id: String(messageId) });
  return row ? { ...row, attachments: Array.isArray(row.attachments) ? (row.attachments as unknown[]) : null } : null;
}

const newestOnce = compiledOnce([] as const, () => q.selectFrom('messages').select((eb) => [eb.fn.coalesce(eb.fn.max('id'), raw<number>`0`).as('id'), raw<Date>`now() - interval '60 seconds'`.as('since')]));

/** Where a process starts watching the work of others: the newest message, and a minute ago by the database's clock. */
export async function watchStart(sql: Sql): Promise<{ id: number; since: Date }> {
  const [row] = await newestOnce(sql, {});
  return row!;
}

const repliesAfterOnce = compiledOnce(['after'] as const, (p) =>
  q.selectFrom('messages').select((eb) => ['conversation_id', eb.fn.max('id').as('id')]).where('id', '>', p.after).where('direction', '=', raw<'outbound'>`'outbound'`).groupBy('conversation_id'),
);

/** The conversations with replies stored after message `after` (by any process), with the newest reply's id. */
export async function repliesAfter(sql: Sql, after: number): Promise<{ conversation_id: number; id: number }[]> {
  return repliesAfterOnce(sql, { after });
}
