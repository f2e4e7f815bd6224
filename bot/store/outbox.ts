import { CHANNEL_CAPABILITIES, type ChannelName, type OutboundAttachment } from '../../channels/port';
import { capReply } from '../../domain/replies/split-text';
import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { compiledOnce, q, run } from './query-builder';

// Replies on their way out: an outbox row (the dispatcher sends it on the conversation's channel)
// and its transcript row, under one idempotency key, so a retried step never sends twice. Web chat
// (delivery: 'transcript') reads the transcript directly: its outbox row is born sent.

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
  await enqueueReplies(sql, [{ to: conversation, key: idempotencyKey, text, attachments, staffId }], at);
}

/**
 * Replies, any number in one statement (one, or a bank file's payment notices): the arrays are
 * bound as parameters, so the statement text, and its prepared plan, is the same for 1 or 10,000.
 */
export async function enqueueReplies(
  sql: Sql,
  replies: readonly { to: ReplyTo; key: string; text: string; attachments?: OutboundAttachment[]; staffId?: number | null }[],
  at: Date,
): Promise<void> {
  if (replies.length === 0) return;
  // Raw: a bulk insert over unnest arrays (WITH ORDINALITY, two tables), which the builder has no form for; returns no rows.
  // The conversations are locked first (`locked`, a one-row count every inserted row is joined to, so
  // it is complete before any id is drawn) until the commit: the replies of one conversation take
  // their ids in the order they commit. The web-chat page reads replies after the id of the last it
  // saw; a reply that drew its id before another's and committed after it (a delivery while a
  // message is answered, a staff reply) fell behind the page's cursor and was never shown. Row locks,
  // not advisory locks: a bank file's thousands of notices would overflow the lock table.
  await sql.query(
    `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[], $8::jsonb[], $9::int[])
                WITH ORDINALITY AS u(key, channel, conversation_key, text, web, conversation_id, attachments, staff_id, n)),
     locked AS (SELECT count(*) AS n FROM (SELECT id FROM conversations WHERE id = ANY($6::int[]) ORDER BY id FOR NO KEY UPDATE) c),
     outbox AS (
       INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body, status, sent_at, external_id)
       SELECT key, channel::"Channel", conversation_key, jsonb_build_object('text', text, 'attachments', attachments),
              (CASE WHEN web THEN 'sent' ELSE 'pending' END)::"OutboxStatus", CASE WHEN web THEN $7::timestamptz END, CASE WHEN web THEN key END
       FROM u CROSS JOIN locked ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
     INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, attachments, received_at, processed_at, sent_by_staff_id)
     SELECT u.conversation_id, 'outbound', u.channel::"Channel", u.key, CASE WHEN u.staff_id IS NULL THEN 'bot' ELSE 'staff' END, u.text, u.attachments, $7, $7, u.staff_id
     FROM u JOIN outbox ON outbox.idempotency_key = u.key ORDER BY u.n`,
    [
      replies.map((r) => r.key),
      replies.map((r) => r.to.channel),
      replies.map((r) => r.to.conversationKey),
      replies.map((r) => capReply(r.text)),
      replies.map((r) => CHANNEL_CAPABILITIES[r.to.channel].delivery === 'transcript'),
      replies.map((r) => r.to.id),
      at,
      replies.map((r) => JSON.stringify(r.attachments ?? [])),
      replies.map((r) => r.staffId ?? null),
    ],
  );
}

// The dispatcher's side (bot/outbox/dispatcher.ts): claiming due rows and recording how each send
// went. Run for every reply sent, so each is built and compiled once.

