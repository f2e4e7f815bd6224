import type { OutboundAttachment } from '../../channels/port';
import type { Tx } from '../db/database';

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
  tx: Tx,
  conversation: ConversationRef,
  idempotencyKey: string,
  text: string,
  attachments: OutboundAttachment[] = [],
  at = new Date(),
): Promise<void> {
  const body = { text, attachments };
  const inserted = await tx.outboxMessage.createMany({
    data: [
      {
        idempotencyKey,
        channel: conversation.channel,
        conversationKey: conversation.conversationKey,
        body: body as object,
        status: conversation.channel === 'web' ? 'sent' : 'pending',
        sentAt: conversation.channel === 'web' ? at : null,
        externalId: conversation.channel === 'web' ? idempotencyKey : null,
      },
    ],
    skipDuplicates: true,
  });
  if (inserted.count === 0) return;
  await tx.message.create({
    data: {
      conversationId: conversation.id,
      direction: 'outbound',
      channel: conversation.channel,
      channelMessageId: idempotencyKey,
      senderAddress: 'bot',
      text,
      attachments: attachments as unknown as object[],
      receivedAt: at,
      processedAt: at,
    },
  });
}
