import { getEventListeners } from 'node:events';
import { installJobQueue, startJobQueue, type JobQueue } from '../../bot/jobs/job-queue';
import { handedBackOnStop } from '../../bot/jobs/tasks';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// The job queue's workers over a long life, with graphile-worker's own runner on PostgreSQL. A job
// worker whose database connection fails while it releases a job dies (graphile-worker), and its
// job stays locked under its id: the process used to exit for its supervisor; now its queue
// releases the job and restarts its workers itself. The failure here is real PostgreSQL refusing
// the completion once (a trigger), as a failover would refuse it.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('a job worker that dies releasing its job (bot/jobs/job-queue.ts)', () => {
  let db: TestDatabase;
  let queue: JobQueue | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await installJobQueue(db.url);
    // The first completion of a job marked "fail_release" fails; later ones go through (a sequence is not rolled back).
    await db.pool.query(`CREATE SEQUENCE release_failures`);
    await db.pool.query(`CREATE FUNCTION fail_first_release() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.payload->>'fail_release' = 'yes' AND nextval('release_failures') = 1 THEN RAISE EXCEPTION 'connection to the database lost (test fault)'; END IF;
        RETURN OLD;
      END $$`);
    await db.pool.query(`CREATE TRIGGER fail_first_release BEFORE DELETE ON graphile_worker._private_jobs FOR EACH ROW EXECUTE FUNCTION fail_first_release()`);
  }, 60_000);

  afterAll(async () => {
    await queue?.stop();
    await db?.close();
  });

  test('its job is released and runs again on a new worker, and the job of the worker still alive is not disturbed', async () => {
    const ran: string[] = [];
    const workers: string[] = [];
    const gone: string[] = [];
    // "slow" outlasts the 2 s after which a stopped runner hands its jobs back; "a" and "b" wait for
    // each other, so both done means two workers took jobs at once.
    let arrived = 0;
    let bothIn: () => void = () => undefined;
    const together = new Promise<void>((resolve) => (bothIn = resolve));
    queue = await startJobQueue({
      databaseUrl: db.url,
      concurrency: 2,
      tasks: {
        process_message: async (payload, helpers) => {
          const { name } = payload as { name: string };
          ran.push(name);
          if (name === 'first') return;
          // As the bot's tasks do, it gives up when its runner is stopped (bot/jobs/tasks.ts).
          if (name === 'slow') return void (await handedBackOnStop(new Promise((resolve) => setTimeout(resolve, 3_000)), helpers.abortSignal));
          arrived += 1;
          if (arrived === 2) bothIn();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([together, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the other job never started')), 5_000)))]).finally(() => clearTimeout(timer));
        },
      },
      onWorker: (id) => workers.push(id),
      onWorkerGone: (id) => gone.push(id),
    });
    await db.pool.query(`SELECT graphile_worker.add_job('process_message', '{"name": "slow"}'::json, job_key := 'slow')`);
    await until(async () => (ran.includes('slow') ? true : null), 'the slow job started', 5_000);
    await db.pool.query(`SELECT graphile_worker.add_job('process_message', '{"name": "first", "fail_release": "yes"}'::json, job_key := 'first')`);
    await until(async () => ((await db.pool.query(`SELECT id FROM graphile_worker.jobs WHERE key IN ('first', 'slow')`)).rows.length === 0 ? true : null), 'both jobs completed', 20_000);
    expect(ran).toEqual(['slow', 'first', 'first']); // first: run, release refused, worker died; released, run again, completed. slow: once
    expect(workers).toHaveLength(3); // two workers, then one in place of the dead one
    expect(gone).toHaveLength(1);
    expect(workers.slice(0, 2)).toContain(gone[0]);

    await db.pool.query(`SELECT graphile_worker.add_job('process_message', '{"name": "a"}'::json), graphile_worker.add_job('process_message', '{"name": "b"}'::json)`);
    await until(async () => ((await db.pool.query(`SELECT id FROM graphile_worker.jobs`)).rows.length === 0 ? true : null), 'jobs a and b done at once', 10_000);
    expect(ran.slice(3).sort()).toEqual(['a', 'b']);
  });

  test('a job leaves no listener on the runner\'s stop signal, which every job of the runner shares', async () => {
    await queue?.stop();
    let signal: AbortSignal | undefined;
    let done = 0;
    queue = await startJobQueue({
      databaseUrl: db.url,
      concurrency: 2,
      tasks: {
        process_message: async (_payload, helpers) => {
          signal = helpers.abortSignal;
          await handedBackOnStop(Promise.resolve(), helpers.abortSignal);
          done += 1;
        },
      },
      onWorker: () => undefined,
      onWorkerGone: () => undefined,
    });
    await db.pool.query(`SELECT graphile_worker.add_job('process_message', json_build_object('n', n)) FROM generate_series(1, 300) n`);
    await until(async () => (done === 300 ? true : null), '300 jobs done', 30_000);
    // graphile-worker's own listener or two; before, one more for every job ever run (and a MaxListenersExceededWarning).
    expect(getEventListeners(signal!, 'abort').length).toBeLessThan(5);
  });
});
