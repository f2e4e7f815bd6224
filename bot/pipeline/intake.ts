import type pg from 'pg';
import { CHANNEL_CAPABILITIES, type InboundMessage } from '../../channels/port';
import { cleanText } from '../../channels/text-fields';
import { addressChannel, normaliseAddress } from '../../domain/identities/addresses';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { poolSql } from '../db/sql';

export type StoredInbound =
  | { duplicate: boolean; messageId: bigint | null; conversationId: number }
  /** An echo of the bot's own account: not stored, not answered, no conversation touched. */
  | { duplicate: false; messageId: null; conversationId: null; ownEcho: true };

/**
 * Stores an inbound message before anything acts on it; an own echo (`fromSelf`) is not stored. The same channel message id delivered
 * twice, or at the same time, is stored once (UNIQUE(channel, channel_message_id)); only the
 * delivery that stored it goes on to be processed.
 */
export async function storeInbound(pool: pg.Pool, message: InboundMessage): Promise<StoredInbound> {
  // The one self-message filter for every channel: adapters mark what our own account sent.
  if (message.fromSelf) return { duplicate: false, messageId: null, conversationId: null, ownEcho: true };
  const sender = cleanText(message.sender.address, 320);
  // A channel without addresses of its own (its client reads the transcript: web chat) is written
  // from an email address or a phone number, which is matched to the reseller's identity on any channel.
  const ownAddresses = (CHANNEL_CAPABILITIES[message.channel].delivery ?? 'push') === 'push';
  const addressKind = ownAddresses ? null : addressChannel(sender);
  const address = normaliseAddress(addressKind ?? message.channel, sender);
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
      addressKind ? null : message.channel,
      message.channel,
      cleanText(message.conversationKey, 400),
      message.receivedAt,
      cleanText(message.externalId, 1000),
      sender,
      // What a channel cannot refuse (an email body of megabytes, a NUL byte) is made storable;
      // the pipeline answers a text over its limits without reading it.
      cleanText(message.text, INBOUND_LIMITS.storedTextChars),
      storableJson(message.attachments.slice(0, INBOUND_LIMITS.attachments).map((a) => ({ kind: a.kind, mimeType: a.mimeType, filename: a.filename }))),
      message.thread ? storableJson(message.thread) : null,
      message.enteredByStaffId ?? null,
    ],
  );
  const row = rows[0]!;
  const messageId = row.message_id === null ? null : BigInt(row.message_id);
  return { duplicate: messageId === null, messageId, conversationId: row.conversation_id };
}

/** JSON that jsonb accepts: every string without control characters (jsonb refuses \u0000) and bounded. */
function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanText(v, 2000) : v));
}
