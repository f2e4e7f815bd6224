import { CHANNEL_CAPABILITIES, type ChannelName, type OutboundAttachment } from '../../channels/port';
import { capReply } from '../../domain/replies/split-text';
import type { Sql } from '../db/sql';

// Replies on their way out: an outbox row (the dispatcher sends it on the conversation's channel)
// and its transcript row, under one idempotency key, so a retried step never sends twice. Web chat
// (delivery: 'transcript') reads the transcript directly: its outbox row is born sent.

export interface ReplyTo {
  id: number;
  channel: ChannelName;
  conversationKey: string;
}

/** One reply, queued in the caller's transaction; the transcript row exists only if the outbox row was new. */
export async function enqueueReply(
  sql: Sql,
  conversation: ReplyTo,
  idempotencyKey: string,
  text: string,
  attachments: OutboundAttachment[] = [],
  at = new Date(),
  /** A staff member's reply (the transcript shows who). */
  staffId: number | null = null,
): Promise<void> {
  await enqueueReplies(sql, [{ to: conversation, key: idempotencyKey, text, attachments, staffId }], at);
}

/**
 * Replies, any number in one statement (one, or a bank file's payment notices): the arrays are
 * bound as parameters, so the statement text, and its prepared plan, is the same for 1 or 10,000.
 */
export async function enqueueReplies(
  sql: Sql,
  replies: readonly { to: ReplyTo; key: string; text: string; attachments?: OutboundAttachment[]; staffId?: number | null }[],
  at: Date,
): Promise<void> {
  if (replies.length === 0) return;
  await sql.query(
    `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[], $8::jsonb[], $9::int[])
                WITH ORDINALITY AS u(key, channel, conversation_key, text, web, conversation_id, attachments, staff_id, n)),
     outbox AS (
       INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body, status, sent_at, external_id)
       SELECT key, channel::"Channel", conversation_key, jsonb_build_object('text', text, 'attachments', attachments),
              (CASE WHEN web THEN 'sent' ELSE 'pending' END)::"OutboxStatus", CASE WHEN web THEN $7::timestamptz END, CASE WHEN web THEN key END
       FROM u ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
     INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, processed_at, sent_by_staff_id)
     SELECT u.conversation_id, 'outbound', u.channel::"Channel", u.key, CASE WHEN u.staff_id IS NULL THEN 'bot' ELSE 'staff' END, u.text, u.attachments, $7, $7, u.staff_id
     FROM u JOIN outbox ON outbox.idempotency_key = u.key ORDER BY u.n`,
    [
      replies.map((r) => r.key),
      replies.map((r) => r.to.channel),
      replies.map((r) => r.to.conversationKey),
      replies.map((r) => capReply(r.text)),
      replies.map((r) => CHANNEL_CAPABILITIES[r.to.channel].delivery === 'transcript'),
      replies.map((r) => r.to.id),
      at,
      replies.map((r) => JSON.stringify(r.attachments ?? [])),
      replies.map((r) => r.staffId ?? null),
    ],
  );
}
