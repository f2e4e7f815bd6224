import { z } from 'zod';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import { MESSAGE_LENGTH_MAX } from '../../domain/parsing/parse-message';
import { conversationKey, type InboundMessage } from '../port';
import { plainText } from '../text-fields';

// The built-in web chat: messages arrive by HTTP POST (bot/http/webchat-routes.ts) and are
// normalised here; replies are read back by polling, the transcript in the database being the mailbox.

export const webchatAddress = plainText('from', 200, { singleLine: true }).transform(normaliseWebAddress).pipe(z.string().min(1, 'from is required'));

export const webchatPostBody = z.object({
  from: webchatAddress,
  text: plainText('text', MESSAGE_LENGTH_MAX),
  id: plainText('id', 200, { singleLine: true }).pipe(z.string().trim().min(1, 'id is required (your message id, used to ignore duplicates)')),
});
export type WebchatPostBody = z.infer<typeof webchatPostBody>;

/** `body.from` is already normalised by webchatPostBody: one conversation per identity, however it was spelled. */
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
