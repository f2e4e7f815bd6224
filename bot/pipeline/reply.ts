import type { ChannelName, OutboundAttachment } from '../../channels/port';
import { capReply } from '../../domain/replies/split-text';
import type { Sql } from '../db/sql';

export interface ConversationRef {
  id: number;
  channel: ChannelName;
  conversationKey: string;
}

/**
 * Queues a reply in the caller's transaction: a transcript row and an outbox row under one
 * idempotency key, so a retried step never sends twice. Web chat reads the transcript directly.
 */
export async function enqueueReply(
  sql: Sql,
  conversation: ConversationRef,
  idempotencyKey: string,
  text: string,
  attachments: OutboundAttachment[] = [],
  at = new Date(),
  /** A staff member's reply (the transcript shows who). */
  staffId: number | null = null,
): Promise<void> {
  const web = conversation.channel === 'web';
  text = capReply(text);
  // One statement: the transcript row exists only if the outbox row was new.
  await sql.query(
    `WITH outbox AS (
       INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body, status, sent_at, external_id)
       VALUES ($1, $2::"Channel", $3, $4::jsonb, $5::"OutboxStatus", $6, $7)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
     INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, processed_at, sent_by_staff_id)
     SELECT $8, 'outbound', $2::"Channel", $1, CASE WHEN $12::int IS NULL THEN 'bot' ELSE 'staff' END, $9, $10::jsonb, $11, $11, $12::int FROM outbox`,
    [
      idempotencyKey,
      conversation.channel,
      conversation.conversationKey,
      JSON.stringify({ text, attachments }),
      web ? 'sent' : 'pending',
      web ? at : null,
      web ? idempotencyKey : null,
      conversation.id,
      text,
      JSON.stringify(attachments),
      at,
      staffId,
    ],
  );
}
