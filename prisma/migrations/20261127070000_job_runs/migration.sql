-- Scheduled jobs (issue 14): one row per job and period, so each period runs once across processes
-- and a period missed while the bot was down is run when it starts again.

-- CreateTable
CREATE TABLE "job_runs" (
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "summary" TEXT,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job","period")
);
