// The one shape every channel adapter produces and consumes. Nothing after an adapter knows which
// channel a message came from, except to reply on it through `conversationKey`.

import { CHANNELS, type ChannelName } from '../domain/channels';

export { CHANNELS, type ChannelName };

export interface InboundAttachment {
  kind: 'image' | 'file';
  mimeType: string;
  filename: string;
  fetch(): Promise<Buffer>;
}

export interface InboundMessage {
  channel: ChannelName;
  /** The channel's own id of this message: intake stores it once per channel. */
  externalId: string;
  /** Where replies go: `web:<address>`, `whatsapp:<wid>`, `wechat:<id>`, `email:<address>`. */
  conversationKey: string;
  sender: { address: string; displayName?: string; authenticated: boolean };
  text: string;
  attachments: InboundAttachment[];
  receivedAt: Date;
  inReplyTo?: string;
  /** Typed by a staff member in the reseller's name (the staff app's "order for the reseller"). */
  enteredByStaffId?: number;
  /**
   * Sent by the bot's own account (a WhatsApp `fromMe`, a WeChat message of the logged-in account, a
   * mail from our own address): intake ignores it, once, for every channel. Absent: not ours.
   */
  fromSelf?: boolean;
  /** The adapter's own threading data, kept with the message for its replies (email: subject, References). */
  thread?: Record<string, unknown>;
  raw?: unknown;
}

export interface OutboundAttachment {
  kind: 'image' | 'file';
  filename: string;
  mimeType: string;
  /** Served by the bot's HTTP server; adapters that upload fetch the bytes from `render`. */
  url: string;
  caption?: string;
}

/** The bytes behind an outbound attachment's URL (eSIM QR codes, CSV, ZIP), for adapters that upload. */
export interface AttachmentSource {
  file(url: string): Promise<{ contentType: string; filename: string; bytes: Buffer } | null>;
}

export interface OutboundMessage {
  text: string;
  attachments: OutboundAttachment[];
}

/** Where adapters write what operators should see; implemented by bot/ (one-line JSON on stderr). */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * What an adapter reports about its connection, for bot/'s one watchdog: it tells staff what needs a
 * person, wakes the outbox when a channel is ready, and keeps the status staff see. The adapter
 * keeps its own mechanics (reconnecting, probing its session); the watchdog decides who hears of it.
 */
export type ChannelStatus =
  /** Waiting to be linked: the pairing code to scan. */
  | { kind: 'qr'; qr: string }
  /** Connected: replies queued meanwhile can go. */
  | { kind: 'ready' }
  /** A health check of a ready session passed. */
  | { kind: 'heartbeat' }
  /** The account was logged out: a person must link it again. */
  | { kind: 'logout'; text: string }
  /** Not usable now (dropped, stalled, failing to start); `alert`: a person should hear of it (otherwise the adapter retries on its own). */
  | { kind: 'error'; text: string; alert: boolean };

export type StatusListener = (status: ChannelStatus) => void;

/** Implemented by bot/: adapters push what arrived here. */
export interface InboundSink {
  receive(message: InboundMessage): Promise<{ duplicate: boolean; messageId: bigint | null }>;
}

export interface ChannelCapabilities {
  /** How an image reaches the reseller: inline, as a document (no recompression), or as a link. */
  images: 'inline' | 'document' | 'link';
  files: boolean;
  /** The longest text one message may carry; a longer reply goes out as several messages. */
  maxTextChars: number;
  /**
   * `push`: the outbox sends each reply through the adapter. `transcript`: the reseller's client
   * reads replies from the transcript (web chat polls it), so a reply is delivered once written.
   * Absent: push.
   */
  delivery?: 'push' | 'transcript';
}

/** What each channel can carry, for the adapters and for the code that writes replies for them. */
export const CHANNEL_CAPABILITIES: Readonly<Record<ChannelName, ChannelCapabilities>> = {
  whatsapp: { images: 'document', files: true, maxTextChars: 4_096, delivery: 'push' },
  wechat: { images: 'inline', files: true, maxTextChars: 2_000, delivery: 'push' },
  email: { images: 'inline', files: true, maxTextChars: 50_000, delivery: 'push' },
  web: { images: 'inline', files: true, maxTextChars: 20_000, delivery: 'transcript' },
};

export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  send(conversationKey: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }>;
}

export function conversationKey(channel: ChannelName, address: string): string {
  return `${channel}:${address}`;
}

export function parseConversationKey(key: string): { channel: ChannelName; address: string } | null {
  const index = key.indexOf(':');
  const channel = key.slice(0, index) as ChannelName;
  if (index <= 0 || !CHANNELS.includes(channel)) return null;
  return { channel, address: key.slice(index + 1) };
}
