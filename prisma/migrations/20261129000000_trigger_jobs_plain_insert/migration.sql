-- The jobs the triggers add (a new inbound message's, an order's fulfilment once it is paid) go
-- in with graphile-worker's plain insert ('unsafe_dedupe') rather than 'replace'. Their keys
-- (message:<id>, fulfil:<id>) are new with the row or the payment: a message row is inserted once,
-- and an order becomes 'placing' once, when it is paid (bot/store/orders.ts), so no job can hold the
-- key yet and the two modes do the same. 'replace' goes through add_jobs (an update of locked jobs
-- with the key, a set-returning call, a notification every time): 0.84 ms against 0.46 ms per job
-- on an idle database, three times per order.
CREATE OR REPLACE FUNCTION esim_hub_enqueue_inbound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'inbound' AND NEW.processed_at IS NULL AND to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM esim_hub_queue_message(NEW.id, NEW.conversation_id, 'unsafe_dedupe');
  END IF;
  IF NEW.direction = 'outbound' THEN
    -- Wakes web-chat long polls and the staff app in every process (LISTEN esim_hub_replied).
    PERFORM pg_notify('esim_hub_replied', NEW.conversation_id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION esim_hub_enqueue_fulfilment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'placing' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) AND to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM esim_hub_queue_fulfilment(NEW.id, 'unsafe_dedupe');
  END IF;
  RETURN NULL;
END $$;
