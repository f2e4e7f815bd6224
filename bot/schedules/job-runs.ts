import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// The record of scheduled runs (job_runs): one row per job and period, so a period is run once
// across processes and one missed while the bot was down is found from the last finished one.

/** The newest period of the job that finished (null: never ran). */
export async function lastFinishedPeriod(sql: Sql, job: string): Promise<string | null> {
  const [row] = await run(sql, q.selectFrom('job_runs').select((eb) => eb.fn.max('period').as('period')).where('job', '=', job).where('finished_at', 'is not', null));
  return row?.period ?? null;
}

/** Starts a period: true unless it already finished (a run that failed or died before finishing is started again). */
export async function startPeriod(sql: Sql, job: string, period: string): Promise<boolean> {
  const rows = await run(
    sql,
    q
      .insertInto('job_runs')
      .values({ job, period })
      .onConflict((oc) => oc.columns(['job', 'period']).doUpdateSet({ started_at: raw<Date>`now()`, error: null }).where('job_runs.finished_at', 'is', null))
      .returning('period'),
  );
  return rows.length === 1;
}

export async function finishPeriod(sql: Sql, job: string, period: string, summary: string): Promise<void> {
  await run(sql, q.updateTable('job_runs').set({ finished_at: raw<Date>`now()`, summary: summary.slice(0, 2000) }).where('job', '=', job).where('period', '=', period));
}

export async function failPeriod(sql: Sql, job: string, period: string, error: string): Promise<void> {
  await run(sql, q.updateTable('job_runs').set({ error: error.slice(0, 2000) }).where('job', '=', job).where('period', '=', period));
}

export async function jobRuns(sql: Sql, job: string): Promise<{ period: string; finished_at: Date | null; summary: string | null; error: string | null }[]> {
  return run(sql, q.selectFrom('job_runs').select(['period', 'finished_at', 'summary', 'error']).where('job', '=', job).orderBy('period'));
}
