import { EventEmitter } from 'node:events';
import type { InboundMessage, InboundSink } from '../../channels/port';
import { errorInWords } from '../../channels/error-in-words';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { log } from '../log';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { keepApplicantFiles } from '../conversation/applicant-files';
import { poolSql } from '../db/sql';
import { fulfilOrder } from '../fulfilment/fulfil-order';
import type { LlmParser } from '../llm/llm-parser';
import type { SupplierPort } from '../supplier/port';
import { CatalogueCache } from './catalogue-cache';
import { ConversationQueue } from './conversation-queue';
import { storeInbound } from './intake';
import { handMessageToStaff } from './give-up';
import { processMessage } from './process-message';
import { attemptUnlessEarlier, earlierUnprocessed, repliesAfter, startAttempt, watchStart } from '../store/messages';
import { openFulfilment, ordersPaidSince } from '../store/orders';
import { ticketOrNote } from '../store/tickets';
import { loadOrderWithLines } from '../fulfilment/order-rows';
import { crashPoint } from '../crash/crash-points';

export interface BotDeps {
  db: Database;
  config: Config;
  supplier: SupplierPort;
  /** Reads what the rules are unsure of; absent: rules only. */
  llm?: LlmParser | null;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Work comes from the PostgreSQL job queue (bot/jobs), added by the database in the transaction
   * that caused it, and shared by every process; absent: this process queues it in memory (the
   * embedded PGlite, one process).
   */
  jobQueue?: boolean;
}
const SWEEP_EVERY_MS = 15_000;
/** How often the bot looks for work other processes committed (a deposit import that paid an order). */
const WATCH_EVERY_MS = 2_000;

/**
 * The order pipeline every channel feeds: store first, then act once per message, one message
 * at a time per conversation; paid orders are fulfilled in the background and resumed after a restart.
 */
export class Bot implements InboundSink {
  readonly catalogue: CatalogueCache;
  private readonly queue = new ConversationQueue();
  private readonly fulfilments = new Map<number, Promise<void>>();
  /** Messages queued or running in this process, so the sweeper does not queue them twice. */
  private readonly scheduled = new Set<bigint>();
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private sweeper: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  private watched: { outboundId: number; paidSince: Date } | null = null; // paidSince: the database's clock
  /** Emits 'replied' with the conversation id after replies were committed (for long polling). */
  readonly activity = new EventEmitter().setMaxListeners(0);

