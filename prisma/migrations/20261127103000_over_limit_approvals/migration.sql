-- An owner's decision on an order over the value threshold or the credit limit (issue 15).
-- AlterTable
ALTER TABLE "quotes" ADD COLUMN     "over_limit_approved_at" TIMESTAMPTZ(3),
ADD COLUMN     "over_limit_approved_by_id" INTEGER;

-- CreateTable
CREATE TABLE "credit_extensions" (
    "id" SERIAL NOT NULL,
    "customer_id" TEXT NOT NULL,
    "limit_usd_minor" BIGINT NOT NULL,
    "until" DATE NOT NULL,
    "granted_by_id" INTEGER NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "ticket_id" INTEGER,

    CONSTRAINT "credit_extensions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credit_extensions_customer_id_until_idx" ON "credit_extensions"("customer_id", "until");

-- AddForeignKey
ALTER TABLE "credit_extensions" ADD CONSTRAINT "credit_extensions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "credit_extensions" ADD CONSTRAINT "credit_extensions_positive" CHECK ("limit_usd_minor" > 0);
