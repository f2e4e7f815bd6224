import pg from 'pg';
import { installJobQueue, startJobQueue } from '../../bot/jobs/job-queue';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// A PostgreSQL connection of the job queue terminated (a failover, an operator's pg_terminate_backend)
// is logged by graphile-worker with the pg error, and pg hangs the connection's client on that
// error: its cancel key (processID, secretKey) and connection settings were written to the log.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('logs of lost database connections', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await installJobQueue(db.url);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  test("say what happened, and carry no connection's cancel key", async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const queue = await startJobQueue({ databaseUrl: db.url, concurrency: 2, tasks: {}, onWorker: () => undefined, onWorkerGone: () => undefined });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const terminated = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      expect(terminated.rowCount).toBeGreaterThan(0);
      await until(async () => lines.some((line) => line.includes('client generated error')), 'graphile-worker logged the lost connection');
    } finally {
      await admin.end();
      await queue.stop();
      spy.mockRestore();
    }
    const logged = lines.filter((line) => line.includes('client generated error'));
    for (const line of logged) {
      const entry = JSON.parse(line) as { level: string; error: Record<string, unknown> };
      expect(entry.error).toMatchObject({ code: '57P01', severity: 'FATAL' });
      expect(String(entry.error.message)).toMatch(/terminating connection due to administrator command/);
      expect(line).not.toMatch(/secretKey|processID|connectionParameters|"client"/);
    }
    write(`(${logged.length} lost-connection lines checked)\n`);
  }, 60_000);
});
