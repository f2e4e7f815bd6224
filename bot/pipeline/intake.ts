import type { InboundMessage } from '../../channels/port';
import { normaliseAddress } from '../db/seed';
import type { Db } from '../db/database';

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
export async function storeInbound(prisma: Db, message: InboundMessage): Promise<StoredInbound> {
  const address = normaliseAddress(message.channel === 'web' ? guessChannel(message.sender.address) : message.channel, message.sender.address);
  // Unauthenticated senders (e.g. email failing DMARC) are never matched to a reseller.
  const identity = message.sender.authenticated
    ? await prisma.channelIdentity.findFirst({
        where: { address, active: true, ...(message.channel === 'web' ? {} : { channel: message.channel }) },
        orderBy: { id: 'asc' },
      })
    : null;
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, last_message_at, updated_at)
       VALUES ($1::"Channel", $2, $3, $4, $5, now())
       ON CONFLICT (conversation_key) DO UPDATE SET last_message_at = EXCLUDED.last_message_at,
         customer_id = COALESCE(EXCLUDED.customer_id, conversations.customer_id),
         channel_identity_id = COALESCE(EXCLUDED.channel_identity_id, conversations.channel_identity_id)
       RETURNING id`,
      message.channel,
      message.conversationKey,
      identity?.customerId ?? null,
      identity?.id ?? null,
      message.receivedAt,
    );
    const conversationId = rows[0]!.id;
    const inserted = await tx.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at)
       VALUES ($1, 'inbound', $2::"Channel", $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (channel, channel_message_id) DO NOTHING RETURNING id`,
      conversationId,
      message.channel,
      message.externalId,
      message.sender.address,
      message.text,
      JSON.stringify(message.attachments.map((a) => ({ kind: a.kind, mimeType: a.mimeType, filename: a.filename }))),
      message.receivedAt,
    );
    const messageId = inserted[0]?.id ?? null;
    return { duplicate: messageId === null, messageId, conversationId };
  });
}

/** Web chat `from` is any identity's address: an email, a phone number or a WeChat id. */
function guessChannel(address: string): string {
  if (address.includes('@')) return 'email';
  if (/^\+?[\d\s()-]{6,}$/.test(address)) return 'whatsapp';
  return 'wechat';
}
