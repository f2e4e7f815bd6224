import cron, { type ScheduledTask } from 'node-cron';
import type pg from 'pg';
import { log } from '../log';
import { runDueJob, type JobOutcome, type ScheduledJob } from './run-job';

// The clock of the bot: node-cron wakes each job at its minute (UTC), and at start every job runs
// once so that what was missed while the bot was down is done now. Several bot processes may run
// this; run-job lets one of them do each period.

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private running = new Map<string, Promise<JobOutcome>>();
  /** Jobs run one after another in a process: each holds a pooled connection for its lock while its work needs others (PGlite's pool is small). */
  private line: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly jobs: readonly ScheduledJob[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Schedules every job and starts the catch-up run; resolves when the catch-up is done. */
  async start(): Promise<JobOutcome[]> {
    for (const job of this.jobs) {
      this.tasks.push(cron.schedule(job.cron, () => this.run(job), { timezone: 'Etc/UTC', name: `esim-hub:${job.name}`, noOverlap: true }));
    }
    return Promise.all(this.jobs.map((job) => this.run(job)));
  }

  /** Runs a job now (one run at a time per job in this process; other processes are kept out by the lock). */
  run(job: ScheduledJob): Promise<JobOutcome> {
    const busy = this.running.get(job.name);
    if (busy) return busy;
    const started = this.line
      .then(() => runDueJob(this.pool, job, this.now()))
      .catch((error: unknown): JobOutcome => {
        log.error(`scheduled ${job.name} could not run: ${String(error)}`, { alert: 'staff' });
        return { job: job.name, busy: false, ran: [], failed: { period: '', error: String(error) } };
      })
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, started);
    this.line = started;
    return started;
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.destroy();
    this.tasks = [];
    await Promise.all(this.running.values());
  }
}
