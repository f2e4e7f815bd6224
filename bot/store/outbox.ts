import { sql as raw } from 'kysely';
import { CHANNEL_CAPABILITIES, type ChannelName, type OutboundAttachment } from '../../channels/port';
import { capReply } from '../../domain/replies/split-text';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// Replies on their way out: an outbox row (the dispatcher sends it on the conversation's channel)
// and its transcript row, under one idempotency key, so a retried step never sends twice. Web chat
// (delivery: 'transcript') reads the transcript directly: its outbox row is born sent.

export interface ReplyTo {
  id: number;
  channel: ChannelName;
  conversationKey: string;
}

const insertReply = compiledOnce(
  ['key', 'channel', 'conversationKey', 'body', 'status', 'sentAt', 'externalId', 'conversationId', 'sender', 'text', 'attachments', 'at', 'staffId'] as const,
  (p) =>
    q
      .with('outbox', (db) =>
        db
          .insertInto('outbox_messages')
          .values({ idempotency_key: p.key, channel: p.channel, conversation_key: p.conversationKey, body: p.body, status: p.status, sent_at: p.sentAt, external_id: p.externalId })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returning('id'),
      )
      .insertInto('messages')
      .columns(['conversation_id', 'direction', 'channel', 'channel_message_id', 'sender_address', 'text', 'attachments', 'received_at', 'processed_at', 'sent_by_staff_id'])
      .expression((eb) =>
        eb.selectFrom('outbox').select([
          eb.cast<number>(eb.val(p.conversationId), 'integer').as('conversation_id'),
          raw<'outbound'>`'outbound'`.as('direction'),
          eb.cast<ChannelName>(eb.val(p.channel), raw`"Channel"`).as('channel'),
          eb.val<string>(p.key).as('channel_message_id'),
          eb.val<string>(p.sender).as('sender_address'),
          eb.val<string>(p.text).as('text'),
          eb.cast(eb.val(p.attachments), 'jsonb').as('attachments'),
          eb.cast<Date>(eb.val(p.at), 'timestamptz').as('received_at'),
          eb.cast<Date>(eb.val(p.at), 'timestamptz').as('processed_at'),
          eb.cast<number | null>(eb.val(p.staffId), 'integer').as('sent_by_staff_id'),
        ]),
      ),
);

/** One reply, queued in the caller's transaction; the transcript row exists only if the outbox row was new. */
export async function enqueueReply(
  sql: Sql,
  conversation: ReplyTo,
  idempotencyKey: string,
  text: string,
  attachments: OutboundAttachment[] = [],
  at = new Date(),
  /** A staff member's reply (the transcript shows who). */
  staffId: number | null = null,
): Promise<void> {
  const web = CHANNEL_CAPABILITIES[conversation.channel].delivery === 'transcript';
  const body = capReply(text);
  await insertReply(sql, {
    key: idempotencyKey,
    channel: conversation.channel,
    conversationKey: conversation.conversationKey,
    body: JSON.stringify({ text: body, attachments }),
    status: web ? 'sent' : 'pending',
    sentAt: web ? at : null,
    externalId: web ? idempotencyKey : null,
    conversationId: conversation.id,
    sender: staffId === null ? 'bot' : 'staff',
    text: body,
    attachments: JSON.stringify(attachments),
    at,
    staffId,
  });
}

/** Many replies at once (a bank file's payment notices), in one statement whatever their number. */
export async function enqueueReplies(sql: Sql, replies: readonly { to: ReplyTo; key: string; text: string }[], at: Date): Promise<void> {
  if (replies.length === 0) return;
  await sql.query(
    `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[]) WITH ORDINALITY AS u(key, channel, conversation_key, text, web, conversation_id, n)),
     outbox AS (
       INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body, status, sent_at, external_id)
       SELECT key, channel::"Channel", conversation_key, jsonb_build_object('text', text, 'attachments', '[]'::jsonb),
              (CASE WHEN web THEN 'sent' ELSE 'pending' END)::"OutboxStatus", CASE WHEN web THEN $7::timestamptz END, CASE WHEN web THEN key END
       FROM u ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
     INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, processed_at)
     SELECT u.conversation_id, 'outbound', u.channel::"Channel", u.key, 'bot', u.text, '[]'::jsonb, $7, $7 FROM u JOIN outbox ON outbox.idempotency_key = u.key ORDER BY u.n`,
    [replies.map((r) => r.key), replies.map((r) => r.to.channel), replies.map((r) => r.to.conversationKey), replies.map((r) => capReply(r.text)), replies.map((r) => CHANNEL_CAPABILITIES[r.to.channel].delivery === 'transcript'), replies.map((r) => r.to.id), at],
  );
}
