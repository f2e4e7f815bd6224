import { createHash } from 'node:crypto';
import type { InboundSink } from '../../channels/port';
import type { GraphApi } from '../../channels/whatsapp-cloud/graph-api';
import { mediaOf, parseCloudMessage } from '../../channels/whatsapp-cloud/parse';
import { webhookContents, type CloudMessage, type CloudStatus } from '../../channels/whatsapp-cloud/webhook-payload';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { log } from '../log';
import { queueByEmailInstead } from '../outbox/email-fallback';
import { applyDeliveryStatus, markDeliveryFailed } from '../store/outbox-parts';
import { claimCloudEvents, extendCloudEventLease, finishCloudEvent, retryCloudEvent, storeCloudEvent, type ClaimedCloudEvent } from '../store/whatsapp-cloud-events';

// The WhatsApp Cloud API's webhook deliveries, worked after they were stored (and Meta answered
// 200): each message's media downloaded and the message taken in (intake keeps it once, however
// often it is delivered), each status applied to the outbox row it belongs to. Any process works
// them; an event that fails is tried again, so a crash or a failed download loses nothing.

/** Events worked at once by one process. */
const CONCURRENCY = 4;
/**
 * An event being worked is leased this long, and the lease renewed every third of it while the work
 * goes on: the events of a process that died are worked by another within about this long (they
 * waited a minute, with a fixed lease long enough for the slowest download).
 */
const LEASE_SECONDS = 15;
/** A work still going after this long is taken for hung: its lease is no longer renewed, and another process works the event again. */
const RENEW_FOR_MS = 5 * 60_000;
const SWEEP_MS = 5_000;
/** A media download that keeps failing: after this many attempts the message is taken in without it. */
const DOWNLOAD_ATTEMPTS = 5;
/** Attempts at a delivery before what still fails in it is skipped (with an error for staff). */
const ATTEMPTS_MAX = 8;
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
  /** The lease of an event being worked (default LEASE_SECONDS). */
  leaseSeconds?: number;
  /**
   * A delivery with messages is taken in this long after it arrived, after any of the sender's
   * messages written earlier: Meta posts a sender's messages without waiting for the one before, so
   * they can arrive the other way round (0: taken in at once, in the order they arrived).
   */
  orderWaitMs: number;
}

export class WhatsAppCloudInbox {
  private timer: NodeJS.Timeout | null = null;
  private claiming = false;
  private again = false;
  private stopped = false;
  /** Events being worked now: several at once, so a long one (a flood of statuses) holds up no other. */
  private readonly working = new Set<Promise<void>>();
  /** Stops the lease renewal of each event being worked. */
  private readonly renewals = new Set<() => void>();

  constructor(private readonly options: CloudInboxOptions) {}

