import type { DNSResolver } from 'mailauth';
import { CHANNEL_CAPABILITIES, type AttachmentSource, type ChannelAdapter, type ChannelCapabilities, type InboundSink, type Logger, type OutboundMessage, type StatusListener } from '../port';
import { InvalidMessageError } from '../errors';
import { parseConversationKey } from '../port';
import { ImapInbox, type CheckpointStore } from './imap-inbox';
import type { EmailThread } from './parse';
import { SmtpSender } from './smtp-sender';

export interface EmailSettings {
  imapUrl: string;
  smtpUrl: string;
  from: string;
  authservId?: string;
  reconnectMs?: number;
  resolver?: DNSResolver;
  log: Logger;
  status: StatusListener;
}

export interface EmailStores extends AttachmentSource {
  checkpoints: CheckpointStore;
  /**
   * The mail a reply answers, to reply on its thread: the reseller's latest mail on this
   * conversation that had been read when the reply (outbox row `replyKey`) was written.
   */
  thread(conversationKey: string, replyKey: string): Promise<EmailThread | null>;
}

/** Email: IMAP in (imapflow, IDLE, checkpointed), SMTP out (nodemailer), replies on the same thread. */
export class EmailAdapter implements ChannelAdapter {
  readonly name = 'email' as const;
  readonly capabilities: ChannelCapabilities = CHANNEL_CAPABILITIES.email;
  readonly inbox: ImapInbox;
  private readonly sender: SmtpSender;

  constructor(
    settings: EmailSettings,
    private readonly stores: EmailStores,
  ) {
    this.inbox = new ImapInbox({ url: settings.imapUrl, ownAddress: settings.from, authservId: settings.authservId, reconnectMs: settings.reconnectMs, resolver: settings.resolver, log: settings.log, status: settings.status }, stores.checkpoints);
    this.sender = new SmtpSender(settings.smtpUrl, settings.from, stores);
  }

  async start(sink: InboundSink): Promise<void> {
    this.inbox.start(sink);
  }

  async stop(): Promise<void> {
    await this.inbox.stop();
    this.sender.close();
  }

  async send(conversationKey: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
    const target = parseConversationKey(conversationKey);
    if (!target || target.channel !== 'email') throw new InvalidMessageError(`email cannot send to ${conversationKey}`);
    const thread = await this.stores.thread(conversationKey, idempotencyKey);
    return { externalId: await this.sender.send(target.address, thread, message, idempotencyKey) };
  }
}
