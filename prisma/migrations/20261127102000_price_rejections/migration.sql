-- A customer price proposal an owner rejected (issue 15).
-- AlterTable
ALTER TABLE "customer_specific_prices" ADD COLUMN     "rejected_at" TIMESTAMPTZ(3),
ADD COLUMN     "rejected_by" TEXT;

ALTER TABLE "customer_specific_prices" ADD CONSTRAINT "customer_specific_prices_approved_or_rejected" CHECK ("approved_by" IS NULL OR "rejected_by" IS NULL);
