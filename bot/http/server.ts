import Fastify, { type FastifyInstance } from 'fastify';
import type { InboundSink } from '../../channels/port';
import type { Database } from '../db/database';
import { registerDeliveryRoutes } from './delivery-routes';
import { registerErrorHandling } from './errors';
import { registerSecurityHeaders, registerWebchatPage } from './pages';
import { registerStoredRateLimits, webchatLimiter, type RateLimits } from './rate-limits';
import { rateLimitStoreClass } from './stored-rate-limits';
import { registerStaffRoutes, type StaffDeps, type WhatsAppState } from './staff-routes';
import { registerWebchatRoutes } from './webchat-routes';
import { WebChatAdapter } from '../../channels/webchat/adapter';
import { registerWhatsAppWebhookRoutes, type WhatsAppWebhookDeps } from './whatsapp-webhook-routes';

export interface HttpDeps {
  db: Database;
  startedAt: Date;
  sink: InboundSink;
  demoMode: boolean;
  activity?: NodeJS.EventEmitter;
  /** Staff session cookies only over https (PUBLIC_BASE_URL is https). */
  secureCookies?: boolean;
  whatsapp?: () => WhatsAppState | null;
  /** Sign-in and web-chat limits (rateLimitsFrom(config)). */
  limits: RateLimits;
  /** TRUSTED_PROXY: only these peers' X-Forwarded-For gives the client address. */
  trustedProxies?: string[];
  /** Orders a staff action on money paid, for fulfilment (the Bot's fulfil). */
  afterMoney?: StaffDeps['afterMoney'];
  /** DEPOSIT_TOLERANCE_USD in USD minor units. */
  depositToleranceUsdMinor?: number;
  /** The web chat adapter, started by the app with the other channels; absent: one started here with `sink`. */
  webchat?: WebChatAdapter;
  /** The WhatsApp Cloud API's webhook, when that adapter is configured. */
  whatsappCloud?: WhatsAppWebhookDeps;
}

/** The app's one HTTP server: health now; web chat and the staff app mount here. */
export function buildHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576, trustProxy: deps.trustedProxies?.length ? deps.trustedProxies : false });
  const webchat = deps.webchat ?? new WebChatAdapter();
  if (!deps.webchat) void webchat.start(deps.sink);
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.db.pool.query('SELECT 1');
      return { status: 'ok', database: deps.db.kind, startedAt: deps.startedAt.toISOString() };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: `database: ${(error as Error).message}` });
    }
  });
  registerWebchatPage(app);
  const limitStore = rateLimitStoreClass(deps.db.pool); // one for web chat and the staff app
  void app.register(async (scope) => {
    await registerStoredRateLimits(scope, limitStore);
    registerWebchatRoutes(scope, { db: deps.db, webchat, demoMode: deps.demoMode, activity: deps.activity, limiter: webchatLimiter(scope, deps.limits, limitStore) });
  });
  registerDeliveryRoutes(app, deps.db);
  if (deps.whatsappCloud) registerWhatsAppWebhookRoutes(app, deps.whatsappCloud);
  registerStaffRoutes(app, { db: deps.db, sink: deps.sink, activity: deps.activity, secureCookies: deps.secureCookies ?? false, whatsapp: deps.whatsapp, limits: deps.limits, limitStore,
    afterMoney: deps.afterMoney, depositToleranceUsdMinor: deps.depositToleranceUsdMinor });
  return app;
}
