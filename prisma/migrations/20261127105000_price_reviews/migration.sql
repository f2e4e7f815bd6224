-- Price expiry reminders and the quarterly review of customer prices (issue 15).
-- AlterTable
ALTER TABLE "customer_specific_prices" ADD COLUMN     "reminded_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "price_reviews" (
    "id" SERIAL NOT NULL,
    "price_id" INTEGER NOT NULL,
    "quarter" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "decided_by_id" INTEGER NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "price_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_reviews_price_id_quarter_key" ON "price_reviews"("price_id", "quarter");

-- AddForeignKey
ALTER TABLE "price_reviews" ADD CONSTRAINT "price_reviews_price_id_fkey" FOREIGN KEY ("price_id") REFERENCES "customer_specific_prices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "price_reviews" ADD CONSTRAINT "price_reviews_decision" CHECK ("decision" IN ('keep', 'end'));
ALTER TABLE "price_reviews" ADD CONSTRAINT "price_reviews_quarter" CHECK ("quarter" ~ '^[0-9]{4}-Q[1-4]$');
