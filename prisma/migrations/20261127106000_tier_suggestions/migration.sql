-- Monthly tier suggestions (issue 15).
-- CreateTable
CREATE TABLE "tier_suggestions" (
    "id" SERIAL NOT NULL,
    "customer_id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "current_tier" "Tier" NOT NULL,
    "suggested_tier" "Tier" NOT NULL,
    "average_cards" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tier_suggestions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tier_suggestions_customer_id_month_key" ON "tier_suggestions"("customer_id", "month");

ALTER TABLE "tier_suggestions" ADD CONSTRAINT "tier_suggestions_status" CHECK ("status" IN ('pending', 'accepted', 'dismissed'));
