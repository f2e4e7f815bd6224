import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// The transcript: what the pipeline reads and marks on a stored message, typed from the schema.
// (A message is stored by intake, in the statement that finds its conversation; a reply by the outbox store.)

const attemptOnce = compiledOnce(['id'] as const, (p) =>
  q.updateTable('messages').set({ processing_attempts: raw<number>`processing_attempts + 1` }).where('id', '=', p.id).where('processed_at', 'is', null).returning('processing_attempts'),
);

/**
 * Counts an attempt at processing a message, committed before the attempt starts (so a crash or
 * a hang still counts). Returns the attempt's number, or null when the message is already processed.
 */
export async function startAttempt(sql: Sql, messageId: bigint): Promise<number | null> {
  const [row] = await attemptOnce(sql, { id: String(messageId) });
  return row ? row.processing_attempts : null;
}

const earlierOnce = compiledOnce(['conversationId', 'before'] as const, (p) =>
  q.selectFrom('messages')
    .select(raw<string>`id::text`.as('id'))
    .where('conversation_id', '=', p.conversationId)
    .where('direction', '=', raw<'inbound'>`'inbound'`)
    .where('processed_at', 'is', null)
    .where('id', '<', p.before)
    .orderBy('id')
    .limit(raw<number>`100`),
);

/** Messages of the conversation stored before this one and not yet processed, oldest first (at most 100). */
export async function earlierUnprocessed(sql: Sql, conversationId: number, messageId: bigint): Promise<bigint[]> {
  return (await earlierOnce(sql, { conversationId, before: String(messageId) })).map((r) => BigInt(r.id));
}

/** Processed without a reading: a sender that could not be verified, or a message handed to staff after failing. */
export async function markProcessedUnread(sql: Sql, messageId: bigint, intent: 'unverified_sender' | 'other'): Promise<void> {
  await sql.query(`UPDATE messages SET processed_at = now(), intent = $2 WHERE id = $1`, [String(messageId), intent]);
}
