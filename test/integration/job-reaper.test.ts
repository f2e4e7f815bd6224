import { makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import { installJobQueue } from '../../bot/jobs/job-queue';
import { requeueSpentMessageJobs } from '../../bot/jobs/enqueue-leftovers';
import { reapDeadWorkers } from '../../bot/jobs/process-registry';
import { ownedPools } from '../support/owned-pools';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// What a process taken for dead leaves behind, with graphile-worker's own runners on PostgreSQL:
// its job is released and taken by another worker, and then the first finishes it anyway. Found by
// the crash harness (conversations stalled until every process restarted).

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describeOnPostgres('the job reaper (bot/jobs/process-registry.ts)', () => {
  let db: TestDatabase;
  let utils: WorkerUtils;
  const runners: Runner[] = [];
  const pools = ownedPools(() => db.url);
  const ownPool = pools.pool;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await installJobQueue(db.url);
    utils = await makeWorkerUtils({ pgPool: ownPool() });
  }, 60_000);

  afterAll(async () => {
    for (const runner of runners) await runner.stop().catch(() => undefined);
    await utils?.release();
    await pools.endAll();
    await db?.close();
  });

  test('a conversation queue left locked after a released job was finished twice runs its next message once reaped', async () => {
    const first = gate();
    const second = gate();
    const started: string[] = [];
    const ran: string[] = [];
    const runner = (name: string, finish: Promise<void>) =>
      run({
        pgPool: ownPool(),
        concurrency: 1,
        pollInterval: 100,
        noHandleSignals: true,
        taskList: {
          process_message: async (payload) => {
            const { n } = payload as { n: number };
            started.push(`${name}:${n}`);
            if (n === 1) await finish;
            ran.push(`${name}:${n}`);
          },
        },
      });
    await utils.addJob('process_message', { n: 1 }, { queueName: 'conversation:7', jobKey: 'message:1' });
    const a = await runner('a', first.opened);
    runners.push(a);
    await until(async () => started.includes('a:1') || undefined, 'runner a working message 1', 10_000);

    // Runner a's process is taken for dead: its worker is released (as reapDeadWorkers does), and b takes the job.
    const [{ locked_by: workerA }] = (await db.pool.query<{ locked_by: string }>(`SELECT locked_by FROM graphile_worker.jobs WHERE key = 'message:1'`)).rows as [{ locked_by: string }];
    await db.pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [[workerA]]);
    const b = await runner('b', second.opened);
    runners.push(b);
    await until(async () => started.includes('b:1') || undefined, 'runner b working message 1', 10_000);

    // a finishes after all (its completion deletes the job b holds), then b finishes: the queue stays locked by b.
    first.open();
    await until(async () => ran.includes('a:1') || undefined, 'runner a done', 10_000);
    second.open();
    await until(async () => ran.includes('b:1') || undefined, 'runner b done', 10_000);
    await utils.addJob('process_message', { n: 2 }, { queueName: 'conversation:7', jobKey: 'message:2' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(started.filter((s) => s.endsWith(':2'))).toEqual([]); // stalled: graphile frees it only after 4 hours
    const { rows: locked } = await db.pool.query(`SELECT locked_by FROM graphile_worker._private_job_queues WHERE queue_name = 'conversation:7'`);
    expect(locked[0].locked_by).not.toBeNull();

    const client = await db.pool.connect();
    try {
      const released = await reapDeadWorkers(client, 500);
      expect(released.queues).toEqual(['conversation:7']);
    } finally {
      client.release();
    }
    await until(async () => ran.some((s) => s.endsWith(':2')) || undefined, 'message 2 run after the reap', 10_000);
    expect(ran.filter((s) => s.endsWith(':2'))).toHaveLength(1);
  }, 60_000);

  test('a queue whose holder is still working its job is left alone', async () => {
    const hold = gate();
    let working = false;
    const runner = await run({
      pgPool: ownPool(),
      concurrency: 1,
      pollInterval: 100,
      noHandleSignals: true,
      taskList: {
        slow: async () => {
          working = true;
          await hold.opened;
        },
      },
    });
    runners.push(runner);
    await utils.addJob('slow', {}, { queueName: 'order:9' });
    await until(async () => working || undefined, 'the slow job working', 10_000);
    // Its process is alive: it beats, naming the worker.
    const { rows } = await db.pool.query<{ locked_by: string }>(`SELECT locked_by FROM graphile_worker.jobs WHERE task_identifier = 'slow'`);
    await db.pool.query(`INSERT INTO bot_processes (id, host, pid, worker_ids, takeover_ms) VALUES ('alive', 'test', 1, $1, 60000)`, [[rows[0]!.locked_by]]);
    await new Promise((r) => setTimeout(r, 800));
    const client = await db.pool.connect();
    try {
      const released = await reapDeadWorkers(client, 500);
      expect(released).toEqual({ processes: [], workers: [], queues: [], spentMessageJobs: 0, leases: 0 });
    } finally {
      client.release();
      hold.open();
    }
  }, 30_000);

  test('a message whose job used up its tries unanswered (its process killed on the last one) is queued afresh; an answered one\'s job goes, a held one stays', async () => {
    // No runner takes the jobs here: what the reaper leaves is read as it left it.
    for (const runner of runners.splice(0)) await runner.stop();
    const setup = await db.pool.connect();
    const ids: string[] = [];
    try {
      await setup.query('BEGIN');
      const { rows: [conversation] } = await setup.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key) VALUES ('web', 'web:+6281234567880') RETURNING id`);
      for (const text of ['answered', 'stranded', 'held']) {
        const { rows } = await setup.query<{ id: string }>(
          `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, received_at) VALUES ($1, 'inbound', 'web', $2, '+6281234567880', $3, now()) RETURNING id`,
          [conversation!.id, `spent-${text}`, text],
        );
        ids.push(rows[0]!.id);
      }
      await setup.query(`UPDATE messages SET processed_at = now() WHERE id = $1`, [ids[0]]);
      // Each job's tries used up, as graphile-worker leaves a job released on its last try; one still held by a live worker.
      await setup.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts WHERE key = ANY ($1::text[])`, [ids.map((id) => `message:${id}`)]);
      await setup.query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'a-live-worker' WHERE key = $1`, [`message:${ids[2]}`]);
      await setup.query('COMMIT');
    } finally {
      setup.release();
    }
    const [answered, stranded, held] = ids.map((id) => `message:${id}`) as [string, string, string];
    const jobOf = async (key: string) => (await db.pool.query<{ attempts: number; max_attempts: number }>(`SELECT attempts, max_attempts FROM graphile_worker.jobs WHERE key = $1`, [key])).rows[0];
    const client = await db.pool.connect();
    try {
      expect((await reapDeadWorkers(client, 60_000)).spentMessageJobs).toBe(1);
      expect(await jobOf(stranded)).toEqual({ attempts: 0, max_attempts: 10 });
      expect(await jobOf(answered)).toBeUndefined();
      expect(await jobOf(held)).toEqual({ attempts: 10, max_attempts: 10 });
      expect((await reapDeadWorkers(client, 60_000)).spentMessageJobs).toBe(0);
    } finally {
      client.release();
    }
  }, 30_000);

  test('two processes reaping at the same moment queue a spent message once, and leave no dead job behind', async () => {
    const setup = await db.pool.connect();
    let id: string;
    try {
      await setup.query('BEGIN');
      const { rows: [conversation] } = await setup.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key) VALUES ('web', 'web:+6281234567881') RETURNING id`);
      const { rows } = await setup.query<{ id: string }>(
        `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, received_at) VALUES ($1, 'inbound', 'web', 'spent-twice', '+6281234567881', 'hello', now()) RETURNING id`,
        [conversation!.id],
      );
      id = rows[0]!.id;
      await setup.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts WHERE key = $1`, [`message:${id}`]);
      await setup.query('COMMIT');
    } finally {
      setup.release();
    }
    const [one, two] = [await db.pool.connect(), await db.pool.connect()];
    try {
      const requeued = await Promise.all([requeueSpentMessageJobs(one), requeueSpentMessageJobs(two)]);
      expect(requeued[0] + requeued[1]).toBe(1);
    } finally {
      one.release();
      two.release();
    }
    const { rows: jobs } = await db.pool.query(`SELECT key, attempts, max_attempts FROM graphile_worker.jobs WHERE queue_name = 'conversation:' || (SELECT conversation_id FROM messages WHERE id = $1)`, [id]);
    expect(jobs).toEqual([{ key: `message:${id}`, attempts: 0, max_attempts: 10 }]);
  }, 30_000);
});
