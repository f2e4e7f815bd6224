-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "trial_order_pending" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "onboarding_applications" ADD COLUMN     "details" TEXT;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "access_token" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "esim_profiles" ADD COLUMN     "access_token" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "orders_access_token_key" ON "orders"("access_token");

-- CreateIndex
CREATE UNIQUE INDEX "esim_profiles_access_token_key" ON "esim_profiles"("access_token");

