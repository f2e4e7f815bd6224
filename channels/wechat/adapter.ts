import { FileBox } from 'file-box';
import type { WechatyInterface } from 'wechaty/impls';
import type { Message } from 'wechaty';
import { attachmentFiles } from '../attachment-files';
import { AuthLostError, InvalidMessageError } from '../errors';
import { parseConversationKey, type AttachmentSource, type ChannelAdapter, CHANNEL_CAPABILITIES, type ChannelCapabilities, type InboundSink, type Logger, type OutboundMessage, type StatusListener } from '../port';
import { parseWechat, ROOM_PREFIX, type WechatRaw } from './parse';

export interface WechatStores extends AttachmentSource {
  /** Is this group linked to a reseller (a channel identity `room:<id>`)? Other groups are ignored. */
  isLinkedRoom(roomId: string): Promise<boolean>;
}

/**
 * WeChat through wechaty: whichever puppet the configuration names. One-to-one chats are
 * conversations of their contact; a group speaks as `room:<id>` and only if linked to a reseller.
 * Files go out as FileBoxes from base64 (buffer FileBoxes cannot cross a puppet service).
 */
export class WechatAdapter implements ChannelAdapter {
  readonly name = 'wechat' as const;
  readonly capabilities: ChannelCapabilities = CHANNEL_CAPABILITIES.wechat;
  private sink: InboundSink | null = null;

  constructor(
    private readonly wechaty: WechatyInterface,
    private readonly stores: WechatStores,
    private readonly options: {
      log: Logger;
      /** Where the account's status goes (bot/'s watchdog): the login QR, logged in (queued replies go), logged out. */
      status: StatusListener;
    },
  ) {}

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    this.wechaty.on('scan', (qrcode, status) => {
      this.options.log.info('WeChat: scan this QR code with the account the bot uses', { status, qrcode });
      this.options.status({ kind: 'qr', qr: qrcode });
    });
    this.wechaty.on('login', (user) => {
      this.options.log.info('WeChat: logged in', { user: user.name() });
      this.options.status({ kind: 'ready' });
    });
    this.wechaty.on('logout', (user, reason) =>
      this.options.status({ kind: 'logout', text: `WeChat: the bot account ${user.name()} was logged out (${reason ?? 'no reason given'}); it must log in again (scan the QR code printed next). Replies wait in the outbox meanwhile.` }),
    );
    this.wechaty.on('error', (error) => this.options.log.warn('WeChat: puppet error', { error }));
    this.wechaty.on('message', (message) => {
      this.receive(message).catch((error: unknown) => this.options.log.error('WeChat: could not take a message in; it will come again if the puppet redelivers it', { id: message.id, error }));
    });
    await this.wechaty.start();
  }

  async stop(): Promise<void> {
    await this.wechaty.stop();
  }

  /** The group's link and topic are looked up, and the file fetched, only for what the bot reads. */
  private async receive(message: Message): Promise<void> {
    if (!this.sink) return;
    const self = message.self();
    const room = message.room();
    const linked = room && !self ? await this.stores.isLinkedRoom(room.id) : false;
    const raw: WechatRaw = {
      payload: message.payload,
      selfId: self ? message.talker().id : this.wechaty.isLoggedIn ? this.wechaty.currentUser.id : '',
      talkerName: message.talker().name(),
      room: room ? { linked, topic: linked ? await room.topic() : '' } : null,
    };
    const inbound = await parseWechat(raw);
    if (!inbound) return;
    const Type = this.wechaty.Message.Type;
    const type = message.type();
    if (inbound.fromSelf || (type !== Type.Image && type !== Type.Attachment)) {
      await this.sink.receive(inbound);
      return;
    }
    const box = await message.toFileBox();
    const file = { name: box.name, mediaType: box.mediaType, bytes: await box.toBuffer() };
    await this.sink.receive((await parseWechat({ ...raw, file })) ?? inbound);
  }

  async send(key: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
    const target = parseConversationKey(key);
    if (!target || target.channel !== 'wechat') throw new InvalidMessageError(`WeChat cannot send to ${key}`);
    if (!this.wechaty.isLoggedIn) throw new AuthLostError('WeChat is not logged in; the reply waits in the outbox');
    const to = target.address.startsWith(ROOM_PREFIX)
      ? await this.wechaty.Room.find({ id: target.address.slice(ROOM_PREFIX.length) })
      : await this.wechaty.Contact.find({ id: target.address });
    if (!to) throw new Error(`WeChat: ${target.address} is not a contact or group of the bot account`);
    const files = await attachmentFiles(this.stores, message.attachments, idempotencyKey);
    const sent = await to.say(message.text);
    for (const { attachment, file } of files) await to.say(FileBox.fromBase64(file.bytes.toString('base64'), attachment.filename));
    return { externalId: sent && typeof sent === 'object' && 'id' in sent ? String(sent.id) : idempotencyKey };
  }
}
