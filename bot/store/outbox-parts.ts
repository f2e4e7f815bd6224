import { sql as raw } from 'kysely';
import type { ChannelName } from '../../channels/port';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// The parts a channel sent for an outbox row (its text, each image and file), by the channel's own
// id: a retried row sends only what is missing, and a later status report finds its row.

export async function sentParts(sql: Sql, channel: ChannelName, idempotencyKey: string): Promise<Map<number, string>> {
  const rows = await run(sql, q.selectFrom('outbox_message_parts').select(['part', 'external_id']).where('channel', '=', channel).where('idempotency_key', '=', idempotencyKey));
  return new Map(rows.map((r) => [r.part, r.external_id]));
}

export async function recordPart(sql: Sql, channel: ChannelName, idempotencyKey: string, part: number, externalId: string): Promise<void> {
  await run(sql, q.insertInto('outbox_message_parts').values({ channel, idempotency_key: idempotencyKey, part, external_id: externalId }).onConflict((c) => c.doNothing()));
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusTarget {
  id: string;
  idempotencyKey: string;
  conversationKey: string;
  body: unknown;
  /** This report moved the row on (a repeated or older report does not). */
  changed: boolean;
  /** The report names the number the row went to (else it moved nothing). */
  recipientMatches: boolean;
  /** The row's status after the report. */
  deliveryStatus: string | null;
}

/**
 * A channel's report on one message it sent: the row it belongs to moves on to `status` (sent <
 * delivered < read; failed is final and wins), never back. Null when no part has this id (yet:
 * the report can arrive before the send that caused it is recorded).
 */
export async function applyDeliveryStatus(sql: Sql, channel: ChannelName, externalId: string, status: DeliveryStatus, at: Date, error: string | null, recipient: string | null): Promise<StatusTarget | null> {
  // Raw: one statement finds the row through its part (a long text's earlier parts carry `#n` after
  // the row's key) and moves it on only forward; the builder has no form for the rank comparison.
  const rows = await sql.query<{ id: string; idempotency_key: string; conversation_key: string; body: unknown; changed: boolean; matches: boolean; delivery_status: string | null }>(
    `WITH target AS (
       SELECT o.id,
              -- A report names the number it went to: one that does not match the row does not move it.
              ($6::text IS NULL OR regexp_replace(o.conversation_key, '[^0-9]', '', 'g') = regexp_replace($6::text, '[^0-9]', '', 'g')) AS matches
       FROM outbox_message_parts p
       JOIN outbox_messages o ON o.idempotency_key = regexp_replace(p.idempotency_key, '#[0-9]+$', '')
       WHERE p.channel = $1::"Channel" AND p.external_id = $2),
     moved AS (
       UPDATE outbox_messages o SET delivery_status = $3, delivery_status_at = $4,
              last_error = CASE WHEN $3 = 'failed' THEN $5 ELSE o.last_error END
       FROM target WHERE o.id = target.id AND target.matches
         AND coalesce(o.delivery_status, '') <> 'failed'
         AND array_position(ARRAY['sent','delivered','read','failed'], $3) > coalesce(array_position(ARRAY['sent','delivered','read','failed'], o.delivery_status), 0)
       RETURNING o.id)
     SELECT o.id::text, o.idempotency_key, o.conversation_key, o.body, (moved.id IS NOT NULL) AS changed, target.matches,
            CASE WHEN moved.id IS NOT NULL THEN $3 ELSE o.delivery_status END AS delivery_status
     FROM target JOIN outbox_messages o ON o.id = target.id LEFT JOIN moved ON moved.id = o.id`,
    [channel, externalId, status, at, error, recipient],
  );
  const row = rows[0];
  return row ? { id: row.id, idempotencyKey: row.idempotency_key, conversationKey: row.conversation_key, body: row.body, changed: row.changed, recipientMatches: row.matches, deliveryStatus: row.delivery_status } : null;
}

/** The reply goes by email instead: a new outbox row on the email channel, once (its key is the row's, marked). */
export async function queueEmailFallback(sql: Sql, row: Pick<StatusTarget, 'id' | 'idempotencyKey' | 'body'>, emailAddress: string, note: string): Promise<boolean> {
  const inserted = await run(
    sql,
    q.insertInto('outbox_messages')
      .values({ idempotency_key: `${row.idempotencyKey}:email-fallback`, channel: 'email', conversation_key: `email:${emailAddress}`, body: JSON.stringify(row.body) })
      .onConflict((c) => c.column('idempotency_key').doNothing())
      .returning('id'),
  );
  await run(sql, q.updateTable('outbox_messages').set({ last_error: note.slice(0, 1000) }).where('id', '=', Number(row.id)));
  return inserted.length > 0;
}

/** No other way to reach the reseller: the row is failed, for staff to see. */
export async function markDeliveryFailed(sql: Sql, row: StatusTarget, note: string): Promise<void> {
  await run(sql, q.updateTable('outbox_messages').set({ status: 'failed', last_error: note.slice(0, 1000) }).where('id', '=', Number(row.id)));
}

/** The reseller's latest messages that the 24-hour window is read from (a redelivered old one is among them, not after them). */
const RECENT_INBOUND = 50;

/**
 * When the reseller of this conversation last wrote to us themselves (not staff in their name); null:
 * never. The latest of their recent messages, not the one stored last (Meta redelivers an old message
 * after newer ones), each at the time the channel gives it but never later than we stored it (a
 * timestamp in the future is not believed).
 */
export async function lastInboundAt(sql: Sql, conversationKey: string): Promise<Date | null> {
  const [row] = await run(
    sql,
    q.selectFrom((db) =>
      db.selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(raw<Date>`least(m.received_at, m.created_at)`.as('wrote_at'))
        .where('c.conversation_key', '=', conversationKey)
        .where('m.direction', '=', 'inbound')
        .where('m.sent_by_staff_id', 'is', null)
        .orderBy('m.id', 'desc')
        .limit(RECENT_INBOUND)
        .as('recent'),
    ).select((eb) => eb.fn.max('recent.wrote_at').as('wrote_at')),
  );
  return row?.wrote_at ? new Date(row.wrote_at) : null;
}
