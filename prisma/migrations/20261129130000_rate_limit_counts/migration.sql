-- Request counts of the web-chat and sign-in limits move from each process's memory to the
-- database (bot/http/stored-rate-limits.ts): with several processes behind a load balancer each
-- counted its own (N processes, N times the limit), and a restart forgot them all.
-- UNLOGGED: a count is written on every post, and a logged write would wait for its WAL flush on
-- every request (the bench: 10% fewer orders/s). A crash of PostgreSQL itself empties the table and
-- a standby does not have it, which only restarts the windows.
CREATE UNLOGGED TABLE "rate_limit_counts" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "window_ends_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_counts_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "rate_limit_counts_window_ends_at_idx" ON "rate_limit_counts"("window_ends_at");
