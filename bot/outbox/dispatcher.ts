import type { ChannelAdapter, ChannelName, OutboundMessage } from '../../channels/port';
import { ChannelUnavailableError, InvalidMessageError, RateLimitedError, RecipientUnreachableError } from '../../channels/errors';
import { splitText } from '../../domain/replies/split-text';
import { fitToChannel } from '../../channels/fit-message';
import { outboundMessage } from '../../channels/outbound-schema';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { claimDueReplies, deferReply, markReplyFailed, markReplySent, replyChannelBack, type ClaimedReply } from '../store/outbox';
import { log } from '../log';
import { queueByEmailInstead, sendByEmailInstead } from './email-fallback';
import { crashPoint } from '../crash/crash-points';
import { errorInWords } from '../../channels/error-in-words';

// Sends queued replies through the channel adapters. Rows are written by the pipeline in the same
// transaction as the step that caused them; this only delivers them: the oldest pending row of each
// conversation first (replies arrive in order), under the row's idempotency key, with backoff.

export const SEND_ATTEMPTS_MAX = 12;
const LEASE_SECONDS = 120; // a claimed row is not claimed again meanwhile, even by another process
const BATCH = 32;
const UNAVAILABLE_RECHECK_SECONDS = 30;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** attempts, 300);
}

export interface DispatcherOptions {
  pollMs?: number;
  /** A reply waiting this long for a channel that is down goes to the reseller's email instead. */
  emailFallbackAfterMs?: number;
  /** Makes the links of attachments a channel cannot carry absolute (PUBLIC_BASE_URL). */
  linkBaseUrl?: string;
  /** Email is configured (its session may run in another process): a reply that can never reach its channel is queued there. Default: an email adapter is given. */
  emailOn?: boolean;
}

export class OutboxDispatcher {
  private readonly adapters: Map<ChannelName, ChannelAdapter>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;

  private readonly pollMs: number;
  private readonly emailFallbackAfterMs: number;
  private readonly linkBaseUrl: string | undefined;
  private readonly emailOn: boolean;

