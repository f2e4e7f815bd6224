import QRCode from 'qrcode';
import type { Client, Message } from 'whatsapp-web.js';
import { attachmentFiles } from '../attachment-files';
import { AuthLostError, ChannelUnavailableError, InvalidMessageError } from '../errors';
import { parseConversationKey, type AttachmentSource, type ChannelAdapter, CHANNEL_CAPABILITIES, type ChannelCapabilities, type InboundSink, type Logger, type OutboundMessage, type StatusListener } from '../port';
import { Pacer } from './pacer';
import { parseWhatsApp } from './parse';

export { numberOf } from './parse';

/** The part of whatsapp-web.js's Client the adapter uses: its events and these methods. */
export type WhatsAppClient = Pick<Client, 'on' | 'initialize' | 'destroy' | 'sendMessage' | 'getState'>;

/** Builds a MessageMedia (the library's class; injected so the adapter module loads without puppeteer). */
export type MediaFactory = (mimeType: string, base64: string, filename: string) => unknown;

export interface WhatsAppOptions {
  createClient: () => WhatsAppClient;
  createMedia: MediaFactory;
  stores: AttachmentSource;
  /** Where the session's status goes (bot/'s watchdog): the pairing QR, ready, health checks, logout, failures. */
  status: StatusListener;
  log: Logger;
  sendIntervalMs?: number;
  reconnectMs?: number;
  /** A session not ready this long after starting (or not answering getState) is reported and restarted (default 45 s). */
  stallMs?: number;
  watchdogMs?: number;
  /** Print the pairing QR in the terminal (default true). */
  printQr?: boolean;
}

/**
 * WhatsApp through whatsapp-web.js (a linked WhatsApp Web session in Debian's Chromium). Only
 * one-to-one chats reach the bot; groups, broadcasts and status updates are ignored. QR codes go
 * out as documents, so WhatsApp does not recompress them below what a phone can scan.
 */
export class WhatsAppAdapter implements ChannelAdapter {
  readonly name = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = CHANNEL_CAPABILITIES.whatsapp;
  private client: WhatsAppClient | null = null;
  private sink: InboundSink | null = null;
  private ready = false;
  private loggedOut = false;
  private stopped = false;
  private since = Date.now();
  private stallReported = false;
  private watchdog: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Starts that failed in a row: the retry waits longer each time, and staff hear of it once. */
  private failedStarts = 0;
  private readonly pacer: Pacer;
  /** The pairing QR while the session is not linked (printed in the terminal, reported for the staff app). */
  pairingQr: string | null = null;

  constructor(private readonly options: WhatsAppOptions) {
    this.pacer = new Pacer(options.sendIntervalMs ?? 1000);
  }

