import { attachmentFiles } from '../attachment-files';
import { ChannelUnavailableError, InvalidMessageError, RateLimitedError } from '../errors';
import {
  CHANNEL_CAPABILITIES,
  parseConversationKey,
  type AttachmentSource,
  type ChannelAdapter,
  type ChannelCapabilities,
  type Logger,
  type OutboundAttachment,
  type OutboundMessage,
  type StatusListener,
} from '../port';
import { GraphApiError, type GraphApi } from './graph-api';
import { channelError, OUTSIDE_WINDOW } from './graph-errors';
import { SendPacing } from './send-pacing';
import { templateBody, templateParameter, type TemplateChoice } from './template-message';

/** The database side of the adapter (bot/ implements it). */
export interface CloudStores extends AttachmentSource {
  /** When this conversation's reseller last wrote to us (the 24-hour window opens then); null: never. */
  lastInboundAt(conversationKey: string): Promise<Date | null>;
  /** The parts of this outbox row already sent (part -> wamid): a retry sends only the rest. */
  sentParts(idempotencyKey: string): Promise<Map<number, string>>;
  recordPart(idempotencyKey: string, part: number, externalId: string): Promise<void>;
}

export interface WhatsAppCloudOptions {
  graph: GraphApi;
  stores: CloudStores;
  status: StatusListener;
  log: Logger;
  /** WHATSAPP_CLOUD_TEMPLATE: what starts a conversation outside the 24-hour window; null: such replies wait. */
  template: TemplateChoice | null;
  /** PUBLIC_BASE_URL: images and files go as links to the bot's own unguessable file URLs instead of being uploaded. */
  linkBaseUrl?: string;
  pacing?: SendPacing;
  /** A send that would wait longer than this for its pacing slot is handed back to the outbox to try again then. */
  maxPacingWaitMs?: number;
  now?: () => number;
}

/** The customer-service window: free-form messages only this long after the reseller last wrote. */
const WINDOW_MS = 24 * 3600_000;
/** Sent this close to the window's end, a message could arrive after it closed: the template goes instead. */
const WINDOW_MARGIN_MS = 60_000;

/** Meta's defaults: 80 messages a second per number; about one every 6 s to one user, bursts borrowed from later. */
export function defaultPacing(messagesPerSecond = 80): SendPacing {
  return new SendPacing({ intervalMs: 1000 / messagesPerSecond, burst: messagesPerSecond }, { intervalMs: 6_000, burst: 20 });
}

/**
 * WhatsApp through Meta's Cloud API: the official way, beside whatsapp-web.js, behind the same port
 * and the same `whatsapp:+<number>` conversations. Receiving is the webhook's (bot/http and
 * bot/channels/whatsapp-cloud-inbox.ts); this sends, within the 24-hour window or by the
 * configured template outside it, paced within Meta's limits, each part of a reply once.
 */
export class WhatsAppCloudAdapter implements ChannelAdapter {
  readonly name = 'whatsapp' as const;
  /** QR codes go as images: the Cloud API sends the uploaded PNG as it is. */
  readonly capabilities: ChannelCapabilities = { ...CHANNEL_CAPABILITIES.whatsapp, images: 'inline' };
  private readonly pacing: SendPacing;
  private readonly now: () => number;
  private healthy: boolean | null = null;
  private alerted = false;

  constructor(private readonly options: WhatsAppCloudOptions) {
    this.pacing = options.pacing ?? defaultPacing();
    this.now = options.now ?? Date.now;
  }

  /** Checks the token and the phone number id once; messages come through the webhook, not from here. */
  async start(): Promise<void> {
    void this.options.graph
      .phoneNumber()
      .then((number) => {
        this.options.log.info('WhatsApp Cloud API: ready', { number: number.display, name: number.name });
        this.ready();
      })
      .catch((error: unknown) => this.failed(error));
  }

  async stop(): Promise<void> {}

  async send(key: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
    const target = parseConversationKey(key);
    const to = target?.channel === 'whatsapp' ? target.address.replace(/\D/g, '') : '';
    if (!/^\d{6,15}$/.test(to)) throw new InvalidMessageError(`WhatsApp cannot send to ${key}`);
    const done = await this.options.stores.sentParts(idempotencyKey);
    const lastInbound = await this.options.stores.lastInboundAt(key);
    const inWindow = lastInbound !== null && this.now() - lastInbound.getTime() < WINDOW_MS - WINDOW_MARGIN_MS;
    if (!inWindow) return this.sendTemplate(to, message, idempotencyKey, done, lastInbound);
    const byLink = Boolean(this.options.linkBaseUrl);
    const files = byLink ? null : await attachmentFiles(this.options.stores, message.attachments, idempotencyKey);
    const parts: { part: number; body: () => Promise<Record<string, unknown>> }[] = [];
    if (message.text.trim()) parts.push({ part: 0, body: async () => ({ to, type: 'text', text: { body: message.text, preview_url: false } }) });
    message.attachments.forEach((attachment, i) =>
      parts.push({ part: i + 1, body: async () => this.mediaBody(to, attachment, files?.[i]?.file ?? null) }),
    );
    let first: string | undefined;
    for (const { part, body } of parts) {
      const sent = done.get(part);
      if (sent) {
        first ??= sent;
        continue;
      }
      try {
        const wamid = await this.paced(to, async () => this.options.graph.sendMessage(await body()));
        await this.options.stores.recordPart(idempotencyKey, part, wamid);
        first ??= wamid;
      } catch (error) {
        // Meta's clock says the window closed: what is left goes as the template.
        if (error instanceof GraphApiError && error.code === OUTSIDE_WINDOW) return this.sendTemplate(to, message, idempotencyKey, done, lastInbound);
        throw this.mapped(error);
      }
    }
    this.ready();
    return { externalId: first ?? `${idempotencyKey}:empty` };
  }