  constructor(
    private readonly db: Database,
    adapters: ChannelAdapter[],
    options: DispatcherOptions = {},
  ) {
    this.adapters = new Map(adapters.map((a) => [a.name, a]));
    this.pollMs = options.pollMs ?? 1000;
    this.emailFallbackAfterMs = options.emailFallbackAfterMs ?? 10 * 60_000;
    this.linkBaseUrl = options.linkBaseUrl;
    this.emailOn = options.emailOn ?? this.adapters.has('email');
  }

  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** A channel whose session this process now runs (several processes: see ChannelLeases). */
  attach(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.name, adapter);
    this.wake();
  }

  detach(channel: ChannelName): void {
    this.adapters.delete(channel);
  }

  /**
   * Claims nothing more and waits for the sends in flight, up to `graceMs`. Before a process lets its
   * channel sessions go: the process that takes a session over makes that channel's pending replies
   * due at once, a send still in flight here among them, which would go out twice.
   */
  async stop(graceMs = Infinity): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    const outwaited = Number.isFinite(graceMs) ? new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))) : new Promise<void>(() => undefined);
    await Promise.race([this.running, outwaited]);
    clearTimeout(timer);
  }

  /** Runs a drain now (or right after the one in progress). */
  wake(): void {
    if (this.adapters.size === 0 || this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopping && (await this.drainOnce()) > 0);
        } catch (error) {
          log.error('outbox: could not read the queue; retrying on the next tick', { error });
        }
      } while (this.again && !this.stopping);
    })().finally(() => {
      this.running = null;
    });
  }

  /** A channel came back: its waiting replies are due now, not at their backoff time. */
  async retryNow(channel: ChannelName): Promise<void> {
    await replyChannelBack(poolSql(this.db.pool), channel);
    this.wake();
  }

  /** Claims and sends one batch; returns how many rows it handled. */
  async drainOnce(): Promise<number> {
    const rows = await claimDueReplies(poolSql(this.db.pool), [...this.adapters.keys()], LEASE_SECONDS, BATCH);
    await Promise.all(rows.map((row) => this.send(row)));
    return rows.length;
  }

  private async send(row: ClaimedReply): Promise<void> {
    const sql = poolSql(this.db.pool);
    const adapter = this.adapters.get(row.channel)!;
    const body = outboundMessage.safeParse(row.body);
    let error: string;
    let unavailable = false;
    let invalid = false;
    let unreachable = false;
    let retryAfterMs: number | null = null;
    if (!body.success) {
      error = `outbox row ${row.idempotency_key} has an unreadable body: ${body.error.issues[0]?.message}`;
    } else {
      try {
        const sent = await sendInParts(adapter, row.conversation_key, fitToChannel(body.data, adapter.capabilities, this.linkBaseUrl), row.idempotency_key);
        crashPoint('outbox:sent');
        await markReplySent(sql, row.id, sent.externalId, null);
        return;
      } catch (caught) {
        error = errorInWords(caught);
        unavailable = caught instanceof ChannelUnavailableError;
        invalid = caught instanceof InvalidMessageError;
        unreachable = caught instanceof RecipientUnreachableError;
        if (caught instanceof RateLimitedError) retryAfterMs = caught.retryAfterMs;
      }
    }
    const email = this.adapters.get('email');
    if (unreachable && body.success && row.channel !== 'email' && this.emailOn) {
      // Never reachable on this channel (not on WhatsApp): queued on email at once, for whichever process runs the mailbox.
      const address = await queueByEmailInstead(sql, { id: String(row.id), idempotencyKey: row.idempotency_key, conversationKey: row.conversation_key, body: row.body }, () => `sent by email: ${error}`);
      if (address) {
        await markReplySent(sql, row.id, `email-fallback:${address}`, `sent by email: ${error}`.slice(0, 1000));
        log.warn(`outbox: the reseller cannot be reached on ${row.channel}; the reply goes to their email instead`, { conversation: row.conversation_key, key: row.idempotency_key, email: address, error });
        this.wake();
        return;
      }
    }
    if (unavailable && body.success && email && row.channel !== 'email' && row.waited_ms >= this.emailFallbackAfterMs) {
      try {
        const externalId = await sendByEmailInstead(this.db, email, row.conversation_key, body.data as OutboundMessage, row.idempotency_key);
        if (externalId) {
          await markReplySent(sql, row.id, externalId, `sent by email: ${error}`.slice(0, 1000));
          log.warn(`outbox: ${row.channel} is down; a reply went to the reseller's email instead`, { conversation: row.conversation_key, key: row.idempotency_key, externalId });
          return;
        }
      } catch (fallbackError) {
        log.warn('outbox: the email fallback failed too; the reply stays queued', { key: row.idempotency_key, error: (fallbackError as Error).message });
      }
    }
    if (unavailable) {
      // The channel is down (not this message's fault): not an attempt; kept until it is back.
      await deferReply(sql, row.id, row.attempts, error.slice(0, 1000), UNAVAILABLE_RECHECK_SECONDS);
      return;
    }
    if (retryAfterMs !== null) {
      // The channel asked to slow down: not this message's fault, so not an attempt; tried again when it said.
      await deferReply(sql, row.id, row.attempts, error.slice(0, 1000), Math.max(1, Math.ceil(retryAfterMs / 1000)));
      return;
    }
    const giveUp = !body.success || invalid || unreachable || row.attempts >= SEND_ATTEMPTS_MAX;
    await markReplyFailed(sql, row.id, row.attempts, giveUp ? 'failed' : 'pending', error.slice(0, 1000), retryDelaySeconds(row.attempts));
    const context = { channel: row.channel, conversation: row.conversation_key, key: row.idempotency_key, attempts: row.attempts, error };
    if (giveUp) log.error(`outbox: gave up sending on ${row.channel}; check the channel's configuration and connection, then set the row back to pending`, context);
    else log.warn('outbox: sending failed, will retry', { ...context, retryInSeconds: retryDelaySeconds(row.attempts) });
  }
}

/**
 * A text over the channel's limit goes out as several messages, the attachments with the last.
 * Each part has its own idempotency key; a retry after a part failed may repeat earlier parts.
 */
async function sendInParts(adapter: ChannelAdapter, conversationKey: string, message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
  const parts = splitText(message.text, adapter.capabilities.maxTextChars);
  if (parts.length === 1) return adapter.send(conversationKey, message, idempotencyKey);
  let sent = { externalId: '' };
  for (const [i, text] of parts.entries()) {
    const last = i === parts.length - 1;
    sent = await adapter.send(conversationKey, { text, attachments: last ? message.attachments : [] }, last ? idempotencyKey : `${idempotencyKey}#${i + 1}`);
  }
  return sent;
}
