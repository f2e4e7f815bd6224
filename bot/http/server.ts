import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/database';

export interface HttpDeps {
  db: Database;
  startedAt: Date;
}

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
  return app;
}