  private async mediaBody(to: string, attachment: OutboundAttachment, file: { bytes: Buffer; contentType: string } | null): Promise<Record<string, unknown>> {
    const type = attachment.kind === 'image' ? 'image' : 'document';
    const source = file
      ? { id: await this.options.graph.uploadMedia(file.bytes, attachment.mimeType || file.contentType, attachment.filename) }
      : { link: absolute(attachment.url, this.options.linkBaseUrl!) };
    const media = { ...source, ...(attachment.caption ? { caption: attachment.caption } : {}), ...(type === 'document' ? { filename: attachment.filename } : {}) };
    return { to, type, [type]: media };
  }

  /**
   * Outside the 24-hour window only an approved template may start the conversation: the reply's text
   * is its parameter, files as links to the bot's own URLs (first, so a long text never cuts them
   * off). Parts an earlier attempt already sent are not sent again; only the missing ones go. Without
   * a template, or with files and no PUBLIC_BASE_URL, the reply waits (and goes by email after
   * EMAIL_FALLBACK_AFTER_MINUTES): it is never marked sent while a part is missing.
   */
  private async sendTemplate(to: string, message: OutboundMessage, idempotencyKey: string, done: Map<number, string>, lastInbound: Date | null): Promise<{ externalId: string }> {
    const textMissing = Boolean(message.text.trim()) && !done.has(0);
    const filesMissing = message.attachments.map((a, i) => ({ a, part: i + 1 })).filter(({ part }) => !done.has(part));
    const first = done.get(0) ?? [...done.values()][0];
    if (!textMissing && filesMissing.length === 0) return { externalId: first ?? `${idempotencyKey}:empty` };
    const since = lastInbound ? `last wrote ${Math.round((this.now() - lastInbound.getTime()) / 3600_000)} h ago` : 'has never written to this number';
    const { template, linkBaseUrl } = this.options;
    if (!template) throw new ChannelUnavailableError(`WhatsApp Cloud API: +${to} ${since} (outside the 24-hour window) and WHATSAPP_CLOUD_TEMPLATE is not set; the reply waits for them to write, or goes by email`);
    if (filesMissing.length > 0 && !linkBaseUrl) {
      throw new ChannelUnavailableError(`WhatsApp Cloud API: +${to} ${since} (outside the 24-hour window); a template cannot carry files and PUBLIC_BASE_URL is not set for links, so the reply waits for them to write, or goes by email`);
    }
    const links = filesMissing.map(({ a }) => `${a.caption ?? a.filename}: ${absolute(a.url, linkBaseUrl ?? '')}`);
    const text = [...links, textMissing ? message.text : ''].filter(Boolean).join('\n');
    const parameter = templateParameter(text);
    if (parameter.endsWith('…')) this.options.log.warn('WhatsApp Cloud API: the reply is longer than a template parameter takes; the reseller sees its first 1,000 characters (links first)', { to: `+${to}`, key: idempotencyKey, chars: text.length });
    try {
      const wamid = await this.paced(to, () => this.options.graph.sendMessage(templateBody(to, template, parameter)));
      // One template carried what was missing: recorded under each part, so no retry sends them again.
      const carried = [...(textMissing ? [0] : []), ...filesMissing.map((f) => f.part)];
      for (const [i, part] of carried.entries()) await this.options.stores.recordPart(idempotencyKey, part, i === 0 ? wamid : `${wamid}#${part}`);
      this.options.log.info('WhatsApp Cloud API: outside the 24-hour window, the reply went as the template', { to: `+${to}`, template: template.name, language: template.language, key: idempotencyKey, files: links.length });
      this.ready();
      return { externalId: first ?? wamid };
    } catch (error) {
      throw this.mapped(error);
    }
  }

  /** Waits for the send's pacing slot, or hands the send back to the outbox when the wait is long. */
  private async paced<T>(to: string, send: () => Promise<T>): Promise<T> {
    const max = this.options.maxPacingWaitMs ?? 20_000;
    const wait = this.pacing.wouldWait(to);
    if (wait > max) throw new RateLimitedError(`WhatsApp Cloud API: pacing messages to +${to} (about one every 6 s after a burst)`, wait);
    const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined);
    await sleep(this.pacing.reserveRecipient(to));
    await sleep(this.pacing.reserveNumber());
    return send();
  }

  private mapped(error: unknown): Error {
    if (!(error instanceof GraphApiError)) return error as Error;
    const mapped = channelError(error);
    if (mapped.alert) this.failed(error);
    return mapped.error;
  }

  /** Not usable (the token, the template): staff are told through the channel's status when a person must act. */
  private failed(error: unknown): void {
    const mapped = error instanceof GraphApiError ? channelError(error) : { error: error as Error, alert: false };
    // Reported once until it works again (every waiting reply would otherwise alert staff anew).
    const first = this.healthy !== false || (mapped.alert && !this.alerted);
    this.healthy = false;
    this.alerted ||= mapped.alert;
    if (!first) return;
    this.options.log.error('WhatsApp Cloud API: not usable', { error: mapped.error.message });
    this.options.status({ kind: 'error', text: mapped.error.message, alert: mapped.alert });
  }

  /** Works (again): reported once, and the next failure is told anew. */
  private ready(): void {
    if (this.healthy === true) return;
    this.healthy = true;
    this.alerted = false;
    this.options.status({ kind: 'ready' });
  }
}

function absolute(url: string, base: string): string {
  return url.startsWith('/') ? `${base.replace(/\/+$/, '')}${url}` : url;
}
