import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { plainText } from '../../channels/text-fields';
import type { Database } from '../db/database';
import QRCode from 'qrcode';
import { ApprovalForbidden, approvalInput, approveOnboarding, approvePrice, pendingApprovals } from '../staff/approvals';
import { decideOverLimit, overLimitDecision } from '../staff/over-limit';
import { PriceProposalError, rejectPrice } from '../prices/customer-prices';
import { openFulfilmentTasks, shipFulfilmentTask, shipmentInput } from '../staff/fulfilment';
import type { InboundSink } from '../../channels/port';
import { actForReseller, claimTicket, conversationView, listQueue, pullConversation, QueueError, recentOrders, releaseTicket, replyOnTicket } from '../staff/queue';
import { logIn, logOut, sessionFor, SESSION_HOURS, type StaffSessionInfo } from '../staff/staff-users';
import { serveAsset } from './pages';
import { staffDepositRoutes } from './staff-deposit-routes';
import { staffFinanceRoutes } from './staff-finance-routes';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { normaliseEmail, registerStoredRateLimits, signInLimiter, tooMany, type RateLimits } from './rate-limits';
import { can, refusal, type StaffPermission } from '../../domain/staff/roles';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import { staffResellerRoutes } from './staff-reseller-routes';
import { staffPayoutRoutes } from './staff-payout-routes';
import { staffPriceRoutes } from './staff-price-routes';
import { staffContactRoutes } from './staff-contact-routes';
import { staffCatalogueRoutes } from './staff-catalogue-routes';
import { staffOrderRoutes } from './staff-order-routes';
import { staffInboxRoutes } from './staff-inbox-routes';
import { poolSql } from '../db/sql';
import { applicantFile } from '../conversation/applicant-files';

// The staff app: every page and API under /staff needs a session, except the login page itself.
// Session cookie: HttpOnly, SameSite=Strict, Path=/staff (Secure behind https). Every state-changing
// request carries the session's CSRF token in X-CSRF-Token (the app page has it in <meta name="csrf-token">).
// Sign-in is limited per client address and per account (bot/http/rate-limits.ts).

const COOKIE = 'esimhub_staff';
const PAGES = path.resolve(__dirname, 'staff');
const loginBody = z.object({ email: plainText('email', 200, { singleLine: true }).pipe(z.string().trim().min(3)), password: z.string().min(1).max(200) });
const replyBody = z.object({ text: plainText('text', 4000).pipe(z.string().min(1)) });
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export interface WhatsAppState {
  ready: boolean;
  pairingQr: string | null;
  alert?: string | null;
}

export interface StaffDeps {
  db: Database;
  /** Where staff orders in the reseller's name enter the pipeline. */
  sink: InboundSink;
  activity?: NodeJS.EventEmitter;
  secureCookies: boolean;
  /** WhatsApp's state for the staff app: null when WhatsApp is off. */
  whatsapp?: () => WhatsAppState | null;
  limits: RateLimits;
  /** The process's store of request counts (rateLimitStoreClass), shared with web chat. */
  limitStore: FastifyRateLimitStoreCtor;
  /** Orders a staff action on money paid: the bot fulfils them at once (Bot.fulfil). */
  afterMoney?: (orders: { orderId: number; conversationId: number | null }[]) => void;
  /** The bank-fee tolerance for payments recorded by hand, in USD minor units (DEPOSIT_TOLERANCE_USD x 100). */
  depositToleranceUsdMinor?: number;
}

/** Registers the staff app as a plugin (the cookie parser is loaded before its routes). */
export function registerStaffRoutes(root: FastifyInstance, deps: StaffDeps): void {
  void root.register(async (app) => {
    await app.register(cookie);
    await registerStoredRateLimits(app, deps.limitStore);
    staffRoutes(app, deps);
  });
}

