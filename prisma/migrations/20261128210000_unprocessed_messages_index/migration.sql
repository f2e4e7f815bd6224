-- Before a message is processed the bot looks for earlier ones of its conversation still waiting
-- (earlierUnprocessed, bot/store/messages.ts). On (conversation_id, id) that read every message the
-- conversation ever had: 300 rows for a bench reseller after 150 orders, 0.35-0.65 ms, and more
-- each day for a reseller who orders daily. Only waiting inbound messages are in this index.
CREATE INDEX "messages_unprocessed_inbound_idx" ON "messages" ("conversation_id", "id") WHERE "direction" = 'inbound' AND "processed_at" IS NULL;
