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
  /** A worker died: its jobs are released here, it is no longer this process's. */
  onWorkerGone: (workerId: string) => void;
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

/** A graphile-worker runner with its own pool, and which of its workers are still alive. */
interface Crew {
  runner: Runner;
  pool: pg.Pool;
  alive: Set<string>;
}

/**
 * The workers of this process. A worker whose connection fails while it releases a job dies
 * (graphile-worker: "committing seppuku"), and its job stays locked under its id, which this
 * process's beat keeps alive. Once the database answers, the dead workers' jobs are released (they
 * run again, here or elsewhere; every job is keyed) and as many new workers start, in a runner of
 * their own: the workers still alive keep their jobs (stopping their runner would hand those back
 * after 2 s while the work went on here). A runner whose workers have all died is stopped.
 * Before, the process exited and waited for its supervisor; a failover stopped every process at once.
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  // For the sweep and the release of dead workers' jobs; each runner has its own pool (its workers and its LISTEN).
  const control = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  survivesLostConnections(control);
  const crews = new Set<Crew>();
  const deadWorkers: string[] = [];
  let stopping = false;
  let replacing: Promise<void> | null = null;
  let interruptWait: (() => void) | null = null;

  async function startCrew(size: number): Promise<Crew> {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: size + 1 });
    survivesLostConnections(pool);
    const crew: Crew = { runner: null as unknown as Runner, pool, alive: new Set() };
    const events: WorkerEvents = new EventEmitter();
    events.on('worker:create', ({ worker }) => {
      crew.alive.add(worker.workerId);
      options.onWorker(worker.workerId);
    });
    events.on('worker:fatalError', ({ worker, error }) => workerDied(crew, worker.workerId, error));
    events.on('job:error', ({ job, error }) =>
      log.warn('a job failed; it is tried again with backoff', { task: job.task_identifier, job: job.id, attempt: job.attempts, of: job.max_attempts, error }),
    );
    try {
      crew.runner = await run({
        pgPool: pool,
        concurrency: size,
        noHandleSignals: true,
        pollInterval: 1000,
        taskList: options.tasks,
        events,
        logger: quietLogger(),
        // The process stops within 5 seconds of SIGTERM: a job still running after 2 s is handed back (bot/jobs/tasks.ts).
        gracefulShutdownAbortTimeout: 2000,
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    if (stopping) {
      // Started by a replacement that outlasted stop()'s wait: stop() no longer sees it.
      await retire(crew);
      return crew;
    }
    crews.add(crew);
    return crew;
  }

  function workerDied(crew: Crew, workerId: string, error: unknown): void {
    crew.alive.delete(workerId);
    options.onWorkerGone(workerId);
    deadWorkers.push(workerId);
    log.error('a job worker died (its database connection failed while it released a job): its job is released and a new worker started', { worker: workerId, error });
    if (crew.alive.size === 0 && crews.delete(crew)) void retire(crew); // no job runs there: stopping it hands nothing back
    replacing ??= replaceDead().finally(() => (replacing = null));
  }

  async function retire(crew: Crew): Promise<void> {
    await crew.runner.stop().catch((error: unknown) => log.warn('job queue: stopping a runner was not clean', { error }));
    await crew.pool.end().catch(() => undefined);
  }

  async function replaceDead(): Promise<void> {
    for (let attempt = 0; !stopping && deadWorkers.length > 0; ) {
      const dead = deadWorkers.splice(0);
      try {
        await control.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
        if (stopping) return;
        await startCrew(dead.length);
        log.info('job queue: dead workers replaced', { released: dead });
        attempt = 0;
      } catch (error) {
        deadWorkers.unshift(...dead);
        if (stopping) return;
        const waitMs = RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length - 1)]!;
        attempt += 1;
        log.warn(`job queue: the database does not answer; trying again in ${waitMs} ms`, { error });
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

  await startCrew(options.concurrency);
  const sweep = setInterval(
    () => void control.query('SELECT esim_hub_sweep_job_queues()').catch((error) => log.warn('job queue: sweeping emptied queues failed; tried again shortly', { error })),
    SWEEP_QUEUES_MS,
  );
  sweep.unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(sweep);
      interruptWait?.();
      // A replacement under way gets a moment (it may be waiting on a database that does not answer).
      await Promise.race([replacing, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await Promise.all(
        [...crews].map(async (crew) => {
          try {
            await crew.runner.stop();
          } catch (error) {
            log.warn('job queue: stopping was not clean; unfinished jobs are retried by another process', { error });
          }
          await crew.pool.end().catch(() => undefined);
        }),
      );
      crews.clear();
      await control.end().catch(() => undefined);
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
