-- A conversation's language is unknown until a message shows it; the identity keeps the language
-- its messages showed last, the tie-breaker for a message that shows none clearly.
ALTER TABLE "conversations" ALTER COLUMN "language" DROP NOT NULL,
ALTER COLUMN "language" DROP DEFAULT;

ALTER TABLE "channel_identities" ADD COLUMN     "language" TEXT;

-- Processing attempts are counted in the database before each attempt starts, so a message that
-- kills or hangs the process is handed to staff after a few tries, across restarts.
ALTER TABLE "messages" ADD COLUMN     "processing_attempts" INTEGER NOT NULL DEFAULT 0;
