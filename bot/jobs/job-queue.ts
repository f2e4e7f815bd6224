import { EventEmitter } from 'node:events';
import pg from 'pg';
import { Logger, run, runMigrations, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { log } from '../log';
import { survivesLostConnections } from '../db/database';

// The work queue of bot processes that share one PostgreSQL: graphile-worker (chosen over pg-boss
// for LISTEN/NOTIFY pick-up in milliseconds rather than polling, and named queues that run the
// jobs of one conversation one at a time, in order). Jobs are added by database triggers in the
// transaction that causes them (prisma/migrations/20261127200000_job_queue), so none is lost
// between a commit and an enqueue. Jobs of a process that died are released by ProcessRegistry.

export interface JobQueueOptions {
  databaseUrl: string;
  concurrency: number;
  tasks: TaskList;
  /** Told of every graphile worker this process creates (their ids mark the jobs they lock). */
  onWorker: (workerId: string) => void;
}

/**
 * How often emptied conversation and order queues are swept out of graphile's queue table. Often:
 * every job fetch locks every queue row there, so a thousand finished orders' queues cost each fetch
 * about a millisecond. The sweep is ours (esim_hub_sweep_job_queues, prisma/migrations/20261128200000_job_queue_sweep):
 * graphile-worker's GC_JOB_QUEUES can delete the queue of a job being added, which then never runs.
 */
const SWEEP_QUEUES_MS = 2_000;
/** Between tries to bring the workers back while the database does not answer. */
const RESTART_BACKOFF_MS = [250, 1_000, 2_000, 5_000, 10_000] as const;

export interface JobQueue {
  /** Stops taking jobs; a running job gets until `graceMs`, then it is failed back to the queue (retried elsewhere). */
  stop(): Promise<void>;
}

/** Installs or upgrades the graphile_worker schema; processes starting together take turns (its migrations take no lock of their own). */
export async function installJobQueue(databaseUrl: string): Promise<void> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('esim-hub:install-job-queue'))`);
    await runMigrations({ pgPool: pool, logger: quietLogger() });
  } finally {
    await pool.end();
    await lock.end(); // frees the lock
  }
}

/**
 * The workers of this process. A worker whose connection fails while it releases a job dies
 * (graphile-worker: "committing seppuku"), and its job stays locked under its id, which this
 * process's beat keeps alive: so the runner is restarted here, once the database answers again, and
 * the dead workers' jobs are released first (they run again, here or elsewhere; every job is keyed).
 * Before, the process exited and waited for its supervisor; a failover stopped every process at once.
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2 });
  survivesLostConnections(pool);
  const deadWorkers: string[] = [];
  let stopping = false;
  let restarting: Promise<void> | null = null;
  let interruptWait: (() => void) | null = null;
  const events: WorkerEvents = new EventEmitter();
  events.on('worker:create', ({ worker }) => options.onWorker(worker.workerId));
  events.on('worker:fatalError', ({ worker, error }) => {
    deadWorkers.push(worker.workerId);
    log.error('a job worker died (its database connection failed while it released a job): its job is released and the workers restarted', { worker: worker.workerId, error: String(error) });
    restarting ??= restart().finally(() => (restarting = null));
  });
  events.on('job:error', ({ job, error }) =>
    log.warn('a job failed; it is tried again with backoff', { task: job.task_identifier, job: job.id, attempt: job.attempts, of: job.max_attempts, error: String((error as Error)?.message ?? error) }),
  );
  const start = () =>
    run({
      pgPool: pool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList: options.tasks,
      events,
      logger: quietLogger(),
      // The process stops within 5 seconds of SIGTERM: a job still running after 2 s is handed back (bot/jobs/tasks.ts).
      gracefulShutdownAbortTimeout: 2000,
    });
  let runner: Runner | null = await start();

  async function restart(): Promise<void> {
    // The other workers finish what they hold (or hand it back after 2 s).
    await runner?.stop().catch((error: unknown) => log.warn('job queue: stopping the workers was not clean', { error: String(error) }));
    runner = null;
    for (let attempt = 0; !stopping; attempt += 1) {
      const dead = deadWorkers.splice(0);
      try {
        if (dead.length > 0) await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
        runner = await start();
        log.info('job queue: workers restarted', { released: dead });
        return;
      } catch (error) {
        deadWorkers.unshift(...dead);
        const waitMs = RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length - 1)]!;
        log.warn(`job queue: the database does not answer; trying again in ${waitMs} ms`, { error: String(error) });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          interruptWait = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        interruptWait = null;
      }
    }
  }

  const sweep = setInterval(
    () => void pool.query('SELECT esim_hub_sweep_job_queues()').catch((error) => log.warn('job queue: sweeping emptied queues failed; tried again shortly', { error: String(error) })),
    SWEEP_QUEUES_MS,
  );
  sweep.unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(sweep);
      interruptWait?.();
      await restarting;
      try {
        await runner?.stop();
      } catch (error) {
        log.warn('job queue: stopping was not clean; unfinished jobs are retried by another process', { error: String(error) });
      }
      await pool.end().catch(() => undefined);
    },
  };
}

/** graphile-worker's own lines at info level would double every job in the log: only its warnings and errors. */
function quietLogger(): Logger {
  return new Logger(() => (level, message, meta) => {
    if (level === 'error') log.error(`job queue: ${message}`, meta ?? {});
    else if (level === 'warning') log.warn(`job queue: ${message}`, meta ?? {});
  });
}
