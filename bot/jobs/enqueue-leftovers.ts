import type pg from 'pg';

// Work stored before the queue was installed (or by a version without it) is queued at start, by the
// SQL functions the triggers call (prisma/migrations/20261127200000_job_queue). 'unsafe_dedupe'
// leaves a job that exists alone: replacing one that a worker (perhaps a dead one) holds would mark
// it spent and queue a second.

/** Placing, or partly delivered with supplier requests open; one finished short has its delivered_at (bot/store/orders.ts, unsettledOrder). */
const FULFILMENT_NOT_OVER = `(o.status = 'placing' OR (o.status = 'partially_delivered' AND o.delivered_at IS NULL))`;

export async function enqueueLeftovers(pool: pg.Pool): Promise<{ messages: number; orders: number; stranded: number }> {
  // Jobs whose queue graphile-worker's own sweep deleted as they were added (before 20261128200000_job_queue_sweep) never run otherwise.
  const stranded = await pool.query<{ n: number }>('SELECT esim_hub_requeue_stranded_jobs() AS n');
  // An unfinished order whose job used up its tries (staff have its ticket) gets a fresh one at each start.
  await pool.query(`
    SELECT graphile_worker.remove_job(j.key) FROM graphile_worker.jobs j JOIN orders o ON j.key = 'fulfil:' || o.id
     WHERE ${FULFILMENT_NOT_OVER} AND j.attempts >= j.max_attempts AND j.locked_at IS NULL`);
  const messages = await pool.query<{ n: string }>(`
    SELECT count(esim_hub_queue_message(id, conversation_id, 'unsafe_dedupe')) AS n
    FROM (SELECT id, conversation_id FROM messages WHERE direction = 'inbound' AND processed_at IS NULL ORDER BY id LIMIT 10000) m`);
  const orders = await pool.query<{ n: string }>(`
    SELECT count(esim_hub_queue_fulfilment(id, 'unsafe_dedupe')) AS n
    FROM (SELECT id FROM orders o WHERE ${FULFILMENT_NOT_OVER} ORDER BY id LIMIT 10000) o`);
  return { messages: Number(messages.rows[0]?.n ?? 0), orders: Number(orders.rows[0]?.n ?? 0), stranded: stranded.rows[0]?.n ?? 0 };
}