  /**
   * A verified delivery: stored as its raw text (once per body), then worked in the background.
   * The senders of its messages are noted, so a sender's later deliveries wait for this one.
   */
  async store(rawBody: Buffer, payload: unknown): Promise<void> {
    const sha = createHash('sha256').update(rawBody).digest('hex');
    const { messages } = webhookContents(payload, this.options.phoneNumberId);
    const senders = [...new Set(messages.map((m) => m.message.from))];
    const writtenAt = messages.length > 0 ? new Date(Math.min(...messages.map((m) => m.message.timestamp)) * 1000) : null;
    await storeCloudEvent(poolSql(this.options.db.pool), sha, rawBody.toString('utf8'), senders, writtenAt);
    // Statuses are worked at once; messages when their wait is over (claiming before would find them held).
    if (senders.length === 0 || this.options.orderWaitMs === 0) this.wake();
    else setTimeout(() => this.wake(), this.options.orderWaitMs + 20).unref();
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
    await Promise.race([Promise.all(this.working), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    // Work still going is abandoned: its leases run out, and another process works those events.
    for (const stop of [...this.renewals]) stop();
  }

  /** Claims what there is room for and works it; each event that ends makes room for the next. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && this.working.size < CONCURRENCY) {
            const events = await claimCloudEvents(poolSql(this.options.db.pool), CONCURRENCY - this.working.size, this.leaseSeconds, this.options.orderWaitMs);
            if (events.length === 0) break;
            for (const event of events) {
              const renewal = this.renewLease(event);
              const work: Promise<void> = this.work(event)
                .catch((error: unknown) => log.error('WhatsApp Cloud API: a webhook event failed unexpectedly; it is worked again when its lease runs out', { event: event.id, error }))
                .finally(() => {
                  renewal();
                  this.working.delete(work);
                  this.wake();
                });
              this.working.add(work);
            }
          }
        } while (this.again && !this.stopped);
      } catch (error) {
        log.error('WhatsApp Cloud API: could not read stored webhook events; retrying', { error });
      } finally {
        this.claiming = false;
      }
    })();
  }

  private get leaseSeconds(): number {
    return this.options.leaseSeconds ?? LEASE_SECONDS;
  }

  /**
   * Renews the event's lease every third of it, each renewal after the one before has answered,
   * until the returned function is called (at most RENEW_FOR_MS). A renewal that finds the lease
   * changed (finished, or set to be tried later) stops.
   */
  private renewLease(event: ClaimedCloudEvent): () => void {
    let lease = event.lease_until;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const until = Date.now() + RENEW_FOR_MS;
    const stop = () => {
      done = true;
      clearTimeout(timer);
      this.renewals.delete(stop);
    };
    const next = () => {
      if (done || lease === null || Date.now() > until) return stop();
      timer = setTimeout(() => {
        extendCloudEventLease(poolSql(this.options.db.pool), event.id, lease!, this.leaseSeconds)
          .then((renewed) => (lease = renewed))
          .catch((error: unknown) => log.warn('WhatsApp Cloud API: could not renew a webhook event\'s lease; another process may work it too (intake keeps a message once)', { event: event.id, error }))
          .finally(next);
      }, (this.leaseSeconds * 1000) / 3);
      timer.unref();
    };
    this.renewals.add(stop);
    next();
    return stop;
  }

  /**
   * Each message and status on its own: one that fails is tried again with the event (intake keeps a
   * message once, a status moves a row only forward), and after ATTEMPTS_MAX it is skipped with an
   * error for staff, so a delivery Meta got wrong never blocks the reseller's next ones.
   */
  private async work(event: ClaimedCloudEvent): Promise<void> {
    const sql = poolSql(this.options.db.pool);
    const last = event.attempts >= ATTEMPTS_MAX;
    let payload: unknown = null;
    try {
      payload = JSON.parse(event.body);
    } catch {
      // Stored only after its signature passed and it parsed: not expected; finished, with the reason.
    }
    const contents = webhookContents(payload, this.options.phoneNumberId);
    if (contents.skipped > 0 && event.attempts === 1) log.warn('WhatsApp Cloud API: parts of a webhook delivery were not in a shape Meta documents; skipped', { event: event.id, skipped: contents.skipped });
    if (contents.elsewhere > 0 && event.attempts === 1) log.warn('WhatsApp Cloud API: a webhook delivery for another phone number id was ignored; check WHATSAPP_CLOUD_PHONE_NUMBER_ID, or whether another app shares this webhook', { event: event.id });
    let failed: string | null = null;
    // In the order the reseller wrote them (a stable sort: messages of one second keep Meta's order).
    const written = [...contents.messages].sort((a, b) => a.message.timestamp - b.message.timestamp);
    for (const { message, displayName } of written) {
      try {
        const media = await this.download(message, event.attempts);
        const inbound = await parseCloudMessage(message, displayName, media);
        if (inbound) await this.options.sink.receive(inbound);
      } catch (error) {
        failed ??= `message ${message.id}: ${(error as Error).message}`;
        if (last) log.error(`WhatsApp Cloud API: a message from +${message.from} could not be taken in after ${event.attempts} attempts and is skipped; ask the reseller to send it again`, { alert: 'staff', message: message.id, error });
        else break; // later messages of the delivery wait with it, in order
      }
    }
    const unknown: CloudStatus[] = [];
    if (!failed || last) {
      for (const status of contents.statuses) {
        try {
          if (!(await this.applyStatus(status))) unknown.push(status);
        } catch (error) {
          failed ??= `status of ${status.id}: ${(error as Error).message}`;
          if (last) log.error('WhatsApp Cloud API: a status report could not be applied and is skipped', { status: status.id, error });
        }
      }
    }
    if (failed && !last) {
      const seconds = Math.min(2 ** event.attempts, 300);
      log.warn('WhatsApp Cloud API: a webhook event could not be worked; trying again', { event: event.id, attempts: event.attempts, retryInSeconds: seconds, error: failed });
      await retryCloudEvent(sql, event.id, failed, seconds);
      return;
    }
    if (unknown.length > 0 && event.age_ms < UNKNOWN_STATUS_WAIT_MS) {
      if (contents.messages.length === 0) {
        // Statuses that came before the send they report on was recorded: tried again, less often each time.
        await retryCloudEvent(sql, event.id, `${unknown.length} statuses for sends not recorded (yet)`, Math.min(2 ** event.attempts, 60));
        return;
      }
      // This delivery's messages are done; its early statuses wait apart, so the sender's next messages do not.
      await this.holdStatuses(event.id, unknown);
    }
    await finishCloudEvent(sql, event.id, failed);
  }

  private async holdStatuses(from: number, statuses: CloudStatus[]): Promise<void> {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: this.options.phoneNumberId }, statuses } }] }] });
    const sha = createHash('sha256').update(`${from}:${body}`).digest('hex');
    await storeCloudEvent(poolSql(this.options.db.pool), sha, body, [], null);
  }

  /** The media of a document or image; null when there is none, or it still fails after DOWNLOAD_ATTEMPTS (answered without it). */
  private async download(message: CloudMessage, attempts: number) {
    const media = mediaOf(message);
    if (!media) return null;
    try {
      const got = await this.options.graph.downloadMedia(media.id, INBOUND_LIMITS.attachmentBytes);
      if (!got) log.warn('WhatsApp Cloud API: an attachment is over the size limit; taken in without it', { message: message.id, filename: media.filename });
      return got;
    } catch (error) {
      if (attempts < DOWNLOAD_ATTEMPTS) throw error;
      log.error('WhatsApp Cloud API: an attachment could not be downloaded; the message is taken in without it', { message: message.id, filename: media.filename, error });
      return null;
    }
  }

  /** False when no recorded send has this id (yet). */
  private async applyStatus(status: CloudStatus): Promise<boolean> {
    const sql = poolSql(this.options.db.pool);
    const problem = status.errors?.[0];
    const error = problem ? `${problem.code ?? ''} ${problem.title ?? problem.message ?? ''}${problem.error_data?.details ? ` (${problem.error_data.details})` : ''}`.trim() : status.status === 'failed' ? 'no reason given' : null;
    const row = await applyDeliveryStatus(sql, 'whatsapp', status.id, status.status, new Date(status.timestamp * 1000), error, status.recipient_id ?? null);
    if (!row) return false;
    if (!row.recipientMatches) {
      log.warn('WhatsApp Cloud API: a status report names another recipient than the message it is about went to; ignored', { wamid: status.id, recipient: status.recipient_id, conversation: row.conversationKey });
      return true;
    }
    if (!row.changed || status.status !== 'failed') return true;
    const address = this.options.emailOn ? await queueByEmailInstead(sql, row, (to) => `WhatsApp could not deliver it (${error}); sent by email to ${to} instead`) : null;
    if (address) {
      log.warn('WhatsApp Cloud API: a reply could not be delivered; it goes to the reseller\'s email instead', { conversation: row.conversationKey, key: row.idempotencyKey, error, email: address });
    } else {
      await markDeliveryFailed(sql, row, `WhatsApp could not deliver it (${error}) and the reseller has no email address on file`);
      log.error(`WhatsApp Cloud API: a reply to ${row.conversationKey} could not be delivered (${error}) and there is no email to send it to; contact the reseller another way`, { alert: 'staff', key: row.idempotencyKey });
    }
    return true;
  }
}