const claimOnce = compiledOnce(['channels', 'leaseSeconds', 'batch'] as const, (p) =>
  q.updateTable('outbox_messages as o')
    .set({ next_attempt_at: raw<Date>`now() + make_interval(secs => ${p.leaseSeconds})`, attempts: raw<number>`o.attempts + 1` })
    .where('o.id', 'in', (eb) =>
      eb.selectFrom((head) =>
        head.selectFrom('outbox_messages')
          .select((m) => m.fn.min('id').as('id'))
          .where('status', '=', raw<'pending'>`'pending'`)
          .where('channel', '=', raw<ChannelName>`ANY(${p.channels}::"Channel"[])`)
          .groupBy('conversation_key')
          .as('head'),
      )
        .innerJoin('outbox_messages as h', 'h.id', 'head.id')
        .select('h.id')
        .where('h.next_attempt_at', '<=', raw<Date>`now()`)
        .orderBy('h.id')
        .limit(p.batch),
    )
    // Re-checked on the row a concurrent claimer may have just taken.
    .where('o.status', '=', raw<'pending'>`'pending'`)
    .where('o.next_attempt_at', '<=', raw<Date>`now()`)
    .returning(['o.id', 'o.idempotency_key', 'o.channel', 'o.conversation_key', 'o.body', 'o.attempts', raw<number>`(extract(epoch FROM now() - o.created_at) * 1000)::float8`.as('waited_ms')]),
);

export type ClaimedReply = Awaited<ReturnType<typeof claimOnce>>[number];

/**
 * Claims up to `batch` due replies on these channels: the oldest pending row of each conversation
 * (replies go out in order), leased for `leaseSeconds` (not claimed again meanwhile, even by
 * another process) and counted as an attempt.
 */
export async function claimDueReplies(sql: Sql, channels: readonly ChannelName[], leaseSeconds: number, batch: number): Promise<ClaimedReply[]> {
  return claimOnce(sql, { channels, leaseSeconds, batch });
}

const sentOnce = compiledOnce(['id', 'externalId', 'note'] as const, (p) =>
  // A row a channel's status report already failed (it could not be delivered) stays failed.
  q.updateTable('outbox_messages').set({ status: raw<'sent'>`'sent'`, sent_at: raw<Date>`now()`, external_id: p.externalId, last_error: p.note }).where('id', '=', p.id).where('status', '=', raw<'pending'>`'pending'`),
);

/** Sent: `note` says how, when not on its own channel (null otherwise). */
export async function markReplySent(sql: Sql, id: number, externalId: string, note: string | null): Promise<void> {
  await sentOnce(sql, { id, externalId, note });
}

// A failed send is recorded only on the claim it was made under (the row still pending, its attempts
// those of the claim): a send that outlasted its lease, or a stopping process's send that failed when
// its channel was let go, must not set back a row another process has claimed, or sent, since.
const deferOnce = compiledOnce(['id', 'attempts', 'error', 'seconds'] as const, (p) =>
  q.updateTable('outbox_messages')
    .set({ attempts: raw<number>`attempts - 1`, last_error: p.error, next_attempt_at: raw<Date>`now() + make_interval(secs => ${p.seconds})` })
    .where('id', '=', p.id)
    .where('status', '=', raw<'pending'>`'pending'`)
    .where('attempts', '=', p.attempts),
);

/** Not sent, and not the message's fault (the channel is down or asked to slow down): not counted as an attempt, tried again in `seconds`. `attempts`: the claim's. */
export async function deferReply(sql: Sql, id: number, attempts: number, error: string, seconds: number): Promise<void> {
  await deferOnce(sql, { id, attempts, error, seconds });
}

const failedOnce = compiledOnce(['id', 'attempts', 'status', 'error', 'seconds'] as const, (p) =>
  q.updateTable('outbox_messages')
    .set({ status: p.status, last_error: p.error, next_attempt_at: raw<Date>`now() + make_interval(secs => ${p.seconds})` })
    .where('id', '=', p.id)
    .where('status', '=', raw<'pending'>`'pending'`)
    .where('attempts', '=', p.attempts),
);

/** A failed attempt: tried again in `seconds` (status pending), or given up on (failed). `attempts`: the claim's. */
export async function markReplyFailed(sql: Sql, id: number, attempts: number, status: 'pending' | 'failed', error: string, seconds: number): Promise<void> {
  await failedOnce(sql, { id, attempts, status, error, seconds });
}

/** A channel came back: its waiting replies are due now, not at their backoff time. */
export async function replyChannelBack(sql: Sql, channel: ChannelName): Promise<void> {
  await run(sql, q.updateTable('outbox_messages').set({ next_attempt_at: raw<Date>`now()` }).where('status', '=', 'pending').where('channel', '=', channel));
}
