import type pg from 'pg';
import type { InboundMessage } from '../../channels/port';
import { normaliseAddress } from '../db/seed';
import { transaction } from '../db/sql';

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
  // Unauthenticated senders (e.g. email failing DMARC) are never matched to a reseller.
  const identity = message.sender.authenticated
    ? (
        await pool.query<{ id: number; customer_id: string }>(
          `SELECT id, customer_id FROM channel_identities WHERE address = $1 AND active AND ($2::text IS NULL OR channel = $2::"Channel")
           ORDER BY id LIMIT 1`,
          [address, message.channel === 'web' ? null : message.channel],
        )
      ).rows[0]
    : undefined;
  return transaction(pool, async (sql) => {
    const [conversation] = await sql.query<{ id: number }>(
      `INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, last_message_at, updated_at)
       VALUES ($1::"Channel", $2, $3, $4, $5, now())
       ON CONFLICT (conversation_key) DO UPDATE SET last_message_at = EXCLUDED.last_message_at,
         customer_id = COALESCE(EXCLUDED.customer_id, conversations.customer_id),
         channel_identity_id = COALESCE(EXCLUDED.channel_identity_id, conversations.channel_identity_id)
       RETURNING id`,
      [message.channel, message.conversationKey, identity?.customer_id ?? null, identity?.id ?? null, message.receivedAt],
    );
    const inserted = await sql.query<{ id: string }>(
      `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at)
       VALUES ($1, 'inbound', $2::"Channel", $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (channel, channel_message_id) DO NOTHING RETURNING id`,
      [
        conversation!.id,
        message.channel,
        message.externalId,
        message.sender.address,
        message.text,
        JSON.stringify(message.attachments.map((a) => ({ kind: a.kind, mimeType: a.mimeType, filename: a.filename }))),
        message.receivedAt,
      ],
    );
    const messageId = inserted[0] ? BigInt(inserted[0].id) : null;
    return { duplicate: messageId === null, messageId, conversationId: conversation!.id };
  });
}

/** Web chat `from` is any identity's address: an email, a phone number or a WeChat id. */
function guessChannel(address: string): string {
  if (address.includes('@')) return 'email';
  if (/^\+?[\d\s()-]{6,}$/.test(address)) return 'whatsapp';
  return 'wechat';
}