  get isReady(): boolean {
    return this.ready;
  }

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    this.connect();
    const every = this.options.watchdogMs ?? 15_000;
    this.watchdog = setInterval(() => void this.checkHealth(), every);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.client?.destroy().catch(() => undefined);
    this.client = null;
  }

  /** Not usable now; `alert`: a person should hear of it (bot/'s watchdog tells staff). */
  private failed(text: string, alert = true): void {
    this.options.status({ kind: 'error', text, alert });
  }

  private connect(): void {
    const client = this.options.createClient();
    this.client = client;
    this.ready = false;
    this.since = Date.now();
    this.stallReported = false;
    client.on('qr', (qr: string) => {
      this.pairingQr = qr;
      this.options.status({ kind: 'qr', qr });
      if (this.options.printQr !== false)
        QRCode.toString(qr, { type: 'terminal', small: true })
        .then((art) => process.stderr.write(`WhatsApp: scan this with the phone (WhatsApp > Linked devices > Link a device):\n${art}\n`))
        .catch(() => undefined);
      this.options.log.info('WhatsApp: waiting to be linked; scan the pairing QR code printed above');
    });
    client.on('ready', () => {
      if (client !== this.client) return;
      this.ready = true;
      this.pairingQr = null;
      this.failedStarts = 0;
      this.options.log.info('WhatsApp: ready');
      this.options.status({ kind: 'ready' });
    });
    client.on('auth_failure', (message: string) => this.failed(`WhatsApp: the saved session was refused (${message}); link the phone again with the new QR code`));
    client.on('disconnected', (reason: string) => {
      if (client !== this.client || this.stopped) return;
      this.ready = false;
      if (reason === 'LOGOUT') {
        this.loggedOut = true;
        this.options.status({ kind: 'logout', text: 'WhatsApp: the phone logged this session out. Replies wait in the outbox until someone links the phone again (restart esim-hub and scan the QR code).' });
        return;
      }
      this.options.log.warn('WhatsApp: disconnected; reconnecting', { reason });
      this.failed(`WhatsApp: disconnected (${reason}); reconnecting`, false);
      this.restart();
    });
    client.on('message', (message: Message) => {
      this.receive(message).catch((error: unknown) => this.options.log.error('WhatsApp: could not take a message in', { id: message.id?._serialized, error }));
    });
    client.initialize().catch((error: unknown) => {
      this.failedStarts += 1;
      this.options.log.error('WhatsApp: the client did not start; retrying', { error, failedStarts: this.failedStarts });
      // Staff hear of it once, on the third failure in a row; it keeps retrying either way.
      this.failed(`WhatsApp cannot start (${(error as Error).message}). Check Chromium (PUPPETEER_EXECUTABLE_PATH) and the network; it keeps retrying.`, this.failedStarts === 3);
      this.restart();
    });
  }

  private restart(): void {
    if (this.stopped || this.reconnectTimer) return;
    const old = this.client;
    this.client = null;
    this.ready = false;
    void old?.destroy().catch(() => undefined);
    const base = this.options.reconnectMs ?? 5000;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, Math.min(base * 2 ** Math.min(this.failedStarts, 10), 300_000));
  }

  /** A session that never gets ready, or stops answering, is reported once and restarted. */
  private async checkHealth(): Promise<void> {
    if (this.stopped || this.loggedOut || !this.client) return;
    const stallMs = this.options.stallMs ?? 45_000; // with the 15 s watchdog: reported within a minute
    if (!this.ready) {
      if (this.pairingQr === null && Date.now() - this.since > stallMs && !this.stallReported) {
        this.stallReported = true;
        this.failed(`WhatsApp: the session has not become ready in ${Math.round(stallMs / 1000)} s; restarting it. If this repeats, check Chromium (PUPPETEER_EXECUTABLE_PATH) and the phone's connection.`);
        this.restart();
      }
      return;
    }
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const state = await Promise.race([
      client.getState().catch(() => null),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.min(10_000, stallMs)))),
    ]);
    clearTimeout(timer);
    if (client !== this.client) return;
    if (state === 'CONNECTED') {
      this.options.status({ kind: 'heartbeat' });
      return;
    }
    this.failed(`WhatsApp: the session stopped answering (state ${state ?? 'no answer'}); restarting it. Replies wait in the outbox meanwhile.`);
    this.restart();
  }

  /** The media is downloaded only for a message the bot reads (parsed once without it to know). */
  private async receive(message: Message): Promise<void> {
    if (!this.sink) return;
    const inbound = await parseWhatsApp({ message });
    if (!inbound) return;
    const media = message.hasMedia && !inbound.fromSelf ? await message.downloadMedia() : null;
    await this.sink.receive(media ? ((await parseWhatsApp({ message, media })) ?? inbound) : inbound);
  }

  async send(key: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
    const target = parseConversationKey(key);
    if (!target || target.channel !== 'whatsapp') throw new InvalidMessageError(`WhatsApp cannot send to ${key}`);
    const chatId = `${target.address.replace(/\D/g, '')}@c.us`;
    const files = await attachmentFiles(this.options.stores, message.attachments, idempotencyKey);
    return this.pacer.run(async () => {
      const client = this.client;
      if (this.loggedOut) throw new AuthLostError('WhatsApp is logged out');
      if (!this.ready || !client) throw new ChannelUnavailableError('WhatsApp is not connected');
      const sent = await client.sendMessage(chatId, message.text);
      for (const { attachment, file } of files) {
        await client.sendMessage(chatId, this.options.createMedia(attachment.mimeType, file.bytes.toString('base64'), attachment.filename) as never, {
          // Documents are not recompressed: a QR code stays scannable (capabilities.images: 'document').
          sendMediaAsDocument: attachment.kind === 'file' || this.capabilities.images === 'document',
          caption: attachment.caption,
        });
      }
      return { externalId: sent.id._serialized };
    });
  }
}
