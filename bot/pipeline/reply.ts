import type { OutboundAttachment } from '../../channels/port';
import type { Sql } from '../db/sql';

export interface ConversationRef {
  id: number;
  channel: 'whatsapp' | 'wechat' | 'email' | 'web';
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
): Promise<void> {
  const web = conversation.channel === 'web';
  const body = JSON.stringify({ text, attachments });
  const inserted = await sql.query(
    `INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body, status, sent_at, external_id)
     VALUES ($1, $2::"Channel", $3, $4::jsonb, $5::"OutboxStatus", $6, $7)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [idempotencyKey, conversation.channel, conversation.conversationKey, body, web ? 'sent' : 'pending', web ? at : null, web ? idempotencyKey : null],
  );
  if (inserted.length === 0) return;
  await sql.query(
    `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, processed_at)
     VALUES ($1, 'outbound', $2::"Channel", $3, 'bot', $4, $5::jsonb, $6, $6)`,
    [conversation.id, conversation.channel, idempotencyKey, text, JSON.stringify(attachments), at],
  );
}
