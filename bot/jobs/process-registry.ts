import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import { log } from '../log';

// Every bot process on one PostgreSQL beats in bot_processes four times per takeover period.
// graphile-worker only releases a job locked by a worker that died after 4 hours
// (graphile/worker#222), so each process also reaps: a process whose beat is older than the
// takeover period (JOB_TAKEOVER_SECONDS, 12 s) is gone, and a job locked for longer than two beats by
// a worker no live process names is released to run again at once. A killed process's work is
// therefore taken over within about the takeover period and a beat.

export class ProcessRegistry {
  readonly id = randomUUID();
  private readonly workerIds = new Set<string>();
  private readonly channels = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  private readonly beatMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly httpUrl: () => string | null,
    private readonly deadAfterMs = 12_000,
  ) {
    this.beatMs = Math.max(250, Math.floor(deadAfterMs / 4));
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beating ??= this.beatAndReap()
        .catch((error: unknown) => log.warn('process registry: could not beat; retrying', { error: String(error) }))
        .finally(() => (this.beating = null));
    }, this.beatMs);
    this.timer.unref();
  }

  addWorker(workerId: string): void {
    this.workerIds.add(workerId);
    void this.beat().catch(() => undefined);
  }

  holdsChannel(name: string, held: boolean): void {
    if (held) this.channels.add(name);
    else this.channels.delete(name);
  }

  private async beat(): Promise<void> {
    await this.pool.query(
      `INSERT INTO bot_processes (id, host, pid, http_url, worker_ids, channels) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET beat_at = now(), http_url = EXCLUDED.http_url, worker_ids = EXCLUDED.worker_ids, channels = EXCLUDED.channels`,
      [this.id, os.hostname(), process.pid, this.httpUrl(), [...this.workerIds], [...this.channels]],
    );
  }

  private async beatAndReap(): Promise<void> {
    await this.beat();
    const released = await reapDeadWorkers(this.pool, this.deadAfterMs, 2 * this.beatMs);
    if (released.processes.length + released.workers.length > 0) log.warn('released the work of stopped bot processes', released);
  }

  /** Leaves cleanly: the row goes, so no one waits for it to go stale. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await this.pool.query('DELETE FROM bot_processes WHERE id = $1', [this.id]).catch(() => undefined);
  }
}

/** Forgets dead processes, and releases jobs and conversation queues locked by workers no live process runs. */
export async function reapDeadWorkers(pool: pg.Pool, deadAfterMs: number, lockGraceMs: number): Promise<{ processes: string[]; workers: string[] }> {
  const dead = await pool.query<{ id: string }>(`DELETE FROM bot_processes WHERE beat_at < now() - make_interval(secs => $1) RETURNING id`, [deadAfterMs / 1000]);
  const orphans = await pool.query<{ locked_by: string }>(
    `SELECT DISTINCT locked_by FROM graphile_worker.jobs
      WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM bot_processes p WHERE jobs.locked_by = ANY (p.worker_ids))`,
    [lockGraceMs / 1000],
  );
  const workers = orphans.rows.map((r) => r.locked_by);
  if (workers.length > 0) await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [workers]);
  return { processes: dead.rows.map((r) => r.id), workers };
}
