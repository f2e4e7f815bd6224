-- Failed staff sign-ins per account move from each process's memory to the database: with several
-- processes behind a load balancer each counted its own (N processes, N times the guesses), and a
-- restart forgot them all.
CREATE TABLE "staff_sign_in_failures" (
    "account" TEXT NOT NULL,
    "failed_at" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_sign_in_failures_pkey" PRIMARY KEY ("account")
);

CREATE INDEX "staff_sign_in_failures_updated_at_idx" ON "staff_sign_in_failures"("updated_at");
