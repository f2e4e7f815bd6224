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
import { installJobQueue, startJobQueue, type JobQueue } from './jobs/job-queue';
import { ProcessRegistry } from './jobs/process-registry';
import { DatabaseNotifications } from './jobs/notifications';
import { enqueueLeftovers } from './jobs/enqueue-leftovers';
import { botTasks } from './jobs/tasks';
import { ChannelLeases } from './channels/channel-leases';
import { crashInjection } from './crash/crash-points';
import { withCrashPoints } from './crash/crashing-supplier';
import { whatsAppCloudGraph } from './channels/whatsapp-cloud-wiring';
import { WhatsAppCloudInbox } from './channels/whatsapp-cloud-inbox';
import { warmUpParser } from './parsing/warm-up';
import { assertPortFree, portTakenError } from './http/port-probe';

export interface RunningApp {
  db: Database;
  bot: Bot;
  url: string;
  stop(): Promise<void>;
  /** What stop() is waiting for (a shutdown that overruns names it). */
  stopping: { step: string | null };
}

/**
 * How long after stop() begins a stopping process waits for the replies it is sending before it
 * lets their channel sessions go: a send cut off is sent again by the process that takes the session
 * over (an SMTP server or Graph cannot tell). Of the 5 s: the sessions, the rest and the database
 * close take well under 1.5 s (start-command's 4.5 s watchdog ends the process regardless).
 */
const OUTBOX_SENDS_DEADLINE_MS = 3_000;