  constructor(private readonly deps: BotDeps) {
    this.catalogue = new CatalogueCache(deps.db.prisma);
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async receive(message: InboundMessage): Promise<{ duplicate: boolean; messageId: bigint | null }> {
    const stored = await storeInbound(this.deps.db.pool, message);
    crashPoint('intake:stored');
    if (!stored.duplicate && stored.messageId !== null && message.attachments.length > 0) {
      // A file that cannot be read is not a reason to lose the message: it is answered without it.
      await keepApplicantFiles(poolSql(this.deps.db.pool), stored.conversationId, stored.messageId, message.attachments).catch((error: unknown) =>
        log.error('could not keep an applicant\'s file', { messageId: String(stored.messageId), error }),
      );
    }
    if (!stored.duplicate && stored.messageId !== null && !this.deps.jobQueue) void this.schedule(stored.conversationId, stored.messageId);
    return { duplicate: stored.duplicate, messageId: stored.messageId };
  }

  /**
   * One attempt at a message, counted in the database before it starts: a message that kills or
   * hangs the process is handed to staff after MESSAGE_ATTEMPTS_MAX tries, across restarts. An
   * attempt has a time budget; one that fails waits for the sweeper (deadlocks are retried at once
   * inside the transaction).
   */
  private schedule(conversationId: number, messageId: bigint): Promise<void> {
    if (this.scheduled.has(messageId)) return Promise.resolve();
    this.scheduled.add(messageId);
    return this.queue.run(String(conversationId), async () => {
      try {
        // Answered in the order they were stored, whatever order concurrent deliveries finished in:
        // an earlier message of the conversation still waiting goes first.
        for (const earlier of await earlierUnprocessed(poolSql(this.deps.db.pool), conversationId, messageId)) await this.attempt(conversationId, earlier);
        await this.attempt(conversationId, messageId);
      } finally {
        this.scheduled.delete(messageId);
      }
    });
  }

  private async attempt(conversationId: number, messageId: bigint): Promise<void> {
    try {
      await this.attemptOrThrow(conversationId, messageId);
    } catch {
      // The message stays unprocessed and the sweeper tries it again; nothing is lost.
    }
  }

  /**
   * A job of the queue: the message, after any earlier one of its conversation still waiting. A
   * failure is thrown so that the queue tries again with backoff, until the attempts counted in
   * the database run out and a person gets the message.
   */
  async processQueued(conversationId: number, messageId: bigint, lastAttempt = false): Promise<void> {
    try {
      const first = await attemptUnlessEarlier(poolSql(this.deps.db.pool), conversationId, messageId);
      for (const earlier of first.earlier) await this.attemptOrThrow(conversationId, earlier);
      await this.attemptOrThrow(conversationId, messageId, first.counted);
    } catch (error) {
      // The queue's own tries ran out before ours: a person gets it rather than nobody.
      if (lastAttempt) await this.giveUp(conversationId, messageId, errorInWords(error));
      throw error;
    }
  }

  /** `counted`: the attempt already counted by attemptUnlessEarlier (null: the message was processed meanwhile). */
  private async attemptOrThrow(conversationId: number, messageId: bigint, counted?: number | null): Promise<void> {
    const { MESSAGE_ATTEMPTS_MAX: attemptsMax, MESSAGE_TIME_BUDGET_MS: budgetMs } = this.deps.config;
    let attempt: number | null = null;
    try {
      attempt = counted !== undefined ? counted : await startAttempt(poolSql(this.deps.db.pool), messageId);
      if (attempt === null) return; // processed meanwhile
      if (attempt > attemptsMax) {
        await this.giveUp(conversationId, messageId, `processing did not finish in ${attemptsMax} attempts (the process stopped, or the ${budgetMs} ms budget ran out)`);
        return;
      }
      crashPoint('message:before-process');
      const result = await withinBudget(
        processMessage({ db: this.deps.db, config: this.deps.config, catalogue: this.catalogue, now: this.now, llm: this.deps.llm }, messageId, Date.now() + budgetMs),
        budgetMs,
      );
      crashPoint('message:processed');
      this.activity.emit('replied', conversationId);
      for (const orderId of result.ordersToFulfil) void this.fulfil(orderId, conversationId);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // Probably not the message's fault: not handed to staff on this failure but tried again after
        // the queue's backoff (it waits e, then e² seconds between attempts). The attempt still
        // counts: a message that itself brings the database down must reach staff, not loop.
        log.warn('the database was unavailable while processing a message; it is tried again', { messageId: String(messageId), attempt, error });
        throw error;
      }
      // One that keeps failing goes to staff rather than looping.
      log.error('processing a message failed', { messageId: String(messageId), attempt, error: (error as Error).stack ?? String(error) });
      if (attempt !== null && attempt >= attemptsMax) {
        await this.giveUp(conversationId, messageId, errorInWords(error));
        return;
      }
      throw error;
    }
  }

  /** With the job queue, a hand-over that fails is thrown, so that the job is tried again rather than the message left unanswered. */
  private async giveUp(conversationId: number, messageId: bigint, reason: string): Promise<void> {
    try {
      await handMessageToStaff(this.deps.db, messageId, reason, this.now());
      this.activity.emit('replied', conversationId);
    } catch (error) {
      log.error('could not hand a failing message to staff', { messageId: String(messageId), error });
      if (this.deps.jobQueue) throw error;
    }
  }

  fulfil(orderId: number, conversationId?: number): Promise<void> {
    // With the job queue, the order's move to 'placing' already queued its fulfilment.
    if (this.deps.jobQueue) return Promise.resolve();
    const running = this.fulfilments.get(orderId);
    if (running) return running;
    const notify = conversationId === undefined ? undefined : () => void this.activity.emit('replied', conversationId);
    const task = fulfilOrder({ db: this.deps.db, supplier: this.deps.supplier, now: this.now, sleep: this.sleep, notify }, orderId)
      .then(() => undefined)
      .catch((error: unknown) => log.error('fulfilment failed; it will be resumed', { orderId, error: (error as Error).stack ?? String(error) }))
      .finally(() => this.fulfilments.delete(orderId));
    this.fulfilments.set(orderId, task);
    return task;
  }

