import { sql as raw } from 'kysely';
import type { ChannelName, OutboundAttachment } from '../../channels/port';
import { capReply } from '../../domain/replies/split-text';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// Replies on their way out: an outbox row (the dispatcher sends it on the conversation's channel)
// and its transcript row, under one idempotency key, so a retried step never sends twice. Web chat
// reads the transcript directly: its outbox row is born sent.

export interface ReplyTo {
  id: number;
  channel: ChannelName;
  conversationKey: string;
}

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
  const web = conversation.channel === 'web';
  const body = capReply(text);
  await run(
    sql,
    q
      .with('outbox', (db) =>
        db
          .insertInto('outbox_messages')
          .values({
            idempotency_key: idempotencyKey,
            channel: conversation.channel,
            conversation_key: conversation.conversationKey,
            body: JSON.stringify({ text: body, attachments }),
            status: web ? 'sent' : 'pending',
            sent_at: web ? at : null,
            external_id: web ? idempotencyKey : null,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returning('id'),
      )
      .insertInto('messages')
      .columns(['conversation_id', 'direction', 'channel', 'channel_message_id', 'sender_address', 'text', 'attachments', 'received_at', 'processed_at', 'sent_by_staff_id'])
      .expression((eb) =>
        eb.selectFrom('outbox').select([
          eb.val(conversation.id).as('conversation_id'),
          raw<'outbound'>`'outbound'`.as('direction'),
          eb.cast<ChannelName>(eb.val(conversation.channel), raw`"Channel"`).as('channel'),
          eb.val(idempotencyKey).as('channel_message_id'),
          eb.val(staffId === null ? 'bot' : 'staff').as('sender_address'),
          eb.val(body).as('text'),
          eb.cast(eb.val(JSON.stringify(attachments)), 'jsonb').as('attachments'),
          eb.cast<Date>(eb.val(at), 'timestamptz').as('received_at'),
          eb.cast<Date>(eb.val(at), 'timestamptz').as('processed_at'),
          eb.cast<number | null>(eb.val(staffId), 'integer').as('sent_by_staff_id'),
        ]),
      ),
  );
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
    [replies.map((r) => r.key), replies.map((r) => r.to.channel), replies.map((r) => r.to.conversationKey), replies.map((r) => capReply(r.text)), replies.map((r) => r.to.channel === 'web'), replies.map((r) => r.to.id), at],
  );
}
