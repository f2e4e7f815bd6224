import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../bot/config';
import { fundDemoBalances } from '../../bot/db/demo-balances';
import { buildHttpServer } from '../../bot/http/server';
import { rateLimitsFrom } from '../../bot/http/rate-limits';
import { log } from '../../bot/log';
import { Bot } from '../../bot/pipeline/bot';
import { addStaffUser, logIn } from '../../bot/staff/staff-users';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { createTestDatabase, type Target, type TestDatabase } from './test-database';

// The fuzz harness's test bed: one seeded database (PGlite or PostgreSQL), one bot, and the app's
// HTTP server on loopback three times over the same bot: demo mode and token mode with limits high
// enough that the fuzzer is not just measuring 429s, and demo mode with the default limits.

export type ServerKind = 'demo' | 'tokens' | 'defaults';

/** High limits: every request reaches its handler (the 'defaults' server keeps the shipped ones). */
export const HIGH_LIMITS = {
  WEBCHAT_MESSAGES_PER_IDENTITY: '1000000',
  WEBCHAT_MESSAGES_PER_ADDRESS: '1000000',
  STAFF_LOGIN_FAILURES_PER_ACCOUNT: '1000000',
  STAFF_LOGIN_ATTEMPTS_PER_ADDRESS: '1000000',
};

export interface LoggedError {
  msg: string;
  fields?: Record<string, unknown>;
  at: number;
}

export interface FuzzBed {
  target: Target;
  db: TestDatabase;
  bot: Bot;
  servers: Record<ServerKind, { app: FastifyInstance; port: number; limits: ReturnType<typeof rateLimitsFrom> }>;
  /** A signed-in staff session (refreshed after a fuzzed logout). */
  staff: { cookie: string; csrf: string };
  staffId: number;
  /** A valid web-chat token (token mode) and the address it belongs to. */
  webchatToken: { token: string; address: string };
  /** Tokens of real delivery files: /qr/<token>.png, /orders/<token>/… */
  qrTokens: string[];
  orderTokens: string[];
  /** Error-level log lines since the bed started (the app logs there what went wrong inside). */
  errors: LoggedError[];
  /** Journal entries up to this id are the demo top-ups; every later one must belong to an order. */
  journalBaseline: bigint;
  /** What the order invariants saw of each new order's confirmation (null: a 'yes' received after the quote), for a soft check. */
  confirmations: (string | null)[];
  refreshStaffSession(): Promise<void>;
  stop(): Promise<void>;
}

export const FUZZ_STAFF = { email: 'fuzz@esimhub.test', password: 'fuzz staff password 1' };

/** Routes the bot's log into `errors` (error level) and drops the rest: a fuzz run logs thousands of lines. */
function captureLog(errors: LoggedError[]): () => void {
  const original = { ...log };
  log.error = (msg, fields) => void errors.push({ msg, fields, at: Date.now() });
  log.warn = () => undefined;
  log.info = () => undefined;
  log.debug = () => undefined;
  return () => Object.assign(log, original);
}

