import { ImapFlow } from 'imapflow';
import type { DNSResolver } from 'mailauth';
import { simpleParser } from 'mailparser';
import type { InboundSink, Logger, StatusListener } from '../port';
import { dmarcPasses } from './dmarc-check';
import { needsOwnCheck, parseEmail } from './parse';

export interface Checkpoint {
  uidValidity: bigint;
  lastUid: number;
}

export interface CheckpointStore {
  get(mailbox: string): Promise<Checkpoint | null>;
  set(mailbox: string, checkpoint: Checkpoint): Promise<void>;
}

export interface ImapSettings {
  url: string;
  ownAddress: string;
  authservId?: string;
  /** DNS for the bot's own DMARC check (tests give their own records). */
  resolver?: DNSResolver;
  /** Reconnect delay after a dropped connection; doubles up to a minute. */
  reconnectMs?: number;
  log: Logger;
  /** Reading (ready) or reconnecting (error), for bot/'s watchdog. */
  status: StatusListener;
}

function connectionOptions(url: string) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    options: {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
      secure,
      auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
      logger: false as const,
      // Plain IMAP is for loopback tests and a local server; anywhere else use imaps://.
      doSTARTTLS: secure ? undefined : parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' ? false : undefined,
    },
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/**
 * Reads the inbox: everything after the stored checkpoint (UIDVALIDITY + last UID) on every
 * (re)connect, then waits in IDLE for new mail. The checkpoint moves only after intake has stored
 * a message, and intake is unique on Message-ID, so a crash or a UIDVALIDITY change re-reads
 * without acting twice.
 */
export class ImapInbox {
  private client: ImapFlow | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly mailbox: string;
  private wakeUp: (() => void) | null = null;
  connected = false;

  constructor(
    private readonly settings: ImapSettings,
    private readonly checkpoints: CheckpointStore,
  ) {
    this.mailbox = connectionOptions(settings.url).mailbox;
  }

  start(sink: InboundSink): void {
    this.stopped = false;
    this.loop = this.run(sink);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.client?.logout().catch(() => undefined);
    this.client?.close();
    await this.loop;
  }

  private async run(sink: InboundSink): Promise<void> {
    let delay = this.settings.reconnectMs ?? 1000;
    while (!this.stopped) {
      try {
        await this.session(sink);
        delay = this.settings.reconnectMs ?? 1000;
      } catch (error) {
        if (this.stopped) break;
        this.settings.log.warn('email: IMAP connection lost; reconnecting', { mailbox: this.mailbox, error, retryInMs: delay });
        this.settings.status({ kind: 'error', text: `email: the IMAP connection was lost (${(error as Error).message}); reconnecting`, alert: false });
      }
      this.connected = false;
      if (this.stopped) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 60_000);
    }
  }

  /** One connection: catch up, then IDLE until the connection closes. */
  private async session(sink: InboundSink): Promise<void> {
    const { options } = connectionOptions(this.settings.url);
    const client = new ImapFlow(options);
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => this.settings.log.warn('email: IMAP error', { error }));
    await client.connect();
    const opened = await client.mailboxOpen(this.mailbox);
    this.connected = true;
    this.settings.status({ kind: 'ready' });
    this.settings.log.info('email: reading the mailbox', { mailbox: this.mailbox, messages: opened.exists });
    let pending = true;
    client.on('exists', () => {
      pending = true;
      this.wakeUp?.();
    });
    while (!this.stopped && client.usable) {
      if (pending) {
        pending = false;
        await this.catchUp(client, BigInt(opened.uidValidity), sink);
        continue;
      }
      // IDLE at once (imapflow's own auto-IDLE starts only after a quiet spell); the next command
      // ends it. Wait for EXISTS or the end of the connection.
      const woken = new Promise<void>((resolve) => (this.wakeUp = resolve));
      if (!pending) void client.idle().catch(() => undefined);
      await Promise.race([closed, woken]);
      this.wakeUp = null;
    }
    if (!this.stopped) throw new Error('connection closed');
  }

  private async catchUp(client: ImapFlow, uidValidity: bigint, sink: InboundSink): Promise<void> {
    const stored = await this.checkpoints.get(this.mailbox);
    let lastUid = stored && stored.uidValidity === uidValidity ? stored.lastUid : 0;
    if (stored && stored.uidValidity !== uidValidity) {
      this.settings.log.warn('email: the mailbox UIDVALIDITY changed; re-reading it (messages already stored are recognised by Message-ID)', { mailbox: this.mailbox });
    }
    const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    for (const uid of uids) {
      const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
      if (message && message.source) {
        const mail = await simpleParser(message.source);
        const receivedAt = message.internalDate instanceof Date ? message.internalDate : new Date();
        const context = { ownAddress: this.settings.ownAddress, authservId: this.settings.authservId, uidValidity, uid, receivedAt };
        const ownCheck = needsOwnCheck(mail, context) ? await dmarcPasses(message.source, this.settings.resolver) : null;
        const inbound = await parseEmail(mail, { ...context, ownCheck });
        if (inbound) await sink.receive(inbound);
      }
      lastUid = uid;
      await this.checkpoints.set(this.mailbox, { uidValidity, lastUid });
    }
    if (uids.length === 0 && (!stored || stored.uidValidity !== uidValidity)) await this.checkpoints.set(this.mailbox, { uidValidity, lastUid });
  }
}
