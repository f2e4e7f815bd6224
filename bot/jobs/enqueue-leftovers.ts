import type pg from 'pg';
import { fulfilmentOpenSql } from '../store/orders';

// Work stored before the queue was installed (or by a version without it) is queued at start, by the
// SQL functions the triggers call (prisma/migrations/20261127200000_job_queue). 'unsafe_dedupe'
// leaves a job that exists alone: replacing one that a worker (perhaps a dead one) holds would mark
// it spent and queue a second.

export async function enqueueLeftovers(pool: pg.Pool): Promise<{ messages: number; orders: number; stranded: number }> {
  // Jobs whose queue graphile-worker's own sweep deleted as they were added (before 20261128200000_job_queue_sweep) never run otherwise.
  const stranded = await pool.query<{ n: number }>('SELECT esim_hub_requeue_stranded_jobs() AS n');
  // An unfinished order whose job used up its tries (staff have its ticket) gets a fresh one at each start.
  await pool.query(`
    SELECT graphile_worker.remove_job(j.key) FROM graphile_worker.jobs j JOIN orders ON j.key = 'fulfil:' || orders.id
     WHERE ${fulfilmentOpenSql} AND j.attempts >= j.max_attempts AND j.locked_at IS NULL`);
  const client = await pool.connect();
  try {
    await requeueSpentMessageJobs(client);
  } finally {
    client.release();
  }
  const messages = await pool.query<{ n: string }>(`
    SELECT count(esim_hub_queue_message(id, conversation_id, 'unsafe_dedupe')) AS n
    FROM (SELECT id, conversation_id FROM messages WHERE direction = 'inbound' AND processed_at IS NULL ORDER BY id LIMIT 10000) m`);
  const orders = await pool.query<{ n: string }>(`
    SELECT count(esim_hub_queue_fulfilment(id, 'unsafe_dedupe')) AS n
    FROM (SELECT id FROM orders WHERE ${fulfilmentOpenSql} ORDER BY id LIMIT 10000) o`);
  return { messages: Number(messages.rows[0]?.n ?? 0), orders: Number(orders.rows[0]?.n ?? 0), stranded: stranded.rows[0]?.n ?? 0 };
}

/**
 * Message jobs that used up their tries, removed; those whose message is still unanswered are
 * queued afresh (returns how many). A job's last try ends that way when its process is killed or
 * stopped during it (the dead process's job released by a live one, a job handed back on SIGTERM),
 * or when handing the message to staff fails: graphile-worker keeps such a job and never runs it,
 * and a new job under its key would be refused, so the message was never answered nor seen by
 * staff. Its next run counts one more of the bot's own attempts (messages.processing_attempts):
 * past MESSAGE_ATTEMPTS_MAX it goes to staff. One answered since (a later message of its
 * conversation answers the earlier ones first) only goes. Run at start and by every live process's reaper.
 */
export async function requeueSpentMessageJobs(client: pg.ClientBase): Promise<number> {
  // One process at a time, each reading after the last one committed: two reapers at once each
  // requeued the same message, and graphile's remove_job then spent the first one's fresh job.
  await client.query('BEGIN');
  try {
    const { rows: [lock] } = await client.query<{ taken: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('esim-hub:requeue-spent-message-jobs')) AS taken`);
    if (!lock?.taken) {
      await client.query('COMMIT');
      return 0;
    }
    const { rows } = await client.query<{ n: string }>(`
      WITH spent AS (
        SELECT j.key, m.id, m.conversation_id, m.direction = 'inbound' AND m.processed_at IS NULL AS unanswered
          FROM graphile_worker.jobs j LEFT JOIN messages m ON m.id = substring(j.key FROM 9)::bigint
         WHERE j.key ~ '^message:[0-9]{1,18}$' AND j.attempts >= j.max_attempts AND j.locked_at IS NULL),
      removed AS (SELECT s.id, s.conversation_id, s.unanswered, graphile_worker.remove_job(s.key) FROM spent s ORDER BY s.id)
      SELECT count(CASE WHEN unanswered THEN esim_hub_queue_message(id, conversation_id, 'unsafe_dedupe') END) AS n FROM removed`);
    await client.query('COMMIT');
    return Number(rows[0]?.n ?? 0);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