  /**
   * A job of the queue: the order's eSIMs bought and delivered. An order not complete afterwards (a
   * supplier chunk still open) is thrown back for a later try with backoff; when the tries run out
   * a person gets a ticket with the error.
   */
  async fulfilQueued(orderId: number, lastAttempt: boolean): Promise<void> {
    const deps = { db: this.deps.db, supplier: this.deps.supplier, now: this.now, sleep: this.sleep };
    try {
      const finished = await fulfilOrder(deps, orderId);
      crashPoint('fulfil:done');
      // Read again only when this run did not itself commit the order's end (the usual case does).
      const open = finished ? null : await openFulfilment(poolSql(this.deps.db.pool), orderId);
      if (open) throw new Error(`order ${open.reference} is not fully delivered yet (${open.status}): its open supplier requests are tried again`);
    } catch (error) {
      if (lastAttempt) await this.fulfilmentStuck(orderId, errorInWords(error));
      throw error;
    }
  }

  private async fulfilmentStuck(orderId: number, error: string): Promise<void> {
    const sql = poolSql(this.deps.db.pool);
    const order = await loadOrderWithLines(sql, orderId);
    log.error(`order ${order?.reference ?? orderId}: fulfilment kept failing; check the supplier and the order`, { alert: 'staff', error });
    if (order?.conversation_id != null && order.conversation_channel) {
      // Noted on the conversation's open ticket if it has one: not lost behind it.
      await ticketOrNote(sql, { conversationId: order.conversation_id, customerId: order.customer_id, channel: order.conversation_channel, reason: 'fulfilment_stuck', detail: `Order ${order.reference} could not be fulfilled: ${error}` });
    }
  }

  /** After a restart (or on the sweeper's tick): unprocessed messages in order, unfinished orders. */
  async recover(olderThanMs = 0): Promise<{ messages: number; orders: number }> {
    const before = new Date(Date.now() - olderThanMs);
    const messages = await this.deps.db.prisma.message.findMany({
      where: { direction: 'inbound', processedAt: null, createdAt: { lte: before } },
      orderBy: { id: 'asc' },
      select: { id: true, conversationId: true },
      take: 1000,
    });
    for (const message of messages) void this.schedule(message.conversationId, message.id);
    const orders = await this.deps.db.prisma.order.findMany({
      // Placing, or partly delivered with supplier requests open (as fulfilmentOpenSql in bot/store/orders.ts).
      where: { OR: [{ status: 'placing' }, { status: 'partially_delivered', deliveredAt: null }], updatedAt: { lte: before } },
      select: { id: true },
      take: 1000,
    });
    for (const order of orders) void this.fulfil(order.id);
    return { messages: messages.length, orders: orders.length };
  }

  /**
   * Work committed by another process: replies (wakes the web-chat polls of their conversations)
   * and orders just paid (a deposit import paid them: they are fulfilled here, within seconds).
   */
  async watchOthers(): Promise<void> {
    const sql = poolSql(this.deps.db.pool);
    if (!this.watched) {
      const start = await watchStart(sql);
      this.watched = { outboundId: start.id, paidSince: start.since };
    }
    const replies = await repliesAfter(sql, this.watched.outboundId);
    for (const r of replies) {
      if (r.id > this.watched.outboundId) this.watched.outboundId = r.id;
      this.activity.emit('replied', r.conversation_id);
    }
    // By when the row was written (the database's clock), not paid_at: a payment's business time is
    // the caller's (a bank file imported with its own date), and could be older than the watch.
    const paid = await ordersPaidSince(sql, this.watched.paidSince);
    // The mark trails the newest row by 10 s: a transaction that began earlier (its now() is its
    // start) may commit after a later one was seen. An order seen twice is fulfilled once (the map
    // of fulfilments, and fulfilment is idempotent).
    const newest = paid.reduce((t, o) => Math.max(t, o.updated_at.getTime()), 0);
    if (newest - 10_000 > this.watched.paidSince.getTime()) this.watched.paidSince = new Date(newest - 10_000);
    for (const order of paid) {
      if (!this.fulfilments.has(order.id)) void this.fulfil(order.id, order.conversation_id ?? undefined);
    }
  }

  startSweeper(): void {
    this.watcher = setInterval(() => {
      this.watchOthers().catch((error: unknown) => log.error('watching for work of other processes failed', { error }));
    }, WATCH_EVERY_MS);
    this.watcher.unref();
    this.sweeper = setInterval(() => {
      this.recover(SWEEP_EVERY_MS).catch((error: unknown) => log.error('sweep failed', { error }));
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      if (this.fulfilments.size === 0) return;
      await Promise.all([...this.fulfilments.values()]);
    }
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.watcher) clearInterval(this.watcher);
    await this.idle();
  }
}

/** Rejects when `work` takes longer than `ms` (the work itself is bounded by its transaction's deadline). */
function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`processing took longer than its ${ms} ms budget`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
