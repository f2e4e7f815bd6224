import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { log } from '../log';

// What a client is told when a request fails. A request the server refused (malformed JSON, a body
// too large, a wrong content type) keeps its 4xx and Fastify's own sentence, which names what is
// wrong; a database that cannot be used right now is a 503 with Retry-After; anything else is a 500
// with a reference id and no internal text: the detail goes to the log under that reference, for the operator.

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: clientMessage(error) });
    }
    if (isDatabaseUnavailable(error)) {
      // A restart or failover of the database, or no connection free: nothing is wrong with the request.
      log.warn('request failed: the database is unavailable', { method: request.method, url: request.url.split('?')[0], error });
      return reply.code(503).header('retry-after', '5').send({ error: 'The service is busy for a moment: please send it again in a few seconds.', retryAfterSeconds: 5 });
    }
    const reference = `ERR-${randomBytes(5).toString('hex')}`;
    log.error('request failed', { reference, method: request.method, url: request.url.split('?')[0], error: error.stack ?? String(error) });
    return reply.code(500).send({ error: `Something went wrong on our side. Please try again; if it keeps failing, quote ${reference} to support.`, reference });
  });
}

function clientMessage(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `body: ${error.message}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: larger than this server accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body: send application/json';
    default:
      return error.message.slice(0, 300);
  }
}
