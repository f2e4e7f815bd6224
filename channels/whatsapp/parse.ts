import { z } from 'zod';
import { conversationKey, type InboundAttachment, type InboundMessage } from '../port';
import { purchaseOrderSection, readPurchaseOrder } from '../purchase-order';

// whatsapp-web.js Message -> InboundMessage, without I/O: the adapter downloads the media (when
// the message is one the bot reads) and hands its bytes in.

/** The fields of a whatsapp-web.js Message the bot reads (the library's object also carries methods and more fields). */
export const whatsAppMessage = z.object({
  id: z.object({ fromMe: z.boolean(), remote: z.string(), id: z.string(), _serialized: z.string().min(1) }),
  from: z.string(),
  /** The chat a message of ours went to (for others' messages: our own id). */
  to: z.string().nullish(),
  body: z.string().nullish(),
  type: z.string(),
  /** Seconds since the epoch. */
  timestamp: z.number().finite(),
  fromMe: z.boolean(),
  isStatus: z.boolean().nullish(),
  broadcast: z.boolean().nullish(),
  hasMedia: z.boolean().nullish(),
});
export type WhatsAppMessageFields = z.infer<typeof whatsAppMessage>;

/** A downloaded MessageMedia, as the library gives it: base64 data. */
export const whatsAppMedia = z.object({ mimetype: z.string(), data: z.string(), filename: z.string().nullish() });

export interface WhatsAppRaw {
  /** The library's Message (or its JSON). */
  message: unknown;
  /** Its downloaded media, for a message with media; absent or null: not downloaded (or gone). */
  media?: unknown;
}

/** `+66812345601` from `66812345601@c.us`; null for groups, broadcasts and status updates. */
export function numberOf(chatId: string): string | null {
  const match = /^(\d{6,15})@c\.us$/.exec(chatId);
  return match ? `+${match[1]}` : null;
}

/**
 * Only one-to-one chats reach the bot: groups, broadcasts, status updates and newsletters are null.
 * A message of our own account (`fromMe`) is kept, marked `fromSelf`, on the chat it went to.
 */
export async function parseWhatsApp(raw: WhatsAppRaw): Promise<InboundMessage | null> {
  const fields = whatsAppMessage.safeParse(raw.message);
  if (!fields.success) return null;
  const message = fields.data;
  if (message.isStatus || message.broadcast) return null;
  const number = numberOf(message.fromMe ? (message.to ?? '') : message.from);
  if (!number) return null; // groups, status@broadcast, newsletters
  const attachments: InboundAttachment[] = [];
  let text = message.body ?? '';
  const media = message.fromMe || !message.hasMedia ? null : whatsAppMedia.safeParse(raw.media ?? null);
  if (media?.success) {
    const bytes = Buffer.from(media.data.data, 'base64');
    const mimeType = media.data.mimetype;
    const filename = media.data.filename ?? message.type;
    attachments.push({ kind: mimeType.startsWith('image/') ? 'image' : 'file', mimeType, filename, fetch: async () => bytes });
    // A document's body is its file name; a CSV, XLSX or PDF purchase order is read as order lines.
    if (message.type === 'document') {
      const po = await readPurchaseOrder({ filename, mimeType, bytes });
      text = purchaseOrderSection(filename, po);
    }
  }
  return {
    channel: 'whatsapp',
    externalId: message.id._serialized,
    conversationKey: conversationKey('whatsapp', number),
    sender: { address: message.fromMe ? (numberOf(message.from) ?? number) : number, authenticated: true },
    text,
    attachments,
    receivedAt: new Date(message.timestamp * 1000),
    ...(message.fromMe ? { fromSelf: true } : {}),
    raw: message,
  };
}
