import { z } from 'zod';

// The `messages` webhook of the WhatsApp Cloud API, in the shapes Meta documents: incoming messages
// (text, interactive and button replies, documents, images, and kinds the bot does not read) and the
// status of messages we sent. Unknown fields are ignored; a part that does not fit is skipped alone.

/** Seconds since the epoch: a value no Date can hold ("1e20") does not fit. */
const epochSeconds = z.coerce.number().int().min(0).max(4_102_444_800);

const media = z.object({ id: z.string().min(1), mime_type: z.string().default('application/octet-stream'), sha256: z.string().optional(), caption: z.string().optional() });

export const cloudMessage = z.object({
  from: z.string().regex(/^\d{6,15}$/),
  id: z.string().min(1).max(512),
  /** Seconds since the epoch, as a string. */
  timestamp: epochSeconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  /** A quick-reply button of a template. */
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  document: media.extend({ filename: z.string().optional() }).optional(),
  image: media.optional(),
  context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
});
export type CloudMessage = z.infer<typeof cloudMessage>;

export const cloudStatus = z.object({
  /** The wamid of the message we sent. */
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: epochSeconds,
  recipient_id: z.string().optional(),
  errors: z
    .array(z.object({ code: z.coerce.number().optional(), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string().optional() }).optional() }))
    .optional(),
});
export type CloudStatus = z.infer<typeof cloudStatus>;

const changeValue = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string() }),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const webhookBody = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ id: z.string().optional(), changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
});

export interface WebhookContents {
  /** Messages to our number, with the sender's profile name when Meta sent one. */
  messages: { message: CloudMessage; displayName?: string }[];
  statuses: CloudStatus[];
  /** Parts that did not fit the documented shapes (counted, for the log). */
  skipped: number;
  /** Changes for another phone number id (counted, for the log). */
  elsewhere: number;
}

/**
 * What one webhook delivery holds for our phone number. Changes for another phone number of the
 * same business account (another bot, or a number served by whatsapp-web.js) are not ours.
 */
export function webhookContents(body: unknown, phoneNumberId: string): WebhookContents {
  const contents: WebhookContents = { messages: [], statuses: [], skipped: 0, elsewhere: 0 };
  const parsed = webhookBody.safeParse(body);
  if (!parsed.success) return { ...contents, skipped: 1 };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = changeValue.safeParse(change.value);
      if (!value.success) {
        contents.skipped += 1;
        continue;
      }
      if (value.data.metadata.phone_number_id !== phoneNumberId) {
        contents.elsewhere += 1;
        continue;
      }
      const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const raw of value.data.messages ?? []) {
        const message = cloudMessage.safeParse(raw);
        if (message.success) contents.messages.push({ message: message.data, displayName: names.get(message.data.from) || undefined });
        else contents.skipped += 1;
      }
      for (const raw of value.data.statuses ?? []) {
        const status = cloudStatus.safeParse(raw);
        if (status.success) contents.statuses.push(status.data);
        else contents.skipped += 1;
      }
    }
  }
  return contents;
}
