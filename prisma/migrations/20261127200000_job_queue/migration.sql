
-- AlterEnum
ALTER TYPE "HandoffReason" ADD VALUE 'fulfilment_stuck';

-- CreateTable
CREATE TABLE "bot_processes" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "http_url" TEXT,
    "worker_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "takeover_ms" INTEGER NOT NULL DEFAULT 12000,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_processes_pkey" PRIMARY KEY ("id")
);


-- Work is enqueued by the row that causes it, in the same transaction: an inbound message is
-- processed, an order that starts placing is fulfilled. The queue is graphile-worker's, installed
-- by the first bot process that runs on PostgreSQL; until then (and on the embedded PGlite, where
-- one process works in memory) these triggers do nothing. How a message and an order are queued
-- is written once, here: the triggers and the bot at start (bot/jobs/enqueue-leftovers.ts) call it.
CREATE FUNCTION esim_hub_queue_message(message_id bigint, conversation_id integer, key_mode text DEFAULT 'replace') RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  -- One message of a conversation at a time, in order: the conversation is the job's queue. Ten
  -- tries, more than the bot's MESSAGE_ATTEMPTS_MAX, after which it hands the message to a person.
  RETURN (graphile_worker.add_job('process_message', json_build_object('messageId', message_id::text, 'conversationId', conversation_id),
    queue_name := 'conversation:' || conversation_id, job_key := 'message:' || message_id, max_attempts := 10, job_key_mode := key_mode)).id;
END $$;

CREATE FUNCTION esim_hub_queue_fulfilment(order_id integer, key_mode text DEFAULT 'replace') RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  -- One fulfilment of an order at a time: the order is the job's queue.
  RETURN (graphile_worker.add_job('fulfil_order', json_build_object('orderId', order_id),
    queue_name := 'order:' || order_id, job_key := 'fulfil:' || order_id, max_attempts := 12, job_key_mode := key_mode)).id;
END $$;

CREATE FUNCTION esim_hub_enqueue_inbound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'inbound' AND NEW.processed_at IS NULL AND to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM esim_hub_queue_message(NEW.id, NEW.conversation_id);
  END IF;
  IF NEW.direction = 'outbound' THEN
    -- Wakes web-chat long polls and the staff app in every process (LISTEN esim_hub_replied).
    PERFORM pg_notify('esim_hub_replied', NEW.conversation_id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "messages_enqueue" AFTER INSERT ON "messages" FOR EACH ROW EXECUTE FUNCTION esim_hub_enqueue_inbound();

CREATE FUNCTION esim_hub_enqueue_fulfilment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'placing' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) AND to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM esim_hub_queue_fulfilment(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "orders_enqueue_fulfilment" AFTER INSERT OR UPDATE OF "status" ON "orders" FOR EACH ROW EXECUTE FUNCTION esim_hub_enqueue_fulfilment();

CREATE FUNCTION esim_hub_notify_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('esim_hub_staff', '');
  RETURN NULL;
END $$;

-- The staff app's live queue, in every process.
CREATE TRIGGER "handoff_tickets_notify" AFTER INSERT OR UPDATE ON "handoff_tickets" FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_notify_staff();
