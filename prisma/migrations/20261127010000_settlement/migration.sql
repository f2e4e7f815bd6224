-- Money in (issue 12): bank deposits from camt.053 and CSV statements, what each paid, payer
-- accounts and names staff confirmed, deposit tickets in the handoff queue (no conversation), and
-- low-balance alert state. bank_deposits was declared at init and never written, so it is reshaped in place.

-- AlterEnum
CREATE TYPE "DepositStatus_new" AS ENUM ('matched', 'for_staff', 'not_ours', 'reversed');
ALTER TABLE "bank_deposits" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "bank_deposits" ALTER COLUMN "status" TYPE "DepositStatus_new" USING ("status"::text::"DepositStatus_new");
ALTER TYPE "DepositStatus" RENAME TO "DepositStatus_old";
ALTER TYPE "DepositStatus_new" RENAME TO "DepositStatus";
DROP TYPE "DepositStatus_old";

-- DropForeignKey
ALTER TABLE "handoff_tickets" DROP CONSTRAINT "handoff_tickets_conversation_id_fkey";

-- DropIndex
DROP INDEX "bank_deposits_bank_reference_key";

-- DropIndex
DROP INDEX "bank_deposits_status_idx";

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "low_balance_alerted_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "bank_deposits" DROP COLUMN "journal_entry_id",
DROP COLUMN "match_reason",
ADD COLUMN     "account" TEXT,
ADD COLUMN     "booking_date" DATE,
ADD COLUMN     "candidates" JSONB,
ADD COLUMN     "credited_minor" BIGINT,
ADD COLUMN     "decided_at" TIMESTAMPTZ(3),
ADD COLUMN     "decided_by_staff_id" INTEGER,
ADD COLUMN     "end_to_end_id" TEXT,
ADD COLUMN     "entry_key" TEXT NOT NULL,
ADD COLUMN     "file_name" TEXT,
ADD COLUMN     "location" TEXT,
ADD COLUMN     "match_rule" TEXT,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "payer_account" TEXT,
ADD COLUMN     "reversal_key" TEXT,
ADD COLUMN     "review_reason" TEXT,
ADD COLUMN     "usd_minor" BIGINT NOT NULL,
ALTER COLUMN "bank_reference" DROP NOT NULL,
ALTER COLUMN "payer_name" DROP NOT NULL,
ALTER COLUMN "status" DROP DEFAULT;

-- AlterTable
ALTER TABLE "handoff_tickets" ADD COLUMN     "deposit_id" INTEGER,
ALTER COLUMN "conversation_id" DROP NOT NULL,
ALTER COLUMN "channel" DROP NOT NULL;

-- CreateTable
CREATE TABLE "payment_allocations" (
    "id" SERIAL NOT NULL,
    "deposit_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_allocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payer_aliases" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "confirmed_by_staff_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payer_aliases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_allocations_order_id_idx" ON "payment_allocations"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_allocations_deposit_id_order_id_key" ON "payment_allocations"("deposit_id", "order_id");

-- CreateIndex
CREATE INDEX "payer_aliases_customer_id_idx" ON "payer_aliases"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "payer_aliases_kind_value_key" ON "payer_aliases"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "bank_deposits_entry_key_key" ON "bank_deposits"("entry_key");

-- CreateIndex
CREATE UNIQUE INDEX "bank_deposits_reversal_key_key" ON "bank_deposits"("reversal_key");

-- CreateIndex
CREATE INDEX "bank_deposits_status_imported_at_idx" ON "bank_deposits"("status", "imported_at");

-- CreateIndex
CREATE INDEX "bank_deposits_customer_id_idx" ON "bank_deposits"("customer_id");

-- AddForeignKey
ALTER TABLE "bank_deposits" ADD CONSTRAINT "bank_deposits_decided_by_staff_id_fkey" FOREIGN KEY ("decided_by_staff_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_deposit_id_fkey" FOREIGN KEY ("deposit_id") REFERENCES "bank_deposits"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payer_aliases" ADD CONSTRAINT "payer_aliases_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payer_aliases" ADD CONSTRAINT "payer_aliases_confirmed_by_staff_id_fkey" FOREIGN KEY ("confirmed_by_staff_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoff_tickets" ADD CONSTRAINT "handoff_tickets_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoff_tickets" ADD CONSTRAINT "handoff_tickets_deposit_id_fkey" FOREIGN KEY ("deposit_id") REFERENCES "bank_deposits"("id") ON DELETE SET NULL ON UPDATE CASCADE;

