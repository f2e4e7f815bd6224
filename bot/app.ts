import type { Config } from './config';
import type { Database } from './db/database';
import { openConfiguredDatabase, prepareDatabase } from './db/prepare';
import { buildHttpServer } from './http/server';
import { rateLimitsFrom } from './http/rate-limits';
import { fundDemoBalances } from './db/demo-balances';
import { log } from './log';
import { lowBalanceDefault } from './settlement/low-balance';
import { Bot } from './pipeline/bot';
import { createSupplier } from './supplier/create-supplier';
import { createChannels } from './channels/create-channels';
import { OutboxDispatcher } from './outbox/dispatcher';
import { createLlmParser } from './llm/create-llm-parser';
import { ChannelWatchdog } from './channels/watchdog';
import { WebChatAdapter } from '../channels/webchat/adapter';
import { scheduledJobs } from './schedules/jobs';
import { Scheduler } from './schedules/scheduler';

export interface RunningApp {
  db: Database;
  bot: Bot;
  url: string;
  stop(): Promise<void>;
}

/** `esim-hub start`: database ready (migrated, seeded when empty), then the HTTP server. */
export async function startApp(config: Config): Promise<RunningApp> {
  const db = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(db);
    if (config.demoMode) {
      const funded = await fundDemoBalances(db.prisma);
      if (funded > 0) log.info('demo mode: prepaid resellers funded with a demo balance', { resellers: funded, usdEach: 5000 });
    }
    lowBalanceDefault.usdMinor = Math.round(config.LOW_BALANCE_THRESHOLD_USD * 100);
    const llm = createLlmParser(config);
    log.info(llm ? 'LLM parsing: on' : 'LLM parsing: off (rules only; set OPENAI_API_KEY to read what the rules are unsure of)', llm ? { model: config.OPENAI_MODEL, baseUrl: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' } : {});
    const bot = new Bot({ db, config, supplier: createSupplier(config), llm });
    const recovered = await bot.recover();
    if (recovered.messages + recovered.orders > 0) log.info('resuming work left from before the restart', recovered);
    bot.startSweeper();
    let dispatcher: OutboxDispatcher | undefined; // channels are built first; their watchdog finds it later
    const watchdog = new ChannelWatchdog({
      ready: (channel) => void dispatcher?.retryNow(channel).catch(() => undefined),
      alert: (text) => log.error(text, { alert: 'staff' }),
    });
    // Web chat is always on (the app's own page); the others as configured.
    const webchat = new WebChatAdapter();
    const channels = [webchat, ...createChannels(config, db, (channel) => watchdog.listener(channel))];
    // Health checks come every 15 s (WhatsApp); four missed in a row is a channel gone quiet.
    const silenceCheck = setInterval(() => watchdog.checkSilence(60_000), 15_000);
    silenceCheck.unref();
    const outbox = new OutboxDispatcher(db, channels.filter((c) => (c.capabilities.delivery ?? 'push') === 'push'), { emailFallbackAfterMs: config.EMAIL_FALLBACK_AFTER_MINUTES * 60_000, linkBaseUrl: config.PUBLIC_BASE_URL });
    dispatcher = outbox;
    bot.activity.on('replied', () => outbox.wake());
    for (const channel of channels) await channel.start(bot);
    outbox.start();
    const http = buildHttpServer({ db, startedAt: new Date(), sink: bot, webchat, demoMode: config.demoMode, activity: bot.activity, secureCookies: config.PUBLIC_BASE_URL?.startsWith('https:') ?? false,
      limits: rateLimitsFrom(config), trustedProxies: config.TRUSTED_PROXY,
      afterMoney: (orders) => { for (const o of orders) void bot.fulfil(o.orderId, o.conversationId ?? undefined); },
      depositToleranceUsdMinor: Math.round(config.DEPOSIT_TOLERANCE_USD * 100),
      whatsapp: () => {
        if (!channels.some((c) => c.name === 'whatsapp')) return null;
        const view = watchdog.view('whatsapp');
        return { ready: view?.ready ?? false, pairingQr: view?.pairingQr ?? null, alert: view?.alert ?? null };
      },
    });
    const address = await http.listen({ port: config.PORT, host: config.HOST });
    // Statements, invoices and housekeeping on the clock; what was missed while down runs now, in the background.
    const scheduler = new Scheduler(db.pool, scheduledJobs(db, config));
    void scheduler.start();
    log.info('esim-hub is running', {
      url: address,
      database: db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`,
      demoMode: config.demoMode,
      supplier: config.SUPPLIER,
    });
    return {
      db,
      bot,
      url: address,
      async stop() {
        clearInterval(silenceCheck);
        await scheduler.stop();
        await http.close();
        for (const channel of channels) await channel.stop();
        await bot.stop();
        await outbox.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
