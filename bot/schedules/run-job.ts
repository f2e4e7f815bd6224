import type pg from 'pg';
import { duePeriods, type Cadence } from '../../domain/schedules/due-periods';
import { poolSql } from '../db/sql';
import { log } from '../log';
import { failPeriod, finishPeriod, lastFinishedPeriod, startPeriod } from './job-runs';

// One scheduled job run for whatever periods are due, by one process at a time: a PostgreSQL
// advisory lock (session level, on a connection held for the run) is taken with try-lock, so a
// second process that wakes at the same minute finds it taken and leaves the work to the first.
// Every period is idempotent besides (a statement per reseller and month exists once), so even a
// run that dies half way is simply run again.

export interface ScheduledJob {
  name: string;
  /** node-cron expression, UTC. */
  cron: string;
  cadence: Cadence;
  /** At most this many missed periods are caught up. */
  maxBack: number;
  /** Does the period's work; returns what it did, in a line (kept in job_runs, logged). */
  run(period: string, now: Date): Promise<string>;
}

export type JobOutcome = { job: string; busy: true } | { job: string; busy: false; ran: { period: string; summary: string }[]; failed: { period: string; error: string } | null };

export async function runDueJob(pool: pg.Pool, job: ScheduledJob, now: Date): Promise<JobOutcome> {
  const client = await pool.connect();
  const lockKey = `esim-hub:job:${job.name}`;
  let lost: Error | undefined;
  // The lock lives as long as its connection, idle for the run: one cut meanwhile (a failover, an
  // idle timeout) frees it for another process, so each period starts only while it still answers.
  // A cut during a period's own work is not seen until the next: another process may then run that
  // period at the same time, which its idempotency (above) makes harmless, not impossible.
  const lockHeld = () =>
    client.query('SELECT 1').then(
      () => true,
      (error: unknown) => {
        lost = error instanceof Error ? error : new Error(String(error));
        return false;
      },
    );
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
    if (!rows[0]?.locked) return { job: job.name, busy: true };
    try {
      return await runPeriods(pool, job, now, lockHeld);
    } finally {
      if (!lost) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    }
  } finally {
    client.release(lost); // a connection that failed is closed, not pooled
  }
}

async function runPeriods(pool: pg.Pool, job: ScheduledJob, now: Date, lockHeld: () => Promise<boolean>): Promise<JobOutcome> {
  const sql = poolSql(pool);
  const housekeeping = job.cadence === 'every_tick';
  const due = duePeriods(job.cadence, housekeeping ? null : await lastFinishedPeriod(sql, job.name), now, job.maxBack);
  const ran: { period: string; summary: string }[] = [];
  for (const period of due) {
    if (!(await lockHeld())) {
      const error = 'the run lost its lock (its database connection closed); the next tick runs this period, once';
      log.warn(`scheduled ${job.name}: ${error}`, { period });
      return { job: job.name, busy: false, ran, failed: { period, error } };
    }
    if (!housekeeping && !(await startPeriod(sql, job.name, period))) continue;
    try {
      const summary = await job.run(period, now);
      if (!housekeeping) await finishPeriod(sql, job.name, period, summary);
      ran.push({ period, summary });
      if (!housekeeping || summary !== '') log.info(`scheduled ${job.name} ${period}: ${summary}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!housekeeping) await failPeriod(sql, job.name, period, message);
      log.error(`scheduled ${job.name} for ${period} failed; it runs again at the next tick or restart: ${message}`, { alert: 'staff' });
      // Later periods wait: a statement month is not skipped over a failed one.
      return { job: job.name, busy: false, ran, failed: { period, error: message } };
    }
  }
  return { job: job.name, busy: false, ran, failed: null };
}
