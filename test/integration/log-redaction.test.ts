import pg from 'pg';
import { log } from '../../bot/log';
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
    // Each connection's loss is PostgreSQL's 57P01, or, when the socket closed first, the socket's ECONNRESET.
    const logged = lines.filter((line) => line.includes('client generated error')).map((line) => ({ line, entry: JSON.parse(line) as { error: Record<string, unknown> } }));
    expect(logged.some(({ entry }) => entry.error.code === '57P01' && /terminating connection due to administrator command/.test(String(entry.error.message)))).toBe(true);
    for (const { line, entry } of logged) {
      expect(String(entry.error.message ?? '')).not.toBe('');
      expect(line).not.toMatch(/secretKey|processID|connectionParameters|"client"/);
    }
    write(`(${logged.length} lost-connection lines checked)\n`);
  }, 60_000);
});

describe('errors in logs', () => {
  function logged(error: unknown): Record<string, unknown> {
    let line = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      line += String(chunk);
      return true;
    });
    try {
      log.error('the database does not answer', { error });
    } finally {
      spy.mockRestore();
    }
    return (JSON.parse(line) as { error: Record<string, unknown> }).error;
  }

  async function refused(host: string): Promise<Error> {
    const client = new pg.Client({ host, port: 1, user: 'postgres', database: 'postgres' });
    return client.connect().then(
      () => Promise.reject(new Error('port 1 answered')),
      (error: Error) => error,
    );
  }

  test('a connection refused on every address of a host names each address (its AggregateError has no message)', async () => {
    const error = new AggregateError([await refused('127.0.0.1'), await refused('127.0.0.2')]);
    expect(error.message).toBe('');
    expect(logged(error)).toEqual({
      name: 'AggregateError',
      errors: [
        expect.objectContaining({ message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 }),
        expect.objectContaining({ message: 'connect ECONNREFUSED 127.0.0.2:1', code: 'ECONNREFUSED', address: '127.0.0.2', port: 1 }),
      ],
    });
  });

  test('an error keeps its cause, and a cycle of causes ends', async () => {
    const outer = new Error('the price cache could not load', { cause: await refused('127.0.0.1') });
    expect(logged(outer)).toMatchObject({ message: 'the price cache could not load', cause: { code: 'ECONNREFUSED', syscall: 'connect' } });
    const cyclic = new Error('first') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(logged(cyclic)).toEqual({ name: 'Error', message: 'first', cause: { name: 'Error', message: 'first', cause: { name: 'Error', message: 'first', cause: { name: 'Error', message: 'first' } } } });
  });

  test('a field that is not JSON (a cycle, a BigInt) is written as text, not thrown from the log call', () => {
    const cyclic: Record<string, unknown> = { step: 'beat' };
    cyclic.self = cyclic;
    let line = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      line += String(chunk);
      return true;
    });
    try {
      log.warn('process registry: could not beat; retrying', { error: cyclic, count: 12n, worker: 'w1' });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(line)).toMatchObject({ msg: 'process registry: could not beat; retrying', error: '[object Object]', count: '12', worker: 'w1' });
  });
});
