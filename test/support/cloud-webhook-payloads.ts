import { createHmac } from 'node:crypto';

// Webhook bodies of the WhatsApp Cloud API in the shapes Meta documents ("messages" webhook
// reference: incoming messages and statuses), and their X-Hub-Signature-256.

export const PHONE_NUMBER_ID = '106540352242922';
const metadata = { display_phone_number: '6568000000', phone_number_id: PHONE_NUMBER_ID };

type Message = Record<string, unknown> & { from: string; id: string };

export function envelope(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ value: { messaging_product: 'whatsapp', metadata: { ...metadata, phone_number_id: phoneNumberId }, ...value }, field: 'messages' }] }] };
}

export function messagesBody(messages: Message[], name = 'Somchai P.', phoneNumberId = PHONE_NUMBER_ID): Record<string, unknown> {
  return envelope({ contacts: [...new Set(messages.map((m) => m.from))].map((wa_id) => ({ profile: { name }, wa_id })), messages }, phoneNumberId);
}

const ts = (at = Date.now()) => String(Math.floor(at / 1000));

export const text = (from: string, id: string, body: string, at?: number): Message => ({ from, id, timestamp: ts(at), type: 'text', text: { body } });

export const buttonReply = (from: string, id: string, title: string, context?: string): Message => ({
  from, id, timestamp: ts(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: `btn-${title.toLowerCase()}`, title } }, ...(context ? { context: { from: metadata.display_phone_number, id: context } } : {}),
});

export const document = (from: string, id: string, mediaId: string, filename: string, mimeType: string, caption?: string): Message => ({
  from, id, timestamp: ts(), type: 'document', document: { filename, mime_type: mimeType, sha256: 'c2hhMjU2', id: mediaId, ...(caption ? { caption } : {}) },
});

export const image = (from: string, id: string, mediaId: string, caption?: string): Message => ({
  from, id, timestamp: ts(), type: 'image', image: { mime_type: 'image/jpeg', sha256: 'c2hhMjU2', id: mediaId, ...(caption ? { caption } : {}) },
});

export const reaction = (from: string, id: string, to: string): Message => ({ from, id, timestamp: ts(), type: 'reaction', reaction: { message_id: to, emoji: '👍' } });

export function statusBody(wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', recipient: string, error?: { code: number; title: string; details?: string }): Record<string, unknown> {
  return envelope({
    statuses: [{
      id: wamid, status, timestamp: ts(), recipient_id: recipient,
      ...(status === 'failed' && error ? { errors: [{ code: error.code, title: error.title, message: error.title, error_data: { details: error.details ?? error.title }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }] } : {}),
      ...(status !== 'failed' ? { conversation: { id: 'CONVERSATION_ID', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } } : {}),
    }],
  });
}

export function signature(raw: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}
