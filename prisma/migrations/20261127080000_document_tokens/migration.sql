-- Statements and invoices are sent as files (issue 14): each gets an unguessable token for the URL
-- its PDF and CSV are served at, as eSIM files are. Existing rows get one too (the trigger that
-- keeps issued documents unchanged fires on UPDATE, not on a column added with a default).

-- AlterTable
ALTER TABLE "statements" ADD COLUMN "access_token" TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
ALTER TABLE "invoices" ADD COLUMN "access_token" TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');

-- CreateIndex
CREATE UNIQUE INDEX "statements_access_token_key" ON "statements"("access_token");
CREATE UNIQUE INDEX "invoices_access_token_key" ON "invoices"("access_token");
