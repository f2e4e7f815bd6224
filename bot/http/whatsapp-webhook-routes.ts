import type { FastifyInstance } from 'fastify';
import { handshakeChallenge, signatureMatches } from '../../channels/whatsapp-cloud/webhook-auth';
import type { WhatsAppCloudInbox } from '../channels/whatsapp-cloud-inbox';
import { log } from '../log';

export interface WhatsAppWebhookDeps {
  verifyToken: string;
  appSecret: string;
  inbox: WhatsAppCloudInbox;
}

/**
 * Meta's webhook for the WhatsApp Cloud API, on every process: `GET` answers the subscription
 * handshake; `POST` takes only a body signed with the app secret, stores it, and answers 200 at
 * once (the messages and statuses in it are worked afterwards, so Meta never times out and redelivers).
 */
export function registerWhatsAppWebhookRoutes(app: FastifyInstance, deps: WhatsAppWebhookDeps): void {
  void app.register(async (scope) => {
    // The signature is over the raw bytes: the body is kept as it came and parsed here, after the check.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.get('/whatsapp/webhook', async (request, reply) => {
      const challenge = handshakeChallenge(request.query as Record<string, unknown>, deps.verifyToken);
      if (challenge === null) {
        log.warn('WhatsApp Cloud API: a webhook handshake was refused (hub.mode not subscribe, hub.verify_token not ours, or hub.challenge missing or over 256 characters); check WHATSAPP_CLOUD_VERIFY_TOKEN against the app\'s webhook settings');
        return reply.code(403).send({ error: 'forbidden' });
      }
      return reply.type('text/plain').send(challenge);
    });

    // Meta's webhook payloads can be up to 3 MB (a batch of statuses).
    scope.post('/whatsapp/webhook', { bodyLimit: 3 * 1024 * 1024 }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-hub-signature-256'];
      if (!signatureMatches(raw, Array.isArray(header) ? header[0] : header, deps.appSecret)) {
        log.warn('WhatsApp Cloud API: a webhook delivery with a missing or wrong signature was refused (nothing stored); if Meta\'s own deliveries are refused, check WHATSAPP_CLOUD_APP_SECRET', { ip: request.ip });
        return reply.code(401).send({ error: 'invalid signature' });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ error: 'body: not JSON' });
      }
      await deps.inbox.store(raw, payload);
      return reply.code(200).send('EVENT_RECEIVED');
    });
  });
}
