import { conversationKey, type InboundAttachment, type InboundMessage } from '../port';
import { purchaseOrderSection, readPurchaseOrder } from '../purchase-order';
import type { CloudMessage } from './webhook-payload';

// A Cloud API webhook message -> InboundMessage, without I/O: the caller downloads the media of a
// document or image (mediaOf) and hands its bytes in.

/** Kinds that are not a message to answer: a reaction to one of ours, a number change notice. */
const IGNORED = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);

/** The media a message carries, to download: a document or an image. */
export function mediaOf(message: CloudMessage): { id: string; mimeType: string; filename: string } | null {
  if (message.type === 'document' && message.document) return { id: message.document.id, mimeType: message.document.mime_type, filename: message.document.filename || 'document' };
  if (message.type === 'image' && message.image) return { id: message.image.id, mimeType: message.image.mime_type, filename: `image.${message.image.mime_type.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'jpg'}` };
  return null;
}

/** What the reseller wrote or chose: the text, a button's or a list row's title, a caption. */
function writtenText(message: CloudMessage): string {
  if (message.type === 'text') return message.text?.body ?? '';
  if (message.type === 'interactive') return message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title ?? '';
  if (message.type === 'button') return message.button?.text ?? '';
  return message.document?.caption ?? message.image?.caption ?? '';
}

/**
 * The message as the pipeline takes it; null for kinds that are not for the bot. A document that is
 * a purchase order (CSV, XLSX, PDF) is read into order lines; a caption adds to it. `media`: the
 * downloaded bytes, or null when there were none or they could not be had (answered without them).
 */
export async function parseCloudMessage(message: CloudMessage, displayName: string | undefined, media: { bytes: Buffer; mimeType: string | null } | null): Promise<InboundMessage | null> {
  if (IGNORED.has(message.type)) return null;
  const number = `+${message.from}`;
  let text = writtenText(message);
  const attachments: InboundAttachment[] = [];
  const described = mediaOf(message);
  if (described && media) {
    const mimeType = media.mimeType ?? described.mimeType;
    const bytes = media.bytes;
    attachments.push({ kind: mimeType.startsWith('image/') ? 'image' : 'file', mimeType, filename: described.filename, fetch: async () => bytes });
    if (message.type === 'document') {
      const section = purchaseOrderSection(described.filename, await readPurchaseOrder({ filename: described.filename, mimeType, bytes }));
      text = [text.trim(), section].filter(Boolean).join('\n\n');
    }
  }
  // A document the bot could not read still says what it was.
  if (message.type === 'document' && !text) text = described?.filename ?? '';
  return {
    channel: 'whatsapp',
    externalId: message.id,
    conversationKey: conversationKey('whatsapp', number),
    sender: { address: number, ...(displayName ? { displayName } : {}), authenticated: true },
    text,
    attachments,
    receivedAt: new Date(message.timestamp * 1000),
    ...(message.context?.id ? { inReplyTo: message.context.id } : {}),
    raw: message,
  };
}
