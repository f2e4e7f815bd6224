-- When the reseller wrote a delivery's messages (Meta's timestamp of the earliest, whole seconds):
-- a sender's deliveries are taken in in this order, not in the order Meta's posts arrived (two posts
-- sent ms apart may reach two processes, or one, the other way round).
ALTER TABLE "whatsapp_cloud_events" ADD COLUMN "written_at" TIMESTAMPTZ(3);
