import { sql as raw } from 'kysely';
import type pg from 'pg';
import { CHANNEL_CAPABILITIES, type ChannelName, type InboundMessage } from '../../channels/port';
import { cleanText } from '../../channels/text-fields';
import { addressChannel, normaliseAddress } from '../../domain/identities/addresses';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { poolSql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';

export type StoredInbound =
  | { duplicate: boolean; messageId: bigint | null; conversationId: number }
  /** An echo of the bot's own account: not stored, not answered, no conversation touched. */
  | { duplicate: false; messageId: null; conversationId: null; ownEcho: true };

const asChannel = (value: unknown) => raw<ChannelName>`${value}::"Channel"`;

// One statement, so one round trip and atomic without BEGIN/COMMIT: the sender's identity (never
// for an unauthenticated sender, e.g. email failing DMARC), the conversation (created or touched),
// and the message, stored once per channel message id.
const storeOnce = compiledOnce(
  ['authenticated', 'address', 'addressChannel', 'channel', 'conversationKey', 'receivedAt', 'externalId', 'sender', 'text', 'attachments', 'thread', 'staffId'] as const,
  (p) =>
    q
      .with('identity', (db) =>
        db
          .selectFrom('channel_identities')
          .select(['id', 'customer_id'])
          .where(raw<boolean>`${p.authenticated}::boolean`)
          .where('address', '=', p.address)
          .where('active', '=', raw<boolean>`true`)
          .where((eb) => eb.or([eb(raw`${p.addressChannel}::text`, 'is', null), eb('channel', '=', asChannel(p.addressChannel))]))
          .orderBy('id')
          .limit(raw<number>`1`),
      )
      .with('conversation', (db) =>
        db
          .insertInto('conversations')
          .values((eb) => ({
            channel: asChannel(p.channel),
            conversation_key: p.conversationKey,
            customer_id: eb.selectFrom('identity').select('customer_id'),
            channel_identity_id: eb.selectFrom('identity').select('id'),
            last_message_at: p.receivedAt,
            updated_at: raw<Date>`now()`,
          }))
          .onConflict((oc) =>
            oc.column('conversation_key').doUpdateSet((eb) => ({
              last_message_at: eb.ref('excluded.last_message_at'),
              customer_id: eb.fn.coalesce('excluded.customer_id', 'conversations.customer_id'),
              channel_identity_id: eb.fn.coalesce('excluded.channel_identity_id', 'conversations.channel_identity_id'),
            })),
          )
          .returning('id'),
      )
      .with('message', (db) =>
        db
          .insertInto('messages')
          .columns(['conversation_id', 'direction', 'channel', 'channel_message_id', 'sender_address', 'text', 'attachments', 'received_at', 'sender_verified', 'thread_meta', 'sent_by_staff_id'])
          .expression((eb) =>
            eb.selectFrom('conversation').select([
              'id',
              raw<'inbound'>`'inbound'`.as('direction'),
              asChannel(p.channel).as('channel'),
              raw<string>`${p.externalId}::text`.as('channel_message_id'),
              raw<string>`${p.sender}::text`.as('sender_address'),
              raw<string>`${p.text}::text`.as('text'),
              raw<unknown>`${p.attachments}::jsonb`.as('attachments'),
              raw<Date>`${p.receivedAt}::timestamptz`.as('received_at'),
              raw<boolean>`${p.authenticated}::boolean`.as('sender_verified'),
              raw<unknown>`${p.thread}::jsonb`.as('thread_meta'),
              raw<number | null>`${p.staffId}::int`.as('sent_by_staff_id'),
            ]),
          )
          .onConflict((oc) => oc.columns(['channel', 'channel_message_id']).doNothing())
          .returning('id'),
      )
      .selectNoFrom((eb) => [eb.selectFrom('conversation').select('id').as('conversation_id'), eb.selectFrom('message').select('id').as('message_id')]),
);

/**
 * Stores an inbound message before anything acts on it; an own echo (`fromSelf`) is not stored. The same channel message id delivered
 * twice, or at the same time, is stored once (UNIQUE(channel, channel_message_id)); only the
 * delivery that stored it goes on to be processed.
 */
export async function storeInbound(pool: pg.Pool, message: InboundMessage): Promise<StoredInbound> {
  // The one self-message filter for every channel: adapters mark what our own account sent.
  if (message.fromSelf) return { duplicate: false, messageId: null, conversationId: null, ownEcho: true };
  const sender = cleanText(message.sender.address, 320);
  // A channel without addresses of its own (its client reads the transcript: web chat) is written
  // from an email address or a phone number, which is matched to the reseller's identity on any channel.
  const ownAddresses = (CHANNEL_CAPABILITIES[message.channel].delivery ?? 'push') === 'push';
  const addressKind = ownAddresses ? null : addressChannel(sender);
  const address = normaliseAddress(addressKind ?? message.channel, sender);
  const [row] = await storeOnce(poolSql(pool), {
    authenticated: message.sender.authenticated,
    address,
    addressChannel: addressKind ? null : message.channel,
    channel: message.channel,
    conversationKey: cleanText(message.conversationKey, 400),
    receivedAt: message.receivedAt,
    externalId: cleanText(message.externalId, 1000),
    sender,
    // What a channel cannot refuse (an email body of megabytes, a NUL byte) is made storable;
    // the pipeline answers a text over its limits without reading it.
    text: cleanText(message.text, INBOUND_LIMITS.storedTextChars),
    attachments: storableJson(message.attachments.slice(0, INBOUND_LIMITS.attachments).map((a) => ({ kind: a.kind, mimeType: a.mimeType, filename: a.filename }))),
    thread: message.thread ? storableJson(message.thread) : null,
    staffId: message.enteredByStaffId ?? null,
  });
  const messageId = row!.message_id === null ? null : BigInt(row!.message_id);
  return { duplicate: messageId === null, messageId, conversationId: row!.conversation_id! };
}

/** JSON that jsonb accepts: every string without control characters (jsonb refuses \u0000) and bounded. */
function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanText(v, 2000) : v));
}
