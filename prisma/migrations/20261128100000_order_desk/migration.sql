-- DropForeignKey
ALTER TABLE "credit_notes" DROP CONSTRAINT "credit_notes_invoice_id_fkey";

-- AlterTable
ALTER TABLE "credit_notes" ADD COLUMN     "order_id" INTEGER,
ALTER COLUMN "invoice_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "order_credits" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "submission_key" TEXT NOT NULL,
    "input_hash" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "amount_usd_minor" BIGINT NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "credit_note_id" INTEGER NOT NULL,
    "staff_user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_credits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_credit_esims" (
    "esim_profile_id" INTEGER NOT NULL,
    "order_credit_id" INTEGER NOT NULL,

    CONSTRAINT "order_credit_esims_pkey" PRIMARY KEY ("esim_profile_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_credits_submission_key_key" ON "order_credits"("submission_key");

-- CreateIndex
CREATE UNIQUE INDEX "order_credits_entry_id_key" ON "order_credits"("entry_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_credits_credit_note_id_key" ON "order_credits"("credit_note_id");

-- CreateIndex
CREATE INDEX "order_credits_order_id_idx" ON "order_credits"("order_id");

-- CreateIndex
CREATE INDEX "order_credit_esims_order_credit_id_idx" ON "order_credit_esims"("order_credit_id");

-- CreateIndex
CREATE INDEX "orders_created_at_idx" ON "orders"("created_at");

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "orders"("status", "created_at");

-- CreateIndex
CREATE INDEX "orders_channel_created_at_idx" ON "orders"("channel", "created_at");

-- CreateIndex
CREATE INDEX "credit_notes_order_id_idx" ON "credit_notes"("order_id");

-- CreateIndex
CREATE INDEX "audit_events_subject_at_idx" ON "audit_events"("subject", "at");

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_esims" ADD CONSTRAINT "order_credit_esims_esim_profile_id_fkey" FOREIGN KEY ("esim_profile_id") REFERENCES "esim_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_esims" ADD CONSTRAINT "order_credit_esims_order_credit_id_fkey" FOREIGN KEY ("order_credit_id") REFERENCES "order_credits"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A credit note corrects an invoice (issue 14) or credits an order from the order desk (issue 19).
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_corrects_something" CHECK ("invoice_id" IS NOT NULL OR "order_id" IS NOT NULL);
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_mode" CHECK ("mode" IN ('credit', 'refund'));
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_amount_positive" CHECK ("amount_minor" > 0 AND "amount_usd_minor" >= 0);
