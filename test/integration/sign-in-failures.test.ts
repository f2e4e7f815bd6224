import pg from 'pg';
import { survivesLostConnections } from '../../bot/db/database';
import { retriedTransactions } from '../../bot/db/sql';
import { StoredSignInFailures } from '../../bot/staff/sign-in-failures';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Failed staff sign-ins counted in PostgreSQL by several processes at once (two pools, two HTTP
// servers): none lost while another waits for the account's row, at most the limit reach the
// password check, and pruning stale rows neither crashes an attempt nor deadlocks (a reviewer's cases).

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WINDOW = 15 * 60_000;

/** A pool whose connections stall `ms` after BEGIN (a slow process: GC pause, network, busy event loop). */
function slowAfterBegin(url: string, ms: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  survivesLostConnections(pool); // as the bot's pools: the database is dropped WITH (FORCE) at the end
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
      const result = await query(...args);
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      if (text === 'BEGIN') await pause(ms);
      return result;
    };
  });
  return pool;
}

const describePg = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describePg('stored sign-in failures on postgres', () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  }, 60_000);
  afterAll(async () => {
    for (const p of pools) await p.end();
    await db?.close();
  });
  const failuresOf = async (account: string) =>
    Number((await db.pool.query<{ n: number }>(`SELECT coalesce(cardinality(failed_at), 0) AS n FROM staff_sign_in_failures WHERE account = $1`, [account])).rows[0]?.n ?? 0);

  test('a failure counted by another process while this one waited for the row lock is not lost', async () => {
    const rule = { max: 2, windowMs: WINDOW };
    const slow = slowAfterBegin(db.url, 300);
    pools.push(slow);
    const processA = new StoredSignInFailures(slow, rule); // began first, reaches the row later
    const processB = new StoredSignInFailures(db.pool, rule);
    const account = 'victim@esimhub.test';
    const a = processA.attempt(account);
    await pause(50);
    const b = processB.attempt(account); // begins 50 ms later, counts first
    expect(await b).toBe(0);
    expect(await a).toBe(0);
    // Two attempts reached the password check: two failures must be on record, and a third refused.
    expect(await failuresOf(account)).toBe(2);
    expect(await processB.attempt(account)).toBeGreaterThan(0);
  });

  test('many concurrent guesses from two processes: at most `max` reach the password check', async () => {
    const rule = { max: 3, windowMs: WINDOW };
    const other = new pg.Pool({ connectionString: db.url, max: 20 });
    survivesLostConnections(other);
    pools.push(other);
    const servers = [new StoredSignInFailures(db.pool, rule), new StoredSignInFailures(other, rule)];
    let worst = 0;
    for (let round = 0; round < 10; round += 1) {
      const account = `burst${round}@esimhub.test`;
      const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => servers[i % 2]!.attempt(account)));
      worst = Math.max(worst, waits.filter((w) => w === 0).length);
    }
    expect(worst).toBeLessThanOrEqual(3);
  });

  test('an attempt on an account whose stale row is pruned by a concurrent attempt: no crash', async () => {
    const rule = { max: 5, windowMs: WINDOW };
    const failures = new StoredSignInFailures(db.pool, rule);
    const account = 'stale@esimhub.test';
    await db.pool.query(`INSERT INTO staff_sign_in_failures (account, failed_at, updated_at) VALUES ($1, ARRAY[now() - interval '1 hour']::timestamptz[], now() - interval '1 hour')`, [account]);
    // Another process's attempt (any account) prunes the stale row: its transaction is open here.
    const pruner = new pg.Client({ connectionString: db.url });
    await pruner.connect();
    try {
      await pruner.query('BEGIN');
      await pruner.query(`DELETE FROM staff_sign_in_failures WHERE account IN (SELECT account FROM staff_sign_in_failures WHERE updated_at < now() - $1::int * interval '1 millisecond' LIMIT 100)`, [WINDOW]);
      const attempt = failures.attempt(account).then((wait) => ({ wait }), (error: Error) => ({ error: error.message }));
      await pause(200);
      await pruner.query('COMMIT');
      expect(await attempt).toEqual({ wait: 0 });
    } finally {
      await pruner.end();
    }
  });
});

describePg('pruning under concurrency on postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres', { poolMax: 40 });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  test('attempts on 40 accounts whose rows went stale, at once: none fails, none deadlocks', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => `old${i}@esimhub.test`);
    await db.pool.query(`INSERT INTO staff_sign_in_failures (account, failed_at, updated_at) SELECT a, ARRAY[now() - interval '1 hour']::timestamptz[], now() - interval '1 hour' FROM unnest($1::text[]) a`, [accounts]);
    const failures = new StoredSignInFailures(db.pool, { max: 5, windowMs: WINDOW });
    const retriedBefore = retriedTransactions.count;
    const started = Date.now();
    const all = Promise.all(accounts.map((a) => failures.attempt(a).then(() => 'ok', (e: Error & { code?: string }) => e.code ?? e.message)));
    const results = await Promise.race([all, pause(15_000).then(() => ['still waiting after 15 s'])]);
    const retried = retriedTransactions.count - retriedBefore;
   
    // /staff/login), or the prunes deadlock each other (40P01 once per deadlock_timeout) and the 40
    // sign-ins are still queued after minutes.
    expect({ errors: results.filter((r) => r !== 'ok'), retried, slow: Date.now() - started > 5_000 }).toEqual({ errors: [], retried: 0, slow: false });
    // End the convoy (the sessions of this test database only) so that the file finishes.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    await admin.end();
    await all.catch(() => undefined);
  }, 120_000);
});

describePg('staff sign-in over HTTP on postgres, two servers', () => {
  let db: TestDatabase;
  const servers: BotHarness[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres', { seed: true });
    for (let i = 0; i < 5; i += 1) await addStaffUser(db, { email: `ivy${i}@esimhub.test`, password: `right password of ivy ${i}` });
    for (let i = 0; i < 2; i += 1) servers.push(await BotHarness.start(db, { env: { STAFF_LOGIN_FAILURES_PER_ACCOUNT: '3', STAFF_LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } }));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.close();
  });

  test('20 simultaneous guesses split over two servers: only 3 reach the password check (401)', async () => {
    const counts: number[] = [];
    for (let n = 0; n < 5; n += 1) {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${servers[i % 2]!.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `ivy${n}@esimhub.test`, password: `guess ${i}` }) }).then((r) => r.status),
        ),
      );
      counts.push(statuses.filter((s) => s === 401).length);
    }
    expect(counts).toEqual([3, 3, 3, 3, 3]);
  }, 60_000);
});
