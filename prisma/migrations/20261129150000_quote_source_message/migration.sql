-- The reseller's message a quote answers. A "yes" or "cancel" stored before a quote was written
-- (it crossed the quote) is taken as about that quote only when the quote answers a message stored
-- before it: not a quote asked for after it, nor one made without a message.
ALTER TABLE "quotes" ADD COLUMN "source_message_id" BIGINT;
