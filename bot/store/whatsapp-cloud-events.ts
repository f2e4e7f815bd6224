import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// Webhook deliveries of the WhatsApp Cloud API: stored before Meta is answered, worked after.

/**
 * Stored once per body (Meta redelivers the same body after a timeout): false when it was already
 * here. `writtenAt`: Meta's timestamp of its earliest message (null: statuses only). One more than a
 * minute ahead of the database's clock (one clock for every process) is not believed and taken as the
 * second it arrived in: it would put the message after ones the reseller wrote later. A second or two
 * ahead is a clock a little fast, and kept (cut to the arrival, it could tie with the message before).
 */
export async function storeCloudEvent(sql: Sql, bodySha256: string, body: string, senders: readonly string[], writtenAt: Date | null): Promise<boolean> {
  const written =
    writtenAt === null ? null : raw<Date>`CASE WHEN ${writtenAt}::timestamptz > now() + interval '1 minute' THEN date_trunc('second', now()) ELSE ${writtenAt}::timestamptz END`;
  const rows = await run(sql, q.insertInto('whatsapp_cloud_events').values({ body_sha256: bodySha256, body, senders: [...senders], written_at: written }).onConflict((c) => c.column('body_sha256').doNothing()).returning('id'));
  return rows.length > 0;
}

export interface ClaimedCloudEvent {
  id: number;
  body: string;
  attempts: number;
  /** The lease this claim took: renewing it (extendCloudEventLease) finds the event still this process's. */
  lease_until: Date | null;
  age_ms: number;
}

/**
 * Up to `batch` events not yet worked, oldest first, leased for `leaseSeconds` (no other process
 * takes them meanwhile). A reseller's messages are taken in in the order they wrote them, on any
 * process: an event with messages waits `orderWaitMs` after it arrived (a delivery of an earlier message
 * may still be on its way), and while an event with a message from the same sender written earlier
 * (Meta's timestamp, then arrival) is not worked.
 */
export async function claimCloudEvents(sql: Sql, batch: number, leaseSeconds: number, orderWaitMs: number): Promise<ClaimedCloudEvent[]> {
  // Events without a timestamp sort first: statuses (they name no sender, so they wait for none and
  // block none) and deliveries stored before the timestamp was kept.
  const writtenOrder = (alias: string) => raw`(coalesce(${raw.ref(`${alias}.written_at`)}, '-infinity'), ${raw.ref(`${alias}.id`)})`;
  return run(
    sql,
    q.updateTable('whatsapp_cloud_events as e')
      .set({ lease_until: raw<Date>`now() + make_interval(secs => ${leaseSeconds})`, attempts: raw<number>`e.attempts + 1` })
      .where('e.id', 'in', (eb) =>
        eb.selectFrom('whatsapp_cloud_events as c')
          .select('c.id')
          .where('c.processed_at', 'is', null)
          .where((w) => w.or([w('c.lease_until', 'is', null), w('c.lease_until', '<=', raw<Date>`now()`)]))
          .where(raw<boolean>`(cardinality(c.senders) = 0 OR c.received_at <= now() - make_interval(secs => ${orderWaitMs / 1000}))`)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('whatsapp_cloud_events as earlier')
                  .select(raw<number>`1`.as('one'))
                  .where('earlier.processed_at', 'is', null)
                  .where(raw<boolean>`earlier.senders && c.senders`)
                  .where(raw<boolean>`${writtenOrder('earlier')} < ${writtenOrder('c')}`),
              ),
            ),
          )
          .orderBy('c.id')
          .limit(batch)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['e.id', 'e.body', 'e.attempts', 'e.lease_until', raw<number>`(extract(epoch FROM now() - e.received_at) * 1000)::float8`.as('age_ms')]),
  );
}

/**
 * The lease of an event being worked, extended by `leaseSeconds` while it is still the lease this
 * process took (`leaseUntil`, the value it holds): not once the event was finished or set to be
 * tried later. Returns the new lease, or null when it was not this process's any more.
 */
export async function extendCloudEventLease(sql: Sql, id: number, leaseUntil: Date, leaseSeconds: number): Promise<Date | null> {
  const [row] = await run(
    sql,
    q.updateTable('whatsapp_cloud_events')
      .set({ lease_until: raw<Date>`now() + make_interval(secs => ${leaseSeconds})` })
      .where('id', '=', id)
      .where('processed_at', 'is', null)
      .where('lease_until', '=', leaseUntil)
      .returning('lease_until'),
  );
  return row?.lease_until ?? null;
}

export async function finishCloudEvent(sql: Sql, id: number, note: string | null): Promise<void> {
  await run(sql, q.updateTable('whatsapp_cloud_events').set({ processed_at: raw<Date>`now()`, lease_until: null, last_error: note }).where('id', '=', id));
}

/** Not done (a media download failed, a status for a send not recorded yet): tried again in `seconds`. */
export async function retryCloudEvent(sql: Sql, id: number, error: string, seconds: number): Promise<void> {
  await run(sql, q.updateTable('whatsapp_cloud_events').set({ lease_until: raw<Date>`now() + make_interval(secs => ${seconds})`, last_error: error.slice(0, 1000) }).where('id', '=', id));
}

/** Worked deliveries received before `before` removed; returns how many. */
export async function pruneCloudEvents(sql: Sql, before: Date): Promise<number> {
  const rows = await run(sql, q.deleteFrom('whatsapp_cloud_events').where('processed_at', 'is not', null).where('received_at', '<', before).returning('id'));
  return rows.length;
}
