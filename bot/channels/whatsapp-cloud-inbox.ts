import { createHash } from 'node:crypto';
import type { InboundSink } from '../../channels/port';
import type { GraphApi } from '../../channels/whatsapp-cloud/graph-api';
import { mediaOf, parseCloudMessage } from '../../channels/whatsapp-cloud/parse';
import { webhookContents, type CloudStatus } from '../../channels/whatsapp-cloud/webhook-payload';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { log } from '../log';
import { resellerEmailAddress } from '../store/identities';
import { applyDeliveryStatus, markDeliveryFailed, queueEmailFallback } from '../store/outbox-parts';
import { claimCloudEvents, finishCloudEvent, retryCloudEvent, storeCloudEvent, type ClaimedCloudEvent } from '../store/whatsapp-cloud-events';

// The WhatsApp Cloud API's webhook deliveries, worked after they were stored (and Meta answered
// 200): each message's media downloaded and the message taken in (intake keeps it once, however
// often it is delivered), each status applied to the outbox row it belongs to. Any process works
// them; an event that fails is tried again, so a crash or a failed download loses nothing.

const BATCH = 16;
const LEASE_SECONDS = 60;
const SWEEP_MS = 5_000;
/** A media download that keeps failing: after this many attempts the message is taken in without it. */
const DOWNLOAD_ATTEMPTS = 5;
/** A status for a send not yet recorded (its report outran the send's commit) is waited for this long. */
const UNKNOWN_STATUS_WAIT_MS = 10 * 60_000;

export interface CloudInboxOptions {
  db: Database;
  graph: GraphApi;
  phoneNumberId: string;
  sink: InboundSink;
  /** Email is configured: a reply WhatsApp could not deliver goes there. */
  emailOn: boolean;
  sweepMs?: number;
}

export class WhatsAppCloudInbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: CloudInboxOptions) {}

  /** A verified delivery: stored (once per body), then worked in the background. */
  async store(rawBody: Buffer, payload: unknown): Promise<void> {
    const sha = createHash('sha256').update(rawBody).digest('hex');
    await storeCloudEvent(poolSql(this.options.db.pool), sha, payload);
    this.wake();
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.sweepMs ?? SWEEP_MS);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A download in progress is not waited for past a second: the event's lease runs out and it is worked again (intake keeps a message once).
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopped && (await this.drainOnce()) > 0);
        } catch (error) {
          log.error('WhatsApp Cloud API: could not read stored webhook events; retrying', { error: (error as Error).message });
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  async drainOnce(): Promise<number> {
    const events = await claimCloudEvents(poolSql(this.options.db.pool), BATCH, LEASE_SECONDS);
    for (const event of events) await this.work(event);
    return events.length;
  }

  private async work(event: ClaimedCloudEvent): Promise<void> {
    const sql = poolSql(this.options.db.pool);
    try {
      const contents = webhookContents(event.payload, this.options.phoneNumberId);
      if (contents.skipped > 0) log.warn('WhatsApp Cloud API: parts of a webhook delivery were not in a shape Meta documents; skipped', { event: event.id, skipped: contents.skipped });
      for (const { message, displayName } of contents.messages) {
        const media = await this.download(message, event.attempts);
        const inbound = await parseCloudMessage(message, displayName, media);
        if (inbound) await this.options.sink.receive(inbound);
      }
      let waiting: string | null = null;
      for (const status of contents.statuses) {
        if (!(await this.applyStatus(status)) && event.age_ms < UNKNOWN_STATUS_WAIT_MS) waiting = `a status for ${status.id}, which is not a recorded send yet`;
      }
      if (waiting) await retryCloudEvent(sql, event.id, waiting, 5);
      else await finishCloudEvent(sql, event.id, null);
    } catch (error) {
      const seconds = Math.min(2 ** event.attempts, 300);
      log.warn('WhatsApp Cloud API: a webhook event could not be worked; trying again', { event: event.id, attempts: event.attempts, retryInSeconds: seconds, error: (error as Error).message });
      await retryCloudEvent(sql, event.id, (error as Error).message, seconds);
    }
  }

  /** The media of a document or image; null when there is none, or it still fails after DOWNLOAD_ATTEMPTS (answered without it). */
  private async download(message: Parameters<typeof mediaOf>[0], attempts: number) {
    const media = mediaOf(message);
    if (!media) return null;
    try {
      const got = await this.options.graph.downloadMedia(media.id, INBOUND_LIMITS.attachmentBytes);
      if (!got) log.warn('WhatsApp Cloud API: an attachment is over the size limit; taken in without it', { message: message.id, filename: media.filename });
      return got;
    } catch (error) {
      if (attempts < DOWNLOAD_ATTEMPTS) throw error;
      log.error('WhatsApp Cloud API: an attachment could not be downloaded; the message is taken in without it', { message: message.id, filename: media.filename, error: (error as Error).message });
      return null;
    }
  }

  /** False when no recorded send has this id (yet). */
  private async applyStatus(status: CloudStatus): Promise<boolean> {
    const sql = poolSql(this.options.db.pool);
    const problem = status.errors?.[0];
    const error = problem ? `${problem.code ?? ''} ${problem.title ?? problem.message ?? ''}${problem.error_data?.details ? ` (${problem.error_data.details})` : ''}`.trim() : status.status === 'failed' ? 'no reason given' : null;
    const row = await applyDeliveryStatus(sql, 'whatsapp', status.id, status.status, new Date(status.timestamp * 1000), error);
    if (!row) return false;
    if (!row.changed || status.status !== 'failed') return true;
    const address = this.options.emailOn ? await resellerEmailAddress(sql, row.conversationKey) : null;
    if (address) {
      await queueEmailFallback(sql, row, address, `WhatsApp could not deliver it (${error}); sent by email to ${address} instead`);
      log.warn('WhatsApp Cloud API: a reply could not be delivered; it goes to the reseller\'s email instead', { conversation: row.conversationKey, key: row.idempotencyKey, error, email: address });
    } else {
      await markDeliveryFailed(sql, row, `WhatsApp could not deliver it (${error}) and the reseller has no email address on file`);
      log.error(`WhatsApp Cloud API: a reply to ${row.conversationKey} could not be delivered (${error}) and there is no email to send it to; contact the reseller another way`, { alert: 'staff', key: row.idempotencyKey });
    }
    return true;
  }
}
