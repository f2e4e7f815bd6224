-- Tier price tables effective from a date (issue 15): an import schedules a new table, the old one is kept.
-- DropIndex
DROP INDEX "product_price_tiers_sku_tier_min_qty_key";

-- AlterTable
ALTER TABLE "product_price_tiers" ADD COLUMN     "effective_from" DATE NOT NULL DEFAULT '2000-01-01'::date;

-- CreateIndex
CREATE UNIQUE INDEX "product_price_tiers_sku_tier_min_qty_effective_from_key" ON "product_price_tiers"("sku", "tier", "min_qty", "effective_from");

