import type pg from 'pg';
import type { InboundMessage } from '../../channels/port';
import { normaliseAddress } from '../db/seed';
import { poolSql } from '../db/sql';

export interface StoredInbound {
  duplicate: boolean;
  messageId: bigint | null;
  conversationId: number;
}

/**
 * Stores an inbound message before anything acts on it. The same channel message id delivered
 * twice, or at the same time, is stored once (UNIQUE(channel, channel_message_id)); only the
 * delivery that stored it goes on to be processed.
 */
export async function storeInbound(pool: pg.Pool, message: InboundMessage): Promise<StoredInbound> {
  const address = normaliseAddress(message.channel === 'web' ? guessChannel(message.sender.address) : message.channel, message.sender.address);
  // One statement, so one round trip and atomic without BEGIN/COMMIT. Unauthenticated senders
  // (e.g. email failing DMARC) are never matched to a reseller.
  const rows = await poolSql(pool).query<{ conversation_id: number; message_id: string | null }>(
    `WITH identity AS (
       SELECT id, customer_id FROM channel_identities
       WHERE $1::boolean AND address = $2 AND active AND ($3::text IS NULL OR channel = $3::"Channel") ORDER BY id LIMIT 1),
     conversation AS (
       INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, last_message_at, updated_at)
       VALUES ($4::"Channel", $5, (SELECT customer_id FROM identity), (SELECT id FROM identity), $6, now())
       ON CONFLICT (conversation_key) DO UPDATE SET last_message_at = EXCLUDED.last_message_at,
         customer_id = COALESCE(EXCLUDED.customer_id, conversations.customer_id),
         channel_identity_id = COALESCE(EXCLUDED.channel_identity_id, conversations.channel_identity_id)
       RETURNING id),
     message AS (
       INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, sender_verified, thread_meta, sent_by_staff_id)
       SELECT id, 'inbound', $4::"Channel", $7, $8, $9, $10::jsonb, $6, $1, $11::jsonb, $12::int FROM conversation
       ON CONFLICT (channel, channel_message_id) DO NOTHING RETURNING id)
     SELECT (SELECT id FROM conversation) AS conversation_id, (SELECT id::text FROM message) AS message_id`,
    [
      message.sender.authenticated,
      address,
      message.channel === 'web' ? null : message.channel,
      message.channel,
      message.conversationKey,
      message.receivedAt,
      message.externalId,
      message.sender.address,
      message.text,
      JSON.stringify(message.attachments.map((a) => ({ kind: a.kind, mimeType: a.mimeType, filename: a.filename }))),
      message.thread ? JSON.stringify(message.thread) : null,
      message.enteredByStaffId ?? null,
    ],
  );
  const row = rows[0]!;
  const messageId = row.message_id === null ? null : BigInt(row.message_id);
  return { duplicate: messageId === null, messageId, conversationId: row.conversation_id };
}

/** Web chat `from` is any identity's address: an email, a phone number or a WeChat id. */
function guessChannel(address: string): string {
  if (address.includes('@')) return 'email';
  if (/^\+?[\d\s()-]{6,}$/.test(address)) return 'whatsapp';
  return 'wechat';
}