export async function startFuzzBed(target: Target, options: { databaseUrl?: string } = {}): Promise<FuzzBed> {
  const errors: LoggedError[] = [];
  const restoreLog = captureLog(errors);
  if (options.databaseUrl) process.env.TEST_DATABASE_URL = options.databaseUrl;
  const db = await createTestDatabase(target, { seed: true });
  await fundDemoBalances(db.prisma);
  const journalBaseline = (await db.prisma.journalEntry.aggregate({ _max: { id: true } }))._max.id ?? 0n;
  const staffId = await addStaffUser(db, { email: FUZZ_STAFF.email, password: FUZZ_STAFF.password, name: 'Fuzz' });
  const config = loadConfig({ DEMO_MODE: '1', ...HIGH_LIMITS });
  const bot = new Bot({ db, config, supplier: createSandboxSupplier(), sleep: async () => undefined });

  const servers = {} as FuzzBed['servers'];
  const inflight = new Map<string, string>();
  const envs: Record<ServerKind, Record<string, string>> = {
    demo: { DEMO_MODE: '1', ...HIGH_LIMITS },
    tokens: { DEMO_MODE: '0', TRUSTED_PROXY: '127.0.0.1', ...HIGH_LIMITS },
    defaults: { DEMO_MODE: '1' },
  };
  for (const kind of Object.keys(envs) as ServerKind[]) {
    const c = loadConfig(envs[kind]);
    const limits = rateLimitsFrom(c);
    const app = buildHttpServer({
      db, startedAt: new Date(), sink: bot, demoMode: c.demoMode, activity: bot.activity, limits, trustedProxies: c.TRUSTED_PROXY,
      // As the app wires them (bot/app.ts): money a staff action books releases the orders it paid for.
      afterMoney: (orders) => { for (const o of orders) void bot.fulfil(o.orderId, o.conversationId ?? undefined); },
      depositToleranceUsdMinor: Math.round(c.DEPOSIT_TOLERANCE_USD * 100),
    });
    // Requests not finished yet, named when the server does not close.
    app.addHook('onRequest', async (request) => {
      inflight.set(`${kind}:${request.id}`, `${kind} ${request.method} ${request.url.slice(0, 120)} since ${new Date().toISOString()}`);
      request.raw.once('close', () => inflight.delete(`${kind}:${request.id}`));
    });
    app.addHook('onResponse', async (request) => void inflight.delete(`${kind}:${request.id}`));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    servers[kind] = { app, port: typeof address === 'object' && address ? address.port : 0, limits };
  }

  // Real rows for the ids and tokens the fuzzer tries: a delivered order, a ticket, an onboarding request.
  const identities = await db.prisma.channelIdentity.findMany({ include: { customer: true }, orderBy: { id: 'asc' } });
  const prepaid = identities.find((i) => i.customer.accountType === 'prepaid' && i.role !== 'viewer')!;
  const chat = async (from: string, text: string) => {
    const response = await fetch(`http://127.0.0.1:${servers.demo.port}/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, text, id: randomBytes(8).toString('hex') }),
    });
    if (response.status !== 202) throw new Error(`fixture message answered ${response.status}: ${await response.text()}`);
    await bot.idle();
  };
  await chat(prepaid.address, 'Japan 1GB 7 days x 2');
  await chat(prepaid.address, 'yes');
  await chat(identities.find((i) => i.id !== prepaid.id && i.role !== 'viewer')!.address, 'I want to talk to a human please');
  await chat('+15550000000', 'Hello, we are a travel agency and would like to resell your eSIMs');

  const token = randomBytes(24).toString('base64url');
  const tokenIdentity = identities.find((i) => i.role !== 'viewer' && i.id !== prepaid.id)!;
  await db.prisma.webchatAccessToken.create({ data: { customerId: tokenIdentity.customerId, channelIdentityId: tokenIdentity.id, tokenHash: createHash('sha256').update(token).digest('hex') } });

  const qrTokens = (await db.prisma.esimProfile.findMany({ select: { accessToken: true }, take: 5 })).map((p) => p.accessToken);
  const orderTokens = (await db.prisma.order.findMany({ select: { accessToken: true }, take: 5 })).map((o) => o.accessToken);
  if (qrTokens.length === 0 || orderTokens.length === 0) throw new Error(`the fixture order was not delivered: ${JSON.stringify(errors.slice(-3))}`);

  const bed: FuzzBed = {
    target,
    db,
    bot,
    servers,
    staff: { cookie: '', csrf: '' },
    staffId,
    webchatToken: { token, address: tokenIdentity.address },
    qrTokens,
    orderTokens,
    errors,
    journalBaseline,
    confirmations: [],
    async refreshStaffSession() {
      const session = await logIn(db, FUZZ_STAFF.email, FUZZ_STAFF.password);
      if (!session) throw new Error('the fuzz staff user cannot sign in');
      bed.staff = { cookie: `esimhub_staff=${session.token}`, csrf: session.session.csrfToken };
    },
    /**
     * Stops everything. A step that does not finish in time is named in the error, after the rest
     * was stopped (an HTTP server that does not close has its connections cut, so the run goes on).
     */
    async stop() {
      const stuck: string[] = [];
      const step = async (what: string, work: Promise<unknown>, ms: number) => {
        let timer: NodeJS.Timeout | undefined;
        const done = await Promise.race([work.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
        clearTimeout(timer);
        if (!done) stuck.push(`${what} took longer than ${ms / 1000} s`);
        return done;
      };
      for (const [kind, server] of Object.entries(servers)) {
        const open = [...inflight.values()].filter((r) => r.startsWith(`${kind} `));
        const closing = server.app.close();
        if (!(await step(`closing the ${kind} HTTP server`, closing, 15_000))) {
          stuck.push(`requests still open: ${open.slice(0, 3).join('; ') || 'none'}`);
          server.app.server.closeAllConnections();
          await step(`closing the ${kind} HTTP server after cutting its connections`, closing, 5_000);
        }
      }
      await step('stopping the bot (its queue and fulfilments)', bot.stop(), 60_000);
      await step('closing the database', db.close(), 30_000);
      restoreLog();
      if (stuck.length > 0) throw new Error(`the ${target} test bed did not stop cleanly: ${stuck.join('; ')}`);
    },
  };
  await bed.refreshStaffSession();
  return bed;
}
