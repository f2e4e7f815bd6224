-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "delivery_status" TEXT,
ADD COLUMN     "delivery_status_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "outbox_message_parts" (
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_message_parts_pkey" PRIMARY KEY ("channel","external_id")
);

-- CreateTable
CREATE TABLE "whatsapp_cloud_events" (
    "id" BIGSERIAL NOT NULL,
    "body_sha256" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "senders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "whatsapp_cloud_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_parts_idempotency_key_part_key" ON "outbox_message_parts"("idempotency_key", "part");

-- CreateIndex
CREATE UNIQUE INDEX "whatsapp_cloud_events_body_sha256_key" ON "whatsapp_cloud_events"("body_sha256");

-- CreateIndex
CREATE INDEX "whatsapp_cloud_events_processed_at_id_idx" ON "whatsapp_cloud_events"("processed_at", "id");


-- A WhatsApp number is one identity with or without its "+" (the Cloud API's wa_id has none):
-- addresses stored before this without it get it, as every new one does.
UPDATE "channel_identities" i SET "address" = '+' || i."address"
WHERE i."channel" = 'whatsapp' AND i."address" ~ '^[0-9]{6,15}$'
  AND NOT EXISTS (SELECT 1 FROM "channel_identities" o WHERE o."channel" = 'whatsapp' AND o."address" = '+' || i."address");
