-- Commission resellers' rate and the monthly payout snapshot (issue 15).
-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "commission_rate_bp" INTEGER NOT NULL DEFAULT 2000;

-- AlterTable
ALTER TABLE "commission_payouts" ADD COLUMN     "approved_by_id" INTEGER,
ADD COLUMN     "paid_by_id" INTEGER,
ADD COLUMN     "rate_bp" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sales_minor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "transfer_reference" TEXT,
ADD COLUMN     "usd_minor" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "customers" ADD CONSTRAINT "customers_commission_rate_range" CHECK ("commission_rate_bp" BETWEEN 0 AND 10000);
