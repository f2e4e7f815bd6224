import { z } from 'zod';
import { MESSAGE_LENGTH_MAX } from '../../domain/parsing/parse-message';
import { conversationKey, type InboundMessage } from '../port';

// The built-in web chat: messages arrive by HTTP POST (bot/http/webchat-routes.ts) and are
// normalised here; replies are read back by polling, the transcript in the database being the mailbox.

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
