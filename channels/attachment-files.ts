import type { AttachmentSource, OutboundAttachment } from './port';

/**
 * The bytes of every attachment of a message, loaded before anything is sent: a missing file fails
 * the send as a whole (the outbox retries it) instead of after the text already went out.
 */
export async function attachmentFiles(source: AttachmentSource, attachments: OutboundAttachment[], idempotencyKey: string) {
  return Promise.all(
    attachments.map(async (attachment) => {
      const file = await source.file(attachment.url);
      if (!file) throw new Error(`attachment ${attachment.url} of ${idempotencyKey} could not be found`);
      return { attachment, file };
    }),
  );
}