function staffRoutes(app: FastifyInstance, deps: StaffDeps): void {
  const signIn = signInLimiter(app, deps.limits, deps.db.pool);
  const page = (name: string) => fs.readFileSync(path.join(PAGES, name), 'utf8');
  const session = (request: FastifyRequest) => sessionFor(deps.db, request.cookies[COOKIE]);

  /** The signed-in staff member, or a 401 (APIs) / redirect to the login page (pages). */
  const guard: StaffGuard = async (request, reply, kind, permission) => {
    const found = await session(request);
    if (!found) {
      if (kind === 'page') void reply.redirect('/staff/login');
      else void reply.code(401).send({ error: 'sign in at /staff/login' });
      return null;
    }
    if (kind === 'change' && request.headers['x-csrf-token'] !== found.csrfToken) {
      void reply.code(403).send({ error: 'missing or wrong X-CSRF-Token' });
      return null;
    }
    if (permission && !can(found.role, permission)) {
      void reply.code(403).send({ error: refusal(found.role, permission) });
      return null;
    }
    return found;
  };

  app.get('/staff/login', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page('login.html')));
  for (const file of ['login.js', 'login.css', 'app.js', 'app.css', 'inbox.js', 'onboarding.js', 'narrow.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));

  app.post('/staff/login', async (request, reply) => {
    if (await signIn.perAddress(request, reply)) return reply;
    const body = loginBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'email and password are required' });
    const account = normaliseEmail(body.data.email);
    const wait = await signIn.accounts.attempt(account); // counted as failed until the password proves right
    if (wait > 0) return tooMany(reply, wait, 'too many failed sign-ins for this account');
    const result = await logIn(deps.db, body.data.email, body.data.password);
    if (!result) return reply.code(401).send({ error: 'wrong email or password' });
    await signIn.accounts.succeeded(account);
    void reply.setCookie(COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, path: '/staff', maxAge: SESSION_HOURS * 3600 });
    return { ok: true };
  });

  app.post('/staff/logout', async (request, reply) => {
    const found = await guard(request, reply, 'change');
    if (!found) return reply;
    await logOut(deps.db, request.cookies[COOKIE]!);
    void reply.clearCookie(COOKIE, { path: '/staff' });
    return { ok: true };
  });

  app.get('/staff', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(staffPageHtml(page('app.html'), found));
  });

  staffDepositRoutes(app, deps, guard);
  staffFinanceRoutes(app, deps, guard);
  staffPayoutRoutes(app, deps, guard);
  staffResellerRoutes(app, deps, guard);
  staffPriceRoutes(app, deps, guard);
  staffContactRoutes(app, deps, guard);
  staffCatalogueRoutes(app, deps, guard);
  staffOrderRoutes(app, deps, guard);
  staffInboxRoutes(app, deps, guard);

  app.get('/staff/api/queue', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return { tickets: await listQueue(deps.db) };
  });

  app.get('/staff/api/conversations/:id', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const view = await conversationView(deps.db, params.data.id);
    return view ?? reply.code(404).send({ error: 'not found' });
  });

  /** What a staff action did: a reply it queued (the conversation's long polls and the outbox wake) and what to answer. */
  type Outcome = void | { repliedIn?: number | null; answer?: Record<string, unknown> };

  /**
   * Every staff change: signed in with the CSRF token, a numeric id, a body that fits `schema`
   * (400 otherwise), and the action's own refusals as 409.
   */
  const action =
    <B>(permission: StaffPermission, schema: z.ZodType<B> | null, run: (id: number, staff: StaffSessionInfo, body: B) => Promise<Outcome>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const staff = await guard(request, reply, 'change', permission);
      if (!staff) return reply;
      const params = idParam.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: 'not found' });
      let body = request.body as B;
      if (schema) {
        const parsed = schema.safeParse(request.body);
        if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        body = parsed.data;
      }
      let outcome: Outcome;
      try {
        outcome = await run(params.data.id, staff, body);
      } catch (error) {
        if (error instanceof z.ZodError) return reply.code(400).send({ error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
        if (error instanceof ApprovalForbidden) return reply.code(403).send({ error: error.message });
        if (error instanceof QueueError) return reply.code(409).send({ error: error.message });
        throw error;
      }
      deps.activity?.emit('staff-changed');
      if (outcome?.repliedIn) deps.activity?.emit('replied', outcome.repliedIn);
      return { ok: true, ...outcome?.answer };
    };
  app.post('/staff/api/tickets/:id/claim', action('desk', null, (id, staff) => claimTicket(deps.db, id, staff.staffId)));
  app.post('/staff/api/tickets/:id/reply', action('desk', null, async (id, staff, body) => ({ repliedIn: await replyOnTicket(deps.db, id, staff.staffId, replyBody.parse(body).text) })));
  app.post('/staff/api/tickets/:id/act', action('desk', null, (id, staff, body) => actForReseller(deps.db, deps.sink, id, staff.staffId, replyBody.parse(body).text)));
  app.post('/staff/api/tickets/:id/release', action('desk', null, (id, staff) => releaseTicket(deps.db, id, staff.staffId)));
  app.post('/staff/api/conversations/:id/pull', action('desk', null, async (id, staff) => ({ answer: { ticketId: await pullConversation(deps.db, id, staff.staffId) } })));
  app.post('/staff/api/fulfilment/:id/ship', action('desk', shipmentInput, async (id, _staff, body) => ({ repliedIn: await shipFulfilmentTask(deps.db, id, body) })));
  app.post('/staff/api/onboarding/:id/approve', action('desk', approvalInput, async (id, staff, body) => {
    const approved = await approveOnboarding(deps.db, id, { staffId: staff.staffId, role: staff.role }, body);
    return { repliedIn: approved.conversationId, answer: { customerId: approved.customerId } };
  }));
  app.post('/staff/api/tickets/:id/over-limit', action('owner', overLimitDecision, async (id, staff, body) => {
    const decided = await decideOverLimit(deps.db, deps.sink, id, staff, body);
    return { repliedIn: decided.conversationId, answer: { message: decided.message } };
  }));
  app.post('/staff/api/prices/:id/approve', action('owner', null, (id, staff) => approvePrice(deps.db, id, staff)));
  app.post('/staff/api/prices/:id/reject', action('owner', null, async (id, staff) => {
    try {
      await rejectPrice(deps.db, id, staff);
    } catch (error) {
      if (error instanceof PriceProposalError) throw new QueueError(error.message);
      throw error;
    }
  }));

  app.get('/staff/api/orders', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return { orders: await recentOrders(deps.db) };
  });
  app.get('/staff/api/fulfilment', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return { tasks: await openFulfilmentTasks(deps.db) };
  });
  app.get('/staff/api/onboarding/:id/files/:fileId', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1), fileId: z.coerce.number().int().positive().max(2 ** 31 - 1) }).safeParse(request.params);
    const file = params.success ? await applicantFile(poolSql(deps.db.pool), params.data.id, params.data.fileId) : null;
    if (!file) return reply.code(404).send({ error: 'no such file for this application' });
    // Always a download, never rendered in the staff app's origin: the applicant chose the bytes.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.bytes);
  });
  app.get('/staff/api/approvals', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return pendingApprovals(deps.db);
  });

  app.get('/staff/api/whatsapp', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const state = deps.whatsapp?.() ?? null;
    if (!state) return { enabled: false };
    return { enabled: true, ready: state.ready, alert: state.alert ?? null, pairingQrPng: state.pairingQr ? await QRCode.toDataURL(state.pairingQr, { margin: 2, width: 260 }) : null };
  });

  // Live updates: a server-sent event whenever a conversation moved or staff acted.
  app.get('/staff/api/events', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    // A HEAD (or a client that sent a body) gets the headers and an end: only a GET holds the stream open.
    if (request.method !== 'GET') return reply.code(200).header('content-type', 'text/event-stream').send();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    raw.write('retry: 2000\n\n');
    const send = () => raw.write(`event: changed\ndata: {}\n\n`);
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
    const end = () => raw.end(); // the process is stopping: the browser reconnects (retry: 2000), maybe to another
    deps.activity?.on('replied', send);
    deps.activity?.on('staff-changed', send);
    deps.activity?.on('shutdown', end);
    // The response's close: the request's may never come when the client sent a body nobody read.
    raw.on('close', () => {
      clearInterval(keepAlive);
      deps.activity?.off('replied', send);
      deps.activity?.off('staff-changed', send);
      deps.activity?.off('shutdown', end);
    });
    request.raw.resume(); // drain a body a client sent with its GET
  });
}
