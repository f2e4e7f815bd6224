import { types } from 'wechaty';
import { z } from 'zod';
import { conversationKey, type InboundAttachment, type InboundMessage } from '../port';
import { purchaseOrderSection, readPurchaseOrder } from '../purchase-order';

// A wechaty message payload (the puppet's MessagePayload) -> InboundMessage, without I/O: the
// adapter looks up the group's link, its topic and the talker's name, and fetches the file of an
// image or attachment the bot reads.

const Type = types.Message;
export const ROOM_PREFIX = 'room:';

/** The puppet's MessagePayload, the fields the bot reads. */
export const wechatPayload = z.object({
  id: z.string().min(1),
  talkerId: z.string(),
  listenerId: z.string().nullish(),
  roomId: z.string().nullish(),
  type: z.number().int(),
  text: z.string().nullish(),
  /** Seconds or milliseconds since the epoch, as puppets differ (wechaty's timestampToDate). */
  timestamp: z.number().finite(),
});

export interface WechatRaw {
  payload: unknown;
  /** The logged-in bot account's contact id: a payload it talked is our own. */
  selfId: string;
  talkerName: string;
  /** For a group message: its topic and whether the group is linked to a reseller (others are ignored). */
  room?: { topic: string; linked: boolean } | null;
  /** The image or attachment, fetched for a message the bot reads. */
  file?: { name: string; mediaType?: string | null; bytes: Buffer } | null;
}

/** The kinds of message the bot reads; stickers, voice, links, mini-programs are nothing for it. */
export function isReadable(type: number): boolean {
  return type === Type.Text || type === Type.Image || type === Type.Attachment;
}

/**
 * One-to-one chats are conversations of their contact; a group speaks as `room:<id>` and only if
 * linked to a reseller. A message of the bot account itself is kept, marked `fromSelf`.
 */
export async function parseWechat(raw: WechatRaw): Promise<InboundMessage | null> {
  const parsed = wechatPayload.safeParse(raw.payload);
  if (!parsed.success) return null;
  const payload = parsed.data;
  const fromSelf = payload.talkerId === raw.selfId;
  if (!isReadable(payload.type)) return null;
  const roomId = payload.roomId ?? null;
  if (roomId !== null && !fromSelf && !raw.room?.linked) return null;
  const address = roomId !== null ? `${ROOM_PREFIX}${roomId}` : fromSelf ? payload.listenerId : payload.talkerId;
  if (address === null || address === undefined) return null;
  let text = payload.type === Type.Text ? (payload.text ?? '') : '';
  const attachments: InboundAttachment[] = [];
  if (raw.file && !fromSelf && payload.type !== Type.Text) {
    const { name, bytes } = raw.file;
    const mimeType = raw.file.mediaType ?? 'application/octet-stream';
    attachments.push({ kind: payload.type === Type.Image ? 'image' : 'file', mimeType, filename: name, fetch: async () => bytes });
    if (payload.type === Type.Attachment) {
      const po = await readPurchaseOrder({ filename: name, mimeType: raw.file.mediaType ?? '', bytes });
      text = purchaseOrderSection(name, po);
    }
  }
  return {
    channel: 'wechat',
    externalId: payload.id,
    conversationKey: conversationKey('wechat', address),
    sender: { address, displayName: roomId !== null ? raw.room?.topic : raw.talkerName, authenticated: true },
    text,
    attachments,
    receivedAt: new Date(payload.timestamp < 1e11 ? payload.timestamp * 1000 : payload.timestamp),
    ...(fromSelf ? { fromSelf: true } : {}),
    raw: payload,
  };
}
