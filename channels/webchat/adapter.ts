import { z } from 'zod';
import { MESSAGE_LENGTH_MAX } from '../../domain/parsing/parse-message';
import { conversationKey, type ChannelAdapter, type InboundMessage, type InboundSink } from '../port';

// The built-in web chat: messages arrive by HTTP POST; replies are read back by polling (the
// transcript in the database is the mailbox), so sending needs no network round trip.

export const webchatPostBody = z.object({
  from: z.string().trim().min(1, 'from is required').max(200),
  text: z.string().max(MESSAGE_LENGTH_MAX, `text is longer than ${MESSAGE_LENGTH_MAX} characters`),
  id: z.string().trim().min(1, 'id is required (your message id, used to ignore duplicates)').max(200),
});
export type WebchatPostBody = z.infer<typeof webchatPostBody>;

export function parseWebchatPost(body: WebchatPostBody, authenticated: boolean, receivedAt: Date): InboundMessage {
  return {
    channel: 'web',
    externalId: `${body.from}:${body.id}`,
    conversationKey: conversationKey('web', body.from),
    sender: { address: body.from, authenticated },
    text: body.text,
    attachments: [],
    receivedAt,
  };
}

export function createWebchatAdapter(): ChannelAdapter & { sink(): InboundSink } {
  let sink: InboundSink | null = null;
  return {
    name: 'web',
    capabilities: { images: 'link', files: true },
    async start(s) {
      sink = s;
    },
    async stop() {
      sink = null;
    },
    async send(_key, _message, idempotencyKey) {
      return { externalId: idempotencyKey };
    },
    sink() {
      if (!sink) throw new Error('web chat adapter is not started');
      return sink;
    },
  };
}
