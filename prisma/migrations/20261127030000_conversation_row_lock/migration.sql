-- A conversation's state is written only through the conversation machine, on the row locked FOR
-- UPDATE (bot/conversation/conversation-store.ts): the version counter was never read.
ALTER TABLE "conversations" DROP COLUMN "version";
