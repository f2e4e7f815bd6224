-- Emptied job queues are swept out without stranding a job. graphile-worker's own sweep
-- (cleanup GC_JOB_QUEUES) deletes a queue that has no job in its snapshot; a job being added at
-- that moment still points at the deleted queue, and graphile-worker never runs it (measured: three
-- messages left unanswered in one bench run with a sweep every 3 seconds). Here an enqueue holds a
-- shared advisory lock on its queue's name until it commits, and the sweep deletes only queues whose
-- lock it took exclusively (without waiting), re-checked after the lock with a fresh snapshot: a
-- queue goes either before an enqueue looks for it (graphile's add_job makes it again) or not at all.
-- Advisory locks rather than the queue's row: graphile-worker locks every available queue row on
-- each job fetch, and an enqueue waiting for those fetches doubled the time of a message's intake.

CREATE OR REPLACE FUNCTION esim_hub_lock_job_queue(name text) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock_shared(20261128, hashtext(name));
$$;

CREATE OR REPLACE FUNCTION esim_hub_queue_message(message_id bigint, conversation_id integer, key_mode text DEFAULT 'replace') RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  -- One message of a conversation at a time, in order: the conversation is the job's queue. Ten
  -- tries, more than the bot's MESSAGE_ATTEMPTS_MAX, after which it hands the message to a person.
  PERFORM esim_hub_lock_job_queue('conversation:' || conversation_id);
  RETURN (graphile_worker.add_job('process_message', json_build_object('messageId', message_id::text, 'conversationId', conversation_id),
    queue_name := 'conversation:' || conversation_id, job_key := 'message:' || message_id, max_attempts := 10, job_key_mode := key_mode)).id;
END $$;

CREATE OR REPLACE FUNCTION esim_hub_queue_fulfilment(order_id integer, key_mode text DEFAULT 'replace') RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  -- One fulfilment of an order at a time: the order is the job's queue.
  PERFORM esim_hub_lock_job_queue('order:' || order_id);
  RETURN (graphile_worker.add_job('fulfil_order', json_build_object('orderId', order_id),
    queue_name := 'order:' || order_id, job_key := 'fulfil:' || order_id, max_attempts := 12, job_key_mode := key_mode)).id;
END $$;

-- Deletes the queues that hold no job and that no enqueue or worker holds; returns how many.
-- Every process calls it every few seconds (bot/jobs/job-queue.ts): graphile-worker locks every
-- available queue row on each job fetch, so queues left behind by finished conversations and
-- orders made each fetch slower the longer a process ran (about 1 ms with 1,000 of them).
CREATE OR REPLACE FUNCTION esim_hub_sweep_job_queues() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  candidates integer[];
  removed integer;
BEGIN
  SELECT coalesce(array_agg(c.id), '{}') INTO candidates FROM (
    SELECT q.id, q.queue_name FROM graphile_worker._private_job_queues q
     WHERE q.locked_at IS NULL AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id)
     OFFSET 0) c -- OFFSET 0: the lock is tried only for the queues chosen
   WHERE pg_try_advisory_xact_lock(20261128, hashtext(c.queue_name));
  -- A new statement, a new snapshot: jobs committed since the candidates were chosen are seen here.
  DELETE FROM graphile_worker._private_job_queues q
   WHERE q.id = ANY (candidates) AND q.locked_at IS NULL AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END $$;

-- Points jobs whose queue was deleted under them (by graphile-worker's sweep, before this
-- migration) at their queue again, made anew; returns how many. Called here and at every start.
CREATE OR REPLACE FUNCTION esim_hub_requeue_stranded_jobs() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  requeued integer;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS esim_hub_stranded_jobs (id bigint, queue_name text) ON COMMIT DROP;
  INSERT INTO esim_hub_stranded_jobs
    SELECT j.id, CASE WHEN j.key LIKE 'fulfil:%' THEN 'order:' || substr(j.key, 8) ELSE 'conversation:' || m.conversation_id END
      FROM graphile_worker._private_jobs j
      LEFT JOIN messages m ON j.key = 'message:' || m.id
     WHERE j.job_queue_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_job_queues q WHERE q.id = j.job_queue_id)
       AND (j.key LIKE 'fulfil:%' OR m.id IS NOT NULL);
  INSERT INTO graphile_worker._private_job_queues (queue_name) SELECT DISTINCT queue_name FROM esim_hub_stranded_jobs ON CONFLICT DO NOTHING;
  UPDATE graphile_worker._private_jobs j SET job_queue_id = q.id
    FROM esim_hub_stranded_jobs s JOIN graphile_worker._private_job_queues q ON q.queue_name = s.queue_name
   WHERE j.id = s.id;
  GET DIAGNOSTICS requeued = ROW_COUNT;
  DELETE FROM esim_hub_stranded_jobs;
  RETURN requeued;
END $$;

DO $$
BEGIN
  IF to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM esim_hub_requeue_stranded_jobs();
  END IF;
END $$;