/** `esim-hub start`: database ready (migrated, seeded when empty), then the HTTP server. */
export async function startApp(config: Config): Promise<RunningApp> {
  await assertPortFree(config.PORT, config.HOST);
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
    // On PostgreSQL several processes may share the database: work goes through its job queue and
    // single channel sessions through leases. The embedded PGlite is one process: work in memory.
    const sharedUrl = db.kind === 'postgres' ? db.url : null;
    const shared = sharedUrl !== null;
    if (sharedUrl) await installJobQueue(sharedUrl);
    const supplier = crashInjection ? withCrashPoints(createSupplier(config)) : createSupplier(config);
    const bot = new Bot({ db, config, supplier, llm, jobQueue: shared });
    let dispatcher: OutboxDispatcher | undefined; // channels are built first; their watchdog finds it later
    const watchdog = new ChannelWatchdog({
      ready: (channel) => void dispatcher?.retryNow(channel).catch(() => undefined),
      alert: (text) => log.error(text, { alert: 'staff' }),
    });
    // Web chat is always on (the app's own page), in every process; the others as configured.
    const webchat = new WebChatAdapter();
    const sessions = createChannels(config, db, (channel) => watchdog.listener(channel));
    const pushed = sessions.filter((c) => (c.capabilities.delivery ?? 'push') === 'push');
    const outbox = new OutboxDispatcher(db, shared ? [] : pushed, { emailFallbackAfterMs: config.EMAIL_FALLBACK_AFTER_MINUTES * 60_000, linkBaseUrl: config.PUBLIC_BASE_URL, emailOn: sessions.some((c) => c.name === 'email') });
    dispatcher = outbox;
    bot.activity.on('replied', () => outbox.wake());
    // The Cloud API's webhook is served, and its stored events worked, by every process.
    const cloudGraph = whatsAppCloudGraph(config);
    const cloudInbox = cloudGraph ? new WhatsAppCloudInbox({ db, graph: cloudGraph, phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!, sink: bot, emailOn: sessions.some((c) => c.name === 'email'), orderWaitMs: config.WHATSAPP_CLOUD_ORDER_WAIT_MS }) : null;
    const http = buildHttpServer({ db, startedAt: new Date(), sink: bot, webchat, demoMode: config.demoMode, activity: bot.activity, secureCookies: config.PUBLIC_BASE_URL?.startsWith('https:') ?? false,
      limits: rateLimitsFrom(config), trustedProxies: config.TRUSTED_PROXY,
      afterMoney: (orders) => { for (const o of orders) void bot.fulfil(o.orderId, o.conversationId ?? undefined); },
      depositToleranceUsdMinor: Math.round(config.DEPOSIT_TOLERANCE_USD * 100),
      whatsappCloud: cloudInbox ? { verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN!, appSecret: config.WHATSAPP_CLOUD_APP_SECRET!, inbox: cloudInbox } : undefined,
      whatsapp: () => {
        if (!sessions.some((c) => c.name === 'whatsapp')) return null;
        const view = watchdog.view('whatsapp');
        return { ready: view?.ready ?? false, pairingQr: view?.pairingQr ?? null, alert: view?.alert ?? null };
      },
    });
    await webchat.start(bot); // stores what it is given; the work starts below
    // The port again (checked before the database was opened): taken since, the process stops before it takes any work.
    const address = await http.listen({ port: config.PORT, host: config.HOST }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw portTakenError(config.PORT, config.HOST);
    });
    // Before any job is taken: the parser's first reading of each kind of message is slow (regexes compiled).
    log.info('parser warmed up', { ms: warmUpParser((await bot.catalogue.get()).index) });
    let registry: ProcessRegistry | null = null;
    let notifications: DatabaseNotifications | null = null;
    let queue: JobQueue | null = null;
    let leases: ChannelLeases | null = null;
    if (sharedUrl) {
      registry = new ProcessRegistry(sharedUrl, () => address, config.JOB_TAKEOVER_SECONDS * 1000);
      await registry.start();
      notifications = new DatabaseNotifications(sharedUrl, bot.activity, registry.id);
      await notifications.start();
      const leftovers = await enqueueLeftovers(db.pool);
      if (leftovers.messages + leftovers.orders + leftovers.stranded > 0) log.info('queued work left from before the job queue', leftovers);
      const processRegistry = registry;
      queue = await startJobQueue({
        databaseUrl: sharedUrl,
        concurrency: config.JOB_CONCURRENCY,
        tasks: botTasks(bot),
        onWorker: (id) => processRegistry.addWorker(id),
        onWorkerGone: (id) => processRegistry.removeWorker(id),
      });
      leases = new ChannelLeases(sharedUrl, sessions, bot, {
        held: (adapter) => {
          processRegistry.holdsChannel(adapter.name, true);
          if ((adapter.capabilities.delivery ?? 'push') === 'push') outbox.attach(adapter);
        },
        lost: (adapter) => {
          processRegistry.holdsChannel(adapter.name, false);
          outbox.detach(adapter.name);
        },
      }, processRegistry.id);
      const channelLeases = leases;
      bot.activity.on('channel-freed', () => channelLeases.tryNow());
      await leases.start();
    } else {
      const recovered = await bot.recover();
      if (recovered.messages + recovered.orders > 0) log.info('resuming work left from before the restart', recovered);
      bot.startSweeper();
      for (const channel of sessions) await channel.start(bot);
    }
    // Health checks come every 15 s (WhatsApp); four missed in a row is a channel gone quiet.
    const silenceCheck = setInterval(() => watchdog.checkSilence(60_000), 15_000);
    silenceCheck.unref();
    outbox.start();
    cloudInbox?.start();
    // Statements, invoices and housekeeping on the clock; what was missed while down runs now, in the background.
    const scheduler = new Scheduler(db.pool, scheduledJobs(db, config));
    void scheduler.start();
    log.info('esim-hub is running', {
      url: address,
      database: db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`,
      work: shared ? `PostgreSQL job queue, ${config.JOB_CONCURRENCY} at a time; other processes may share it` : 'in this process',
      demoMode: config.demoMode,
      supplier: config.SUPPLIER,
    });
    const stopping: { step: string | null } = { step: null };
    return {
      db,
      bot,
      url: address,
      stopping,
      /** Fit for a container's SIGTERM: open long polls and staff streams are answered at once, no new job is taken, a running one is finished or handed back. */
      async stop() {
        const step = async (name: string, work: () => Promise<unknown>) => {
          stopping.step = name;
          log.debug(`stopping: ${name}`);
          await work();
        };
        bot.activity.emit('shutdown');
        clearInterval(silenceCheck);
        // Nothing more is claimed from now: the sends in flight get until the deadline, the HTTP close
        // included; webhook deliveries being taken in get their second at the same time.
        const sendsDone = outbox.stop(OUTBOX_SENDS_DEADLINE_MS);
        leases?.stopTaking();
        const deliveriesDone = cloudInbox?.stop();
        await step('http server', async () => {
          // Long polls and staff streams were answered just now; a connection a client keeps busy
          // (a response it has not read) is cut after a moment rather than waited for.
          const force = setTimeout(() => http.server.closeAllConnections(), 1_000);
          await http.close();
          clearTimeout(force);
        });
        // Jobs are handed back and channel sessions let go at the same time: both count against the 5 s.
        // The replies being sent go out before their sessions are let go (another process takes
        // those over and would send a reply still in flight here again).
        await step('job queue and channel sessions', () =>
          Promise.all([
            queue?.stop(),
            (async () => {
              await sendsDone;
              await (leases ? leases.stop() : Promise.all(sessions.map((channel) => channel.stop())));
            })(),
          ]),
        );
        await step('scheduled jobs', () => scheduler.stop());
        await step('web chat', () => webchat.stop());
        await step('WhatsApp Cloud API webhook events', async () => deliveriesDone);
        await step('pipeline', () => bot.stop());
        await step('notifications', async () => notifications?.stop());
        await step('process registry', async () => registry?.stop());
        stopping.step = 'database';
        // A job handed back may have left its work running (a supplier call inside a transaction):
        // on PostgreSQL it is not waited for; the connection closes with the process and rolls it back.
        if (db.kind === 'postgres') await Promise.race([db.close(), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
        else await db.close();
      },
    };
  } catch (error) {
    // A pool waiting on a query stuck on a dead socket would never end: PostgreSQL is not waited for long (PGlite is closed properly).
    if (db.kind === 'postgres') await Promise.race([db.close(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    else await db.close();
    throw error;
  }
}
