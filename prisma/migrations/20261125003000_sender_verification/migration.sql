-- AlterEnum
ALTER TYPE "HandoffReason" ADD VALUE 'unverified_sender';

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "sender_verified" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "thread_meta" JSONB;

