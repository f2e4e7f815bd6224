import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { leaseConnectionName } from '../channels/channel-leases';
import { log } from '../log';
import { requeueSpentMessageJobs } from './enqueue-leftovers';

// Every bot process on one PostgreSQL beats in bot_processes four times per takeover period, on a
// connection of its own (a pool busy with jobs must not make a live process look dead).
// graphile-worker only releases a job locked by a worker that died after 4 hours
// (graphile/worker#222), so each process also reaps: a process whose beat is older than its own
// takeover period (JOB_TAKEOVER_SECONDS, 12 s, kept in its row) is gone, and a job locked for longer
// than that period by a worker no live process names is released to run again at once (a new
// worker is named at its process's next beat, so a shorter wait would release a live one's job). A process
// reaps only while it has itself been beating (after the database was away, everyone's beat is
// stale), and a process that finds its own row gone was taken for dead: it exits, so that its jobs
// never run twice at once, and its supervisor starts it afresh. A process taken for dead may only be
// frozen, its connections open: the reaper terminates its channel-lease connections, so that its
// advisory locks are freed and a live process takes its channel sessions over.

export class ProcessRegistry {
  readonly id = randomUUID();
  private readonly workerIds = new Set<string>();
  private readonly channels = new Set<string>();
  private readonly beatMs: number;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private lastBeat = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly httpUrl: () => string | null,
    private readonly takeoverMs = 12_000,
    private readonly takenForDead: () => void = () => process.exit(1),
  ) {
    this.beatMs = Math.max(250, Math.floor(takeoverMs / 4));
  }

  async start(): Promise<void> {
    await this.connection().then((c) =>
      c.query(`INSERT INTO bot_processes (id, host, pid, http_url, takeover_ms) VALUES ($1, $2, $3, $4, $5)`, [this.id, os.hostname(), process.pid, this.httpUrl(), this.takeoverMs]),
    );
    this.lastBeat = Date.now();
    this.timer = setInterval(() => {
      this.beating ??= this.beatAndReap()
        .catch((error: unknown) => {
          log.warn('process registry: could not beat; retrying', { error });
          void this.client?.end().catch(() => undefined);
          this.client = null;
        })
        .finally(() => (this.beating = null));
    }, this.beatMs);
    this.timer.unref();
  }

  addWorker(workerId: string): void {
    this.workerIds.add(workerId);
  }

  removeWorker(workerId: string): void {
    this.workerIds.delete(workerId);
  }

  holdsChannel(name: string, held: boolean): void {
    if (held) this.channels.add(name);
    else this.channels.delete(name);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl, query_timeout: this.beatMs * 2 });
    client.on('error', () => undefined); // the next beat finds it broken and opens another
    await client.connect();
    this.client = client;
    return client;
  }

  private async beatAndReap(): Promise<void> {
    const client = await this.connection();
    const steady = Date.now() - this.lastBeat < this.takeoverMs / 2;
    const beat = await client.query(`UPDATE bot_processes SET beat_at = now(), http_url = $2, worker_ids = $3, channels = $4 WHERE id = $1`, [
      this.id,
      this.httpUrl(),
      [...this.workerIds],
      [...this.channels],
    ]);
    if (beat.rowCount === 0) {
      log.error('this process was taken for dead by another (it did not beat in time): exiting so that its work is not done twice; restart it', { alert: 'staff' });
      this.takenForDead();
      return;
    }
    this.lastBeat = Date.now();
    if (!steady) return;
    const released = await reapDeadWorkers(client, this.takeoverMs);
    if (released.processes.length + released.workers.length + released.queues.length + released.spentMessageJobs + released.leases > 0) log.warn('released the work of stopped bot processes, or queued again messages whose job was spent', released);
  }

  /** Leaves cleanly: the row goes, so no one waits for it to go stale. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    const client = await this.connection().catch(() => null);
    await client?.query('DELETE FROM bot_processes WHERE id = $1', [this.id]).catch(() => undefined);
    await client?.end().catch(() => undefined);
    this.client = null;
  }
}

/** Forgets dead processes, releases jobs and conversation queues locked by workers no live process runs, and queues again messages whose job was spent. */
export async function reapDeadWorkers(client: pg.ClientBase, lockGraceMs: number): Promise<{ processes: string[]; workers: string[]; queues: string[]; spentMessageJobs: number; leases: number }> {
  const dead = await client.query<{ id: string }>(`DELETE FROM bot_processes WHERE beat_at < now() - make_interval(secs => takeover_ms / 1000.0) RETURNING id`);
  const orphans = await client.query<{ locked_by: string }>(
    `SELECT DISTINCT locked_by FROM graphile_worker.jobs
      WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM bot_processes p WHERE jobs.locked_by = ANY (p.worker_ids))`,
    [lockGraceMs / 1000],
  );
  const workers = orphans.rows.map((r) => r.locked_by);
  if (workers.length > 0) await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [workers]);
  // A queue locked by a worker that holds no job in it would stop its conversation for 4 hours.
  // It happens when a process taken for dead finishes a job anyway: graphile's completeJob
  // deletes the job whoever holds it, and only frees the queue when it holds the queue too, so
  // the queue stays locked by the worker that had taken the released job, whose own completion
  // then finds no job. graphile locks a queue and its job in one statement, so a queue in this
  // state for longer than the grace is not one being taken. (graphile-worker 0.16's own tables.)
  const queues = await client.query<{ queue_name: string }>(
    `UPDATE graphile_worker._private_job_queues q SET locked_at = NULL, locked_by = NULL
      WHERE q.locked_by IS NOT NULL AND q.locked_at < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id AND j.locked_by = q.locked_by)
      RETURNING q.queue_name`,
    [lockGraceMs / 1000],
  );
  return {
    processes: dead.rows.map((r) => r.id),
    workers,
    queues: queues.rows.map((r) => r.queue_name),
    spentMessageJobs: await requeueSpentMessageJobs(client),
    leases: await terminateOrphanLeases(client),
  };
}

/**
 * Lease connections of processes no longer registered (reaped just now, or before a crash of the
 * reaper): a process registers before it takes any lease, and leaves the registry after its leases.
 * Only the bot's own role's sessions (terminating another role's is an error), and after the jobs:
 * a failure here must not keep the work of dead processes locked.
 */
async function terminateOrphanLeases(client: pg.ClientBase): Promise<number> {
  try {
    const { rowCount } = await client.query(
      `SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.usename = current_user AND a.application_name LIKE $1
          AND NOT EXISTS (SELECT 1 FROM bot_processes p WHERE a.application_name = $2 || p.id::text)`,
      [`${leaseConnectionName('')}%`, leaseConnectionName('')],
    );
    return rowCount ?? 0;
  } catch (error) {
    log.warn('process registry: could not end the channel sessions of a stopped process; tried again at the next beat', { error });
    return 0;
  }
}
