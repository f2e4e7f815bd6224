import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { conversationKey, type ChannelName, type InboundAttachment } from '../../channels/port';
import { loadConfig } from '../../bot/config';
import { buildHttpServer } from '../../bot/http/server';
import { rateLimitsFrom } from '../../bot/http/rate-limits';
import { createLlmParser } from '../../bot/llm/create-llm-parser';
import { Bot } from '../../bot/pipeline/bot';
import type { SupplierPort } from '../../bot/supplier/port';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import type { TestDatabase } from './test-database';

export interface ChatReply {
  id: number;
  text: string;
  images: { url: string; caption: string }[];
  files: { url: string; filename: string }[];
}

/** The bot and its HTTP server on loopback, driven through the web-chat port as a browser would. */
export class BotHarness {
  private cursors = new Map<string, number>();
  private received = 0;
  // Message ids unique across harnesses on one database: a repeated id would be taken as a duplicate delivery.
  private readonly id = randomUUID();
  private constructor(
    readonly db: TestDatabase,
    readonly bot: Bot,
    readonly http: FastifyInstance,
    readonly url: string,
  ) {}

  static async start(
    db: TestDatabase,
    options: { supplier?: SupplierPort; env?: Record<string, string>; now?: () => Date; sleep?: (ms: number) => Promise<void> } = {},
  ): Promise<BotHarness> {
    const config = loadConfig({ DEMO_MODE: '1', ...options.env });
    const bot = new Bot({ db, config, supplier: options.supplier ?? createSandboxSupplier(), llm: createLlmParser(config), now: options.now, sleep: options.sleep ?? (async () => undefined) });
    const http = buildHttpServer({ db, startedAt: new Date(), sink: bot, demoMode: config.demoMode, activity: bot.activity, limits: rateLimitsFrom(config), trustedProxies: config.TRUSTED_PROXY,
      afterMoney: (orders) => { for (const o of orders) void bot.fulfil(o.orderId, o.conversationId ?? undefined); },
      depositToleranceUsdMinor: Math.round(config.DEPOSIT_TOLERANCE_USD * 100) });
    const url = await http.listen({ port: 0, host: '127.0.0.1' });
    return new BotHarness(db, bot, http, url);
  }

  async post(from: string, text: string, id = `${Date.now()}-${Math.random()}`): Promise<Response> {
    return fetch(`${this.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, text, id }) });
  }

  /**
   * A message from a reseller contact on any channel, as its adapter hands it over (sender
   * authenticated), at `receivedAt` (the tests' clock); waits until the bot has finished with it.
   */
  async receive(channel: ChannelName, address: string, text: string, receivedAt = new Date(), attachments: InboundAttachment[] = []): Promise<void> {
    this.received += 1;
    await this.bot.receive({ channel, externalId: `harness-${this.id}-${this.received}`, conversationKey: conversationKey(channel, address), sender: { address, authenticated: true }, text, attachments, receivedAt });
    await this.bot.idle();
  }

  /** Sends a message, waits until the bot has finished with it, returns the new replies. */
  async say(from: string, text: string, id?: string): Promise<ChatReply[]> {
    const response = await this.post(from, text, id);
    if (response.status !== 202) throw new Error(`POST /webchat/messages answered ${response.status}: ${await response.text()}`);
    await this.bot.idle();
    return this.replies(from);
  }

  /** The replies after this harness's cursor; with `waitMs`, a long poll that waits for the next one. */
  async replies(from: string, waitMs = 0): Promise<ChatReply[]> {
    const after = this.cursors.get(from) ?? 0;
    const response = await fetch(`${this.url}/webchat/messages?from=${encodeURIComponent(from)}&after=${after}&wait=${waitMs}`);
    const body = (await response.json()) as { messages: ChatReply[]; cursor: number };
    this.cursors.set(from, body.cursor);
    return body.messages;
  }

  async stop(): Promise<void> {
    await this.http.close();
    await this.bot.stop();
  }
}
