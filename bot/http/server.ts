import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { InboundSink } from '../../channels/port';
import type { Database } from '../db/database';
import { registerDeliveryRoutes } from './delivery-routes';
import { registerStaffRoutes, type WhatsAppState } from './staff-routes';
import { registerWebchatRoutes } from './webchat-routes';

export interface HttpDeps {
  db: Database;
  startedAt: Date;
  sink: InboundSink;
  demoMode: boolean;
  activity?: NodeJS.EventEmitter;
  /** Staff session cookies only over https (PUBLIC_BASE_URL is https). */
  secureCookies?: boolean;
  whatsapp?: () => WhatsAppState | null;
}

const WEBCHAT_PAGE = path.resolve(__dirname, '..', '..', 'channels', 'webchat', 'page.html');

/** The app's one HTTP server: health now; web chat and the staff app mount here. */
export function buildHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.db.pool.query('SELECT 1');
      return { status: 'ok', database: deps.db.kind, startedAt: deps.startedAt.toISOString() };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: `database: ${(error as Error).message}` });
    }
  });
  const page = fs.readFileSync(WEBCHAT_PAGE, 'utf8');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  registerWebchatRoutes(app, { db: deps.db, sink: deps.sink, demoMode: deps.demoMode, activity: deps.activity });
  registerDeliveryRoutes(app, deps.db);
  registerStaffRoutes(app, { db: deps.db, sink: deps.sink, activity: deps.activity, secureCookies: deps.secureCookies ?? false, whatsapp: deps.whatsapp });
  return app;
}
